// Signs in the way Keycloak's admin console does: its client, the realm's login page, PKCE. Keeps
// the admin's tokens and refreshes them; nothing else sees them.

import { ADMIN_SERVER, LOGIN_REALM, SERVER, path } from "./addresses.js";
import { h, main } from "./dom.js";

const CLIENT_ID = "security-admin-console";
const OIDC = `${SERVER}/realms/${path(LOGIN_REALM, "protocol", "openid-connect")}`;
// Inside the admin console's registered redirect URIs, and a path that serves no script, so the
// answer can be read from the frame before anything else acts on it.
const CALLBACK = `${ADMIN_SERVER}/admin/${path(LOGIN_REALM, "console", "webhooks-signed-in")}`;
const SILENT_SIGN_IN_MS = 15_000;
const SILENT_SIGN_IN_FAILED =
  "Keycloak did not complete the sign-in. Open this page on the same host name as the admin console.";

const session = { token: null, refreshToken: null, expiresAt: 0, username: "" };

export async function signIn() {
  try {
    await authorize(true);
  } catch (error) {
    if (!["login_required", "interaction_required"].includes(error.code)) {
      throw error;
    }
    await authorize(false);
  }
}

/** Runs the authorization code flow in a frame: hidden when silent, Keycloak's login page if not. */
async function authorize(silent) {
  const state = randomString(32);
  const verifier = randomString(64);
  const params = new URLSearchParams({
    client_id: CLIENT_ID,
    redirect_uri: CALLBACK,
    response_type: "code",
    response_mode: "fragment",
    scope: "openid",
    state,
    code_challenge: await challengeOf(verifier),
    code_challenge_method: "S256",
  });
  if (silent) {
    params.set("prompt", "none");
  }
  const frame = h("iframe", {
    class: silent ? "kcw-hidden" : "kcw-login-frame",
    title: "Sign in to Keycloak",
    testid: silent ? "silent-sign-in" : "sign-in",
  });
  if (silent) {
    document.body.append(frame);
  } else {
    main.replaceChildren(h("section", { class: "pf-v5-c-page__main-section kcw-login" }, frame));
  }
  const answer = await new Promise((resolve, reject) => {
    // Keycloak shows its errors (a refused redirect URI, say) as a page, which a hidden frame
    // would keep to itself.
    const giveUp = silent
      ? setTimeout(() => reject(new Error(SILENT_SIGN_IN_FAILED)), SILENT_SIGN_IN_MS)
      : null;
    frame.addEventListener("load", () => {
      let href;
      try {
        href = frame.contentWindow.location.href;
      } catch {
        return; // Another origin: Keycloak's pages are still in charge.
      }
      if (href.startsWith(CALLBACK)) {
        clearTimeout(giveUp);
        resolve(new URLSearchParams(new URL(href).hash.slice(1)));
      }
    });
    frame.src = `${OIDC}/auth?${params}`;
  }).finally(() => frame.remove());
  if (answer.get("state") !== state) {
    throw new Error("The sign-in answer does not belong to this page.");
  }
  if (answer.get("error")) {
    throw Object.assign(new Error(answer.get("error_description") || answer.get("error")), {
      code: answer.get("error"),
    });
  }
  await requestTokens({
    grant_type: "authorization_code",
    code: answer.get("code"),
    redirect_uri: CALLBACK,
    code_verifier: verifier,
  });
}

async function requestTokens(grant) {
  const response = await fetch(`${OIDC}/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ client_id: CLIENT_ID, ...grant }),
  });
  const tokens = await response.json();
  if (!response.ok) {
    throw Object.assign(new Error(tokens.error_description || "Keycloak refused the sign-in."), {
      code: tokens.error,
    });
  }
  session.token = tokens.access_token;
  session.refreshToken = tokens.refresh_token;
  session.expiresAt = Date.now() + tokens.expires_in * 1000;
  // The admin console's access tokens are lightweight; the name is in the ID token.
  if (tokens.id_token) {
    session.username = claims(tokens.id_token).preferred_username;
  }
}

export async function currentToken() {
  if (Date.now() < session.expiresAt - 10_000) {
    return session.token;
  }
  try {
    await requestTokens({ grant_type: "refresh_token", refresh_token: session.refreshToken });
  } catch {
    await signIn();
  }
  return session.token;
}

export function isSignedIn() {
  return Boolean(session.token);
}

export function username() {
  return session.username;
}

/** Ends the admin's session at Keycloak and forgets its tokens. */
export async function signOut() {
  await fetch(`${OIDC}/logout`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ client_id: CLIENT_ID, refresh_token: session.refreshToken }),
  });
  session.token = null;
}

function claims(token) {
  const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(part), (c) => c.charCodeAt(0))));
}

function randomString(length) {
  // 64 characters PKCE allows, so that every random byte maps to one without bias.
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  return Array.from(crypto.getRandomValues(new Uint8Array(length)), (b) => alphabet[b % 64]).join(
    "",
  );
}

async function challengeOf(verifier) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return btoa(String.fromCharCode(...new Uint8Array(digest)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}
