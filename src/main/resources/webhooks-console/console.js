// The webhooks admin page. It signs in the way Keycloak's admin console does (its client, the
// realm's login page, PKCE) and then only calls the webhooks API and the admin API's realm list
// with the admin's own token, so it can show and do exactly what that admin may.

const config = document.body.dataset;
const LOGIN_REALM = config.realm;
const SERVER = config.server;
const ADMIN_SERVER = config.adminServer;
const CLIENT_ID = "security-admin-console";
const OIDC = `${SERVER}/realms/${path(LOGIN_REALM, "protocol", "openid-connect")}`;
// Inside the admin console's registered redirect URIs, and a path that serves no script, so the
// answer can be read from the frame before anything else acts on it.
const CALLBACK = `${ADMIN_SERVER}/admin/${path(LOGIN_REALM, "console", "webhooks-signed-in")}`;
const PAGE_SIZE = 20;
const SILENT_SIGN_IN_MS = 15_000;
const SILENT_SIGN_IN_FAILED =
  "Keycloak did not complete the sign-in. Open this page on the same host name as the admin console.";

const main = document.getElementById("main");

/**
 * URL path segments, each encoded, so that no name or id can add a segment, a query or a
 * fragment. URLs read "." and ".." as steps up even when encoded, so those never pass.
 */
function path(...segments) {
  return segments
    .map((segment) => {
      const text = String(segment);
      if (text === "" || text === "." || text === "..") {
        throw new Error(`"${text}" cannot be part of an address.`);
      }
      return encodeURIComponent(text);
    })
    .join("/");
}

const session = { token: null, refreshToken: null, expiresAt: 0, username: "" };

// ---------------------------------------------------------------------------------------------
// Sign-in

async function signIn() {
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

async function currentToken() {
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

async function signOut() {
  await fetch(`${OIDC}/logout`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ client_id: CLIENT_ID, refresh_token: session.refreshToken }),
  });
  session.token = null;
  document.getElementById("account").hidden = true;
  await start();
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

// ---------------------------------------------------------------------------------------------
// API

async function call(method, url, body) {
  const headers = { Authorization: `Bearer ${await currentToken()}` };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
  }
  const response = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const reason = data && (data.error || data.errorMessage);
    throw new Error(reason || `${response.status} ${response.statusText}`);
  }
  return data;
}

const hooksUrl = (realm, ...rest) => `${SERVER}/realms/${path(realm, "webhooks", ...rest)}`;
const api = {
  realms: () => call("GET", `${ADMIN_SERVER}/admin/realms?briefRepresentation=true`),
  list: (realm) => call("GET", hooksUrl(realm)),
  get: (realm, id) => call("GET", hooksUrl(realm, id)),
  create: (realm, hook) => call("POST", hooksUrl(realm), hook),
  update: (realm, id, hook) => call("PUT", hooksUrl(realm, id), hook),
  remove: (realm, id) => call("DELETE", hooksUrl(realm, id)),
  test: (realm, id) => call("POST", hooksUrl(realm, id, "test")),
  deliveries: (realm, id, query) =>
    call("GET", `${hooksUrl(realm, id, "deliveries")}?${new URLSearchParams(query)}`),
  delivery: (realm, id, deliveryId) => call("GET", hooksUrl(realm, id, "deliveries", deliveryId)),
  replay: (realm, id, since) =>
    call("POST", `${hooksUrl(realm, id, "replay")}?${new URLSearchParams({ since })}`),
  resend: (realm, id, deliveryId) =>
    call("POST", hooksUrl(realm, id, "deliveries", deliveryId, "resend")),
};

// ---------------------------------------------------------------------------------------------
// Building blocks, in PatternFly 5 markup as the admin console uses it. Text always goes in as
// text nodes, never as HTML, so nothing a webhook or a receiver returns can inject markup.

function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") element.className = value;
    else if (key === "testid") element.dataset.testid = value;
    else if (key.startsWith("on")) element.addEventListener(key.slice(2), value);
    else if (key === "value") element.value = value;
    else element.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

function button(label, variant, onclick, props = {}) {
  return h(
    "button",
    { class: `pf-v5-c-button pf-m-${variant}`, type: "button", onclick, ...props },
    label,
  );
}

function section(...children) {
  return h("section", { class: "pf-v5-c-page__main-section pf-m-light" }, ...children);
}

function pageHeader(title, description, crumbs = []) {
  return section(
    crumbs.length === 0
      ? null
      : h(
          "nav",
          { class: "pf-v5-c-breadcrumb", "aria-label": "Breadcrumb" },
          h(
            "ol",
            { class: "pf-v5-c-breadcrumb__list" },
            crumbs.map(([label, href]) =>
              h(
                "li",
                { class: "pf-v5-c-breadcrumb__item" },
                h("span", { class: "pf-v5-c-breadcrumb__item-divider" }, "›"),
                href ? h("a", { class: "pf-v5-c-breadcrumb__link", href }, label) : label,
              ),
            ),
          ),
        ),
    h("h1", { class: "pf-v5-c-title pf-m-2xl", testid: "page-title" }, title),
    description ? h("p", { class: "pf-v5-c-content kcw-description" }, description) : null,
  );
}

function label(text, color) {
  return h(
    "span",
    { class: `pf-v5-c-label pf-m-${color}`, testid: "label" },
    h("span", { class: "pf-v5-c-label__content" }, text),
  );
}

function alert(variant, title, description, props = {}) {
  return h(
    "div",
    { class: `pf-v5-c-alert pf-m-${variant} pf-m-inline`, role: "alert", ...props },
    h("p", { class: "pf-v5-c-alert__title" }, title),
    description ? h("div", { class: "pf-v5-c-alert__description" }, description) : null,
  );
}

function toast(variant, title, description) {
  const item = h(
    "li",
    { class: "pf-v5-c-alert-group__item" },
    alert(variant, title, description, { testid: "toast" }),
  );
  item.querySelector(".pf-v5-c-alert").append(
    h(
      "div",
      { class: "pf-v5-c-alert__action" },
      button("×", "plain", () => item.remove(), { "aria-label": `Close ${title}` }),
    ),
  );
  const toasts = document.getElementById("toasts");
  toasts.append(item);
  // A few at a time, each for a few seconds: enough to read, never a wall over the page.
  while (toasts.children.length > 3) toasts.firstElementChild.remove();
  setTimeout(() => item.remove(), 6000);
}

function table(testid, headers, rows) {
  return h(
    "table",
    { class: "pf-v5-c-table pf-m-grid-md pf-m-compact", role: "grid", testid },
    h(
      "thead",
      { class: "pf-v5-c-table__thead" },
      h(
        "tr",
        { class: "pf-v5-c-table__tr" },
        headers.map((header) => h("th", { class: "pf-v5-c-table__th", scope: "col" }, header)),
      ),
    ),
    h("tbody", { class: "pf-v5-c-table__tbody" }, rows),
  );
}

function row(props, cells) {
  return h(
    "tr",
    { class: "pf-v5-c-table__tr", ...props },
    cells.map(([header, content]) =>
      h("td", { class: "pf-v5-c-table__td", "data-label": header }, content),
    ),
  );
}

function emptyState(title, body, action) {
  return h(
    "div",
    { class: "pf-v5-c-empty-state", testid: "empty-state" },
    h(
      "div",
      { class: "pf-v5-c-empty-state__content" },
      h(
        "div",
        { class: "pf-v5-c-empty-state__header" },
        h("h2", { class: "pf-v5-c-title pf-m-lg" }, title),
      ),
      h("div", { class: "pf-v5-c-empty-state__body" }, body),
      action ? h("div", { class: "pf-v5-c-empty-state__footer" }, action) : null,
    ),
  );
}

/** A modal with one action; answers whether the action was chosen. */
function confirm(title, message, action, variant = "danger") {
  return new Promise((resolve) => {
    const close = (answer) => {
      backdrop.remove();
      resolve(answer);
    };
    const backdrop = h(
      "div",
      { class: "pf-v5-c-backdrop" },
      h(
        "div",
        { class: "pf-v5-l-bullseye" },
        h(
          "div",
          {
            class: "pf-v5-c-modal-box pf-m-sm",
            role: "dialog",
            "aria-modal": "true",
            testid: "confirm",
          },
          h(
            "header",
            { class: "pf-v5-c-modal-box__header" },
            h("h1", { class: "pf-v5-c-modal-box__title" }, title),
          ),
          h("div", { class: "pf-v5-c-modal-box__body" }, message),
          h(
            "footer",
            { class: "pf-v5-c-modal-box__footer" },
            button(action, variant, () => close(true), { testid: "confirm-action" }),
            button("Cancel", "link", () => close(false)),
          ),
        ),
      ),
    );
    document.body.append(backdrop);
  });
}

function formGroup(labelText, id, control, help) {
  return h(
    "div",
    { class: "pf-v5-c-form__group" },
    h(
      "div",
      { class: "pf-v5-c-form__group-label" },
      h(
        "label",
        { class: "pf-v5-c-form__label", for: id },
        h("span", { class: "pf-v5-c-form__label-text" }, labelText),
      ),
    ),
    h(
      "div",
      { class: "pf-v5-c-form__group-control" },
      control,
      help
        ? h(
            "div",
            { class: "pf-v5-c-helper-text" },
            h(
              "div",
              { class: "pf-v5-c-helper-text__item" },
              h("span", { class: "pf-v5-c-helper-text__item-text" }, help),
            ),
          )
        : null,
    ),
  );
}

function textInput(props) {
  return h("span", { class: "pf-v5-c-form-control" }, h("input", props));
}

function toggle(id, checked, text) {
  return h(
    "label",
    { class: "pf-v5-c-switch", for: id },
    h("input", { class: "pf-v5-c-switch__input", type: "checkbox", id, checked, testid: id }),
    h("span", { class: "pf-v5-c-switch__toggle" }),
    h("span", { class: "pf-v5-c-switch__label" }, text),
  );
}

function time(iso) {
  return iso ? new Date(iso).toLocaleString() : "";
}

// ---------------------------------------------------------------------------------------------
// Pages

const routes = [
  [/^#\/([^/]+)\/webhooks\/new$/, (realm) => editPage(realm, null)],
  [/^#\/([^/]+)\/webhooks\/([^/]+)\/deliveries$/, deliveriesPage],
  [/^#\/([^/]+)\/webhooks\/([^/]+)$/, editPage],
  [/^#\/([^/]+)\/webhooks$/, listPage],
];

const link = (realm, ...rest) => `#/${path(realm, "webhooks", ...rest)}`;

// Webhook ids are UUIDs. Realm names are anything Keycloak accepts: it refuses these characters.
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REALM_RESERVED = /[:/?#@!$&()*+,;=[\]\\]/;

/** The realm and ids an address names, decoded; throws with the reason when one is malformed. */
function addressed(encoded) {
  const [realm, ...ids] = encoded.map((text) => {
    try {
      return decodeURIComponent(text);
    } catch {
      throw new Error(`"${text}" is not correctly encoded.`);
    }
  });
  if (realm === "." || realm === ".." || REALM_RESERVED.test(realm)) {
    throw new Error(`"${realm}" is not a realm name.`);
  }
  const bad = ids.find((id) => !ID.test(id));
  if (bad !== undefined) {
    throw new Error(`"${bad}" is not a webhook id.`);
  }
  return [realm, ...ids];
}

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

async function listPage(realm) {
  const hooks = await api.list(realm);
  const create = h(
    "a",
    { class: "pf-v5-c-button pf-m-primary", href: link(realm, "new"), testid: "create" },
    "Create webhook",
  );
  main.replaceChildren(
    pageHeader(
      "Webhooks",
      "Keycloak posts this realm's events to these endpoints, signed, once the change is saved, and retries with backoff until the endpoint answers 2xx. The realm needs the ext-event-webhook listener (Realm settings › Events).",
    ),
    section(
      hooks.length === 0
        ? emptyState("No webhooks", "Create one to start receiving this realm's events.", create)
        : [
            h("div", { class: "kcw-toolbar" }, create),
            table(
              "webhooks",
              ["URL", "Event types", "Status", "Created", ""],
              hooks.map((hook) => webhookRow(realm, hook)),
            ),
          ],
    ),
  );
}

function webhookRow(realm, hook) {
  const status = hook.enabled
    ? label("Enabled", "green")
    : [
        label("Disabled", "grey"),
        hook.disabledReason ? h("div", { class: "kcw-muted" }, hook.disabledReason) : null,
      ];
  return row({ testid: "webhook-row", "data-url": hook.url }, [
    ["URL", h("a", { href: link(realm, hook.id), testid: "edit" }, hook.url)],
    [
      "Event types",
      hook.eventTypes.length
        ? hook.eventTypes.map((type) => h("code", { class: "kcw-type" }, type))
        : h("span", { class: "kcw-muted" }, "none"),
    ],
    ["Status", status],
    ["Created", h("span", { title: hook.createdBy }, time(hook.createdAt))],
    [
      "",
      h(
        "div",
        { class: "kcw-actions" },
        h(
          "a",
          {
            class: "pf-v5-c-button pf-m-secondary pf-m-small",
            href: link(realm, hook.id, "deliveries"),
            testid: "deliveries",
          },
          "Deliveries",
        ),
        button("Send test", "secondary pf-m-small", () => sendTest(realm, hook), {
          testid: "test",
        }),
        button(
          hook.enabled ? "Disable" : "Enable",
          "secondary pf-m-small",
          () => setEnabled(realm, hook, !hook.enabled),
          {
            testid: "toggle",
          },
        ),
        button("Delete", "danger pf-m-small", () => removeWebhook(realm, hook), {
          testid: "delete",
        }),
      ),
    ],
  ]);
}

async function sendTest(realm, hook) {
  try {
    const outcome = await api.test(realm, hook.id);
    const attempt = (outcome.attemptLog || [])[0];
    if (outcome.status === "delivered") {
      toast(
        "success",
        "Test ping delivered",
        `${hook.url} answered HTTP ${attempt.httpStatus} in ${attempt.durationMs} ms.`,
      );
    } else if (outcome.status === "pending") {
      toast(
        "info",
        "Test ping still in flight",
        "The endpoint has not answered yet; see Deliveries.",
      );
    } else {
      toast(
        "danger",
        "Test ping failed",
        attempt && attempt.httpStatus
          ? `HTTP ${attempt.httpStatus}`
          : (attempt && attempt.error) || outcome.lastError,
      );
    }
  } catch (error) {
    toast("danger", "Could not send the test ping", error.message);
  }
}

async function setEnabled(realm, hook, enabled) {
  try {
    await api.update(realm, hook.id, { url: hook.url, eventTypes: hook.eventTypes, enabled });
    toast("success", enabled ? "Webhook enabled" : "Webhook disabled", hook.url);
    await listPage(realm);
  } catch (error) {
    toast("danger", "Could not change the webhook", error.message);
  }
}

async function removeWebhook(realm, hook) {
  if (
    !(await confirm(
      "Delete webhook?",
      `${hook.url} will receive no more events, and its deliveries are no longer listed here.`,
      "Delete",
    ))
  ) {
    return;
  }
  try {
    await api.remove(realm, hook.id);
    toast("success", "Webhook deleted", hook.url);
    await listPage(realm);
  } catch (error) {
    toast("danger", "Could not delete the webhook", error.message);
  }
}

async function editPage(realm, id) {
  const hook = id ? await api.get(realm, id) : { url: "", eventTypes: ["*"], enabled: true };
  const errors = h("div", { testid: "form-errors" });
  const url = textInput({
    id: "url",
    type: "url",
    required: true,
    value: hook.url,
    testid: "url",
    placeholder: "https://example.com/keycloak-events",
  });
  const types = h(
    "span",
    { class: "pf-v5-c-form-control" },
    h(
      "textarea",
      { id: "event-types", rows: 4, testid: "event-types" },
      hook.eventTypes.join("\n"),
    ),
  );
  const secret = textInput({
    id: "secret",
    type: "password",
    autocomplete: "new-password",
    testid: "secret",
  });
  const removeSecret = id
    ? h(
        "div",
        { class: "pf-v5-c-check" },
        h("input", {
          class: "pf-v5-c-check__input",
          type: "checkbox",
          id: "remove-secret",
          testid: "remove-secret",
        }),
        h(
          "label",
          { class: "pf-v5-c-check__label", for: "remove-secret" },
          "Remove the secret; deliveries go out unsigned",
        ),
      )
    : null;

  const save = async (event) => {
    event.preventDefault();
    const form = event.target;
    const body = {
      url: form.querySelector("#url").value.trim(),
      eventTypes: form
        .querySelector("#event-types")
        .value.split(/[\n,]/)
        .map((type) => type.trim())
        .filter(Boolean),
      enabled: form.querySelector("#enabled").checked,
    };
    const typed = form.querySelector("#secret").value;
    if (id && form.querySelector("#remove-secret").checked) body.secret = "";
    else if (typed) body.secret = typed;
    try {
      if (id) await api.update(realm, id, body);
      else await api.create(realm, body);
      toast("success", id ? "Webhook saved" : "Webhook created", body.url);
      location.hash = link(realm);
    } catch (error) {
      errors.replaceChildren(alert("danger", "The webhook was not saved.", error.message));
    }
  };

  main.replaceChildren(
    pageHeader(id ? "Edit webhook" : "Create webhook", null, [
      ["Webhooks", link(realm)],
      [id ? hook.url : "Create webhook"],
    ]),
    section(
      hook.disabledReason
        ? alert(
            "warning",
            "Keycloak turned this webhook off.",
            `${hook.disabledReason} (${time(hook.disabledAt)}). Enable it again once the endpoint works.`,
          )
        : null,
      errors,
      h(
        "form",
        {
          class: "pf-v5-c-form pf-m-horizontal kcw-form",
          novalidate: true,
          onsubmit: save,
          testid: "webhook-form",
        },
        formGroup("Endpoint URL", "url", url, "Where Keycloak posts the events: http or https."),
        formGroup(
          "Event types",
          "event-types",
          types,
          "One per line: * for everything, access.* or admin.* for a kind, a prefix such as admin.CLIENT-*, or an exact type such as access.LOGIN.",
        ),
        formGroup(
          "Secret",
          "secret",
          [secret, removeSecret],
          id
            ? "Write-only: it is never shown. Leave empty to keep the current secret."
            : "Signs each delivery (Standard Webhooks). Any text, or whsec_ followed by base64. It is never shown again.",
        ),
        formGroup(
          "Enabled",
          "enabled",
          toggle("enabled", hook.enabled, hook.enabled ? "On" : "Off"),
        ),
        h(
          "div",
          { class: "pf-v5-c-form__group pf-m-action" },
          h(
            "div",
            { class: "pf-v5-c-form__group-control" },
            h(
              "div",
              { class: "pf-v5-c-form__actions" },
              h(
                "button",
                { class: "pf-v5-c-button pf-m-primary", type: "submit", testid: "save" },
                id ? "Save" : "Create",
              ),
              h("a", { class: "pf-v5-c-button pf-m-link", href: link(realm) }, "Cancel"),
            ),
          ),
        ),
      ),
    ),
  );
  main.querySelector("#enabled").addEventListener("change", (event) => {
    event.target.parentElement.querySelector(".pf-v5-c-switch__label").textContent = event.target
      .checked
      ? "On"
      : "Off";
  });
}

const STATUS_COLORS = { delivered: "green", failed: "red", pending: "blue" };

async function deliveriesPage(realm, id) {
  const hook = await api.get(realm, id);
  const filter = h(
    "span",
    { class: "pf-v5-c-form-control kcw-filter" },
    h(
      "select",
      { "aria-label": "Status", testid: "status-filter" },
      ["", "pending", "delivered", "failed"].map((status) =>
        h("option", { value: status }, status || "All statuses"),
      ),
    ),
  );
  const list = h("div", { testid: "deliveries" });
  let shown = [];
  const load = async (more) => {
    const status = filter.querySelector("select").value;
    const page = await api.deliveries(realm, id, {
      first: more ? shown.length : 0,
      max: PAGE_SIZE,
      ...(status ? { status } : {}),
    });
    shown = more ? shown.concat(page) : page;
    list.replaceChildren(
      shown.length === 0
        ? emptyState("No deliveries", "Events this webhook matches appear here, newest first.")
        : table(
            "delivery-table",
            ["Event type", "Status", "Attempts", "Created", "Last result", ""],
            shown.flatMap((delivery) => deliveryRows(realm, id, delivery, () => load(false))),
          ),
    );
    if (page.length === PAGE_SIZE) {
      list.append(button("Load more", "link", () => load(true), { testid: "more" }));
    }
  };
  filter.querySelector("select").addEventListener("change", () => load(false));
  main.replaceChildren(
    pageHeader("Deliveries", hook.url, [
      ["Webhooks", link(realm)],
      [hook.url, link(realm, id)],
      ["Deliveries"],
    ]),
    section(
      h(
        "div",
        { class: "kcw-toolbar" },
        filter,
        button("Refresh", "secondary", () => load(false), { testid: "refresh" }),
        button("Replay failed", "secondary", () => replayFailed(realm, id, () => load(false)), {
          testid: "replay",
        }),
      ),
      list,
    ),
  );
  await load(false);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Asks from when, then queues every failed delivery created since then again. */
async function replayFailed(realm, hookId, reload) {
  // datetime-local wants local time without a zone: shift by the offset, then cut the "Z" off.
  const local = (ms) => new Date(ms - new Date().getTimezoneOffset() * 60_000).toISOString();
  const since = h("input", {
    type: "datetime-local",
    id: "replay-since",
    testid: "replay-since",
    value: local(Date.now() - DAY_MS).slice(0, 16),
  });
  const form = h(
    "form",
    { class: "pf-v5-c-form", onsubmit: (event) => event.preventDefault() },
    formGroup(
      "Created since",
      "replay-since",
      h("span", { class: "pf-v5-c-form-control" }, since),
      "Delivered and pending deliveries are left alone, so replaying twice sends nothing twice.",
    ),
  );
  if (!(await confirm("Replay failed deliveries", form, "Replay", "primary"))) {
    return;
  }
  try {
    if (!since.value) {
      throw new Error("Choose the time to replay from.");
    }
    const { replayed } = await api.replay(realm, hookId, new Date(since.value).toISOString());
    toast(
      "success",
      `${replayed} failed ${replayed === 1 ? "delivery" : "deliveries"} queued again`,
      "They go out with their original webhook-id.",
    );
    await reload();
  } catch (error) {
    toast("danger", "Could not replay", error.message);
  }
}

function deliveryRows(realm, hookId, delivery, reload) {
  const detail = h("tr", { class: "pf-v5-c-table__tr", hidden: true, testid: "delivery-detail" });
  const expand = button(
    "Details",
    "link pf-m-inline",
    async () => {
      if (!detail.hidden) {
        detail.hidden = true;
        return;
      }
      try {
        const full = await api.delivery(realm, hookId, delivery.id);
        detail.replaceChildren(
          h("td", { class: "pf-v5-c-table__td", colspan: 6 }, deliveryDetail(full)),
        );
        detail.hidden = false;
      } catch (error) {
        toast("danger", "Could not load the delivery", error.message);
      }
    },
    { testid: "details", "aria-expanded": "false" },
  );
  const resend = button(
    "Resend",
    "secondary pf-m-small",
    async () => {
      try {
        await api.resend(realm, hookId, delivery.id);
        toast(
          "success",
          "Delivery queued again",
          `${delivery.eventType} goes out again with the same webhook-id.`,
        );
        await reload();
      } catch (error) {
        toast("danger", "Could not resend", error.message);
      }
    },
    { testid: "resend" },
  );
  const last = delivery.lastHttpStatus
    ? `HTTP ${delivery.lastHttpStatus}`
    : delivery.lastError || "";
  return [
    row({ testid: "delivery-row", "data-id": delivery.id, "data-status": delivery.status }, [
      ["Event type", h("code", { class: "kcw-type" }, delivery.eventType)],
      ["Status", label(delivery.status, STATUS_COLORS[delivery.status] || "grey")],
      ["Attempts", h("span", { testid: "attempts" }, delivery.attempts)],
      ["Created", time(delivery.createdAt)],
      ["Last result", last],
      ["", h("div", { class: "kcw-actions" }, expand, resend)],
    ]),
    detail,
  ];
}

function deliveryDetail(delivery) {
  let payload = delivery.payload;
  try {
    payload = JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    // Shown as stored.
  }
  return h(
    "div",
    { class: "kcw-detail" },
    h("h3", { class: "pf-v5-c-title pf-m-md" }, "Attempts"),
    delivery.attemptLog.length === 0
      ? h("p", { class: "kcw-muted" }, "Not attempted yet.")
      : table(
          "attempt-table",
          ["#", "Started", "Duration", "Result", "Response"],
          delivery.attemptLog.map((attempt) =>
            row({ testid: "attempt-row" }, [
              ["#", attempt.attempt],
              ["Started", time(attempt.startedAt)],
              ["Duration", `${attempt.durationMs} ms`],
              ["Result", attempt.httpStatus ? `HTTP ${attempt.httpStatus}` : attempt.error || ""],
              ["Response", h("code", { class: "kcw-excerpt" }, attempt.responseBody || "")],
            ]),
          ),
        ),
    h("h3", { class: "pf-v5-c-title pf-m-md" }, `Payload · webhook-id ${delivery.id}`),
    h(
      "div",
      { class: "pf-v5-c-code-block" },
      h(
        "div",
        { class: "pf-v5-c-code-block__content" },
        h(
          "pre",
          { class: "pf-v5-c-code-block__pre" },
          h("code", { class: "pf-v5-c-code-block__code", testid: "payload" }, payload),
        ),
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Start

async function showAccount() {
  document.getElementById("username").textContent = session.username;
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
document.getElementById("sign-out").addEventListener("click", signOut);
window.addEventListener("hashchange", () => session.token && route());
start();
