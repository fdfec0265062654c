// The webhooks admin page. It signs in the way Keycloak's admin console does (its client, the
// realm's login page, PKCE) and then only calls the webhooks API and the admin API's realm list
// with the admin's own token, so it can show and do exactly what that admin may.

import { ADMIN_SERVER, LOGIN_REALM, addressed, link, path } from "./addresses.js";
import { api } from "./api.js";
import { alert, section } from "./components.js";
import { deliveriesPage } from "./deliveries.js";
import { h, main } from "./dom.js";
import { isSignedIn, signIn, signOut, username } from "./signin.js";
import { editPage } from "./webhook-form.js";
import { listPage } from "./webhook-list.js";

const routes = [
  [/^#\/([^/]+)\/webhooks\/new$/, (realm) => editPage(realm, null)],
  [/^#\/([^/]+)\/webhooks\/([^/]+)\/deliveries$/, deliveriesPage],
  [/^#\/([^/]+)\/webhooks\/([^/]+)$/, editPage],
  [/^#\/([^/]+)\/webhooks$/, listPage],
];

function pageError(title, message) {
  main.replaceChildren(section(alert("danger", title, message, { testid: "page-error" })));
}

async function route() {
  for (const [pattern, page] of routes) {
    const match = location.hash.match(pattern);
    if (match) {
      let args;
      try {
        args = addressed(match.slice(1));
      } catch (error) {
        pageError("This address names no page here.", error.message);
        return;
      }
      document.getElementById("realm").value = args[0];
      try {
        await page(...args);
      } catch (error) {
        pageError("This page could not be loaded.", error.message);
      }
      return;
    }
  }
  location.replace(link(LOGIN_REALM));
}

async function showAccount() {
  document.getElementById("username").textContent = username();
  let realms;
  try {
    realms = (await api.realms()).map((realm) => realm.realm);
  } catch {
    realms = [LOGIN_REALM];
  }
  document
    .getElementById("realm")
    .replaceChildren(...realms.map((name) => h("option", { value: name }, name)));
  document.getElementById("account").hidden = false;
}

async function start() {
  try {
    await signIn();
  } catch (error) {
    main.replaceChildren(
      section(alert("danger", "Sign-in failed.", error.message, { testid: "page-error" })),
    );
    return;
  }
  await showAccount();
  await route();
}

document.getElementById("console-link").href =
  `${ADMIN_SERVER}/admin/${path(LOGIN_REALM, "console")}/`;
document.getElementById("realm").addEventListener("change", (event) => {
  location.hash = link(event.target.value);
});
document.getElementById("sign-out").addEventListener("click", async () => {
  await signOut();
  document.getElementById("account").hidden = true;
  await start();
});
window.addEventListener("hashchange", () => isSignedIn() && route());
start();
