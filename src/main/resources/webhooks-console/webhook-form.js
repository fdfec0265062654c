// The form that creates a webhook or edits one.

import { link } from "./addresses.js";
import { api } from "./api.js";
import {
  alert,
  formGroup,
  pageHeader,
  section,
  textInput,
  time,
  toast,
  toggle,
} from "./components.js";
import { h, main } from "./dom.js";

const NEW_HOOK = {
  url: "",
  eventTypes: ["*"],
  enabled: true,
  clients: [],
  excludeClients: [],
  excludeUsers: [],
  includeRepresentation: true,
  bearerToken: false,
  headerNames: [],
};

/** A checkbox with its label. */
function check(id, label, checked = false) {
  return h(
    "div",
    { class: "pf-v5-c-check" },
    h("input", { class: "pf-v5-c-check__input", type: "checkbox", id, testid: id, checked }),
    h("label", { class: "pf-v5-c-check__label", for: id }, label),
  );
}

/** "Name: value" lines as the API's headers object; null when there are none, to keep them. */
function headersOf(form) {
  const lines = form
    .querySelector("#headers")
    .value.split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  if (lines.length === 0) return form.querySelector("#remove-headers")?.checked ? {} : null;
  return Object.fromEntries(
    lines.map((line) => {
      const colon = line.indexOf(":");
      return colon < 0 ? [line, ""] : [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
    }),
  );
}

/** A text area holding one entry per line, as the API's string lists. */
function linesInput(id, values) {
  return h(
    "span",
    { class: "pf-v5-c-form-control" },
    h("textarea", { id, rows: 2, testid: id }, values.join("\n")),
  );
}

function linesOf(form, id) {
  return form
    .querySelector(`#${id}`)
    .value.split(/[\n,]/)
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** The catalog's types in a list, and a button that adds the chosen one to the event types. */
function typePicker(catalog) {
  const groups = ["access", "admin"].map((family) =>
    h(
      "optgroup",
      { label: family === "access" ? "User events" : "Admin events" },
      catalog.types
        .filter((type) => type.family === family)
        .map((type) => h("option", { value: type.type }, type.type)),
    ),
  );
  const select = h(
    "select",
    { class: "pf-v5-c-form-control", id: "known-type", testid: "known-type" },
    groups,
  );
  const add = () => {
    const types = main.querySelector("#event-types");
    const chosen = types.value
      .split("\n")
      .map((type) => type.trim())
      .filter(Boolean);
    if (!chosen.includes(select.value)) types.value = [...chosen, select.value].join("\n");
  };
  return h(
    "div",
    { class: "kcw-type-picker" },
    h("span", { class: "pf-v5-c-form-control" }, select),
    h(
      "button",
      { class: "pf-v5-c-button pf-m-secondary", type: "button", testid: "add-type", onclick: add },
      "Add",
    ),
  );
}

export async function editPage(realm, id) {
  const [hook, catalog] = await Promise.all([
    id ? api.get(realm, id) : NEW_HOOK,
    api.eventTypes(realm),
  ]);
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
    ? check("remove-secret", "Remove the secret; deliveries go out unsigned")
    : null;
  const rate = textInput({
    id: "max-rate",
    type: "number",
    min: "0",
    value: hook.maxRequestsPerSecond ?? "",
    testid: "max-rate",
    placeholder: "no limit",
  });
  const alertEmail = textInput({
    id: "alert-email",
    type: "email",
    value: hook.alertEmail ?? "",
    testid: "alert-email",
    placeholder: "ops@example.com",
  });
  const headers = [
    h(
      "span",
      { class: "pf-v5-c-form-control" },
      h("textarea", {
        id: "headers",
        rows: 2,
        testid: "headers",
        placeholder: hook.headerNames.map((name) => `${name}: (kept)`).join("\n"),
      }),
    ),
    hook.headerNames.length ? check("remove-headers", "Remove the headers") : null,
  ];

  const save = async (event) => {
    event.preventDefault();
    const form = event.target;
    const body = {
      url: form.querySelector("#url").value.trim(),
      eventTypes: linesOf(form, "event-types"),
      clients: linesOf(form, "clients"),
      excludeClients: linesOf(form, "exclude-clients"),
      excludeUsers: linesOf(form, "exclude-users"),
      includeRepresentation: form.querySelector("#include-representation").checked,
      maxRequestsPerSecond: Number(form.querySelector("#max-rate").value || 0),
      alertEmail: form.querySelector("#alert-email").value.trim(),
      bearerToken: form.querySelector("#bearer-token").checked,
      enabled: form.querySelector("#enabled").checked,
    };
    const headerValues = headersOf(form);
    if (headerValues) body.headers = headerValues;
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
      hook.unknownEventTypes
        ? alert(
            "warning",
            "Some event types are not in this Keycloak's catalog.",
            `${hook.unknownEventTypes.join(", ")}: only admin events of other extensions can match them.`,
            { testid: "unknown-types" },
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
          [types, typePicker(catalog)],
          "One per line: * for everything, access.* or admin.* for a kind, a prefix such as admin.CLIENT-*, or an exact type such as access.LOGIN. Pick known types from the list.",
        ),
        formGroup(
          "Only these clients",
          "clients",
          linesInput("clients", hook.clients),
          "Client ids (clientId), one per line, exact or ending in *. Empty: every client.",
        ),
        formGroup(
          "Never these clients",
          "exclude-clients",
          linesInput("exclude-clients", hook.excludeClients),
          "For example your service's own client, so that it does not receive the changes it made.",
        ),
        formGroup(
          "Never these users",
          "exclude-users",
          linesInput("exclude-users", hook.excludeUsers),
          "Usernames or user ids, one per line, exact or ending in *.",
        ),
        formGroup(
          "Representations",
          "include-representation",
          check(
            "include-representation",
            "Send the changed resource with admin events, when the realm records it",
            hook.includeRepresentation,
          ),
        ),
        formGroup(
          "Secret",
          "secret",
          [secret, removeSecret],
          id
            ? "Write-only: it is never shown. Leave empty to keep the current secret."
            : "Signs each delivery (Standard Webhooks). Any text, or whsec_ followed by base64. It is never shown again.",
        ),
        hook.previousSecretExpiresAt
          ? alert(
              "info",
              "The previous secret still signs.",
              `Deliveries carry a signature with each secret until ${time(hook.previousSecretExpiresAt)}.`,
              { testid: "previous-secret" },
            )
          : null,
        formGroup(
          "Bearer token",
          "bearer-token",
          check(
            "bearer-token",
            "Send a JWT signed with the realm's key in Authorization: Bearer",
            hook.bearerToken,
          ),
        ),
        formGroup(
          "Headers",
          "headers",
          headers,
          "Write-only, like the secret. One Name: value per line; these replace the current headers. Leave empty to keep them.",
        ),
        formGroup(
          "Alert email",
          "alert-email",
          alertEmail,
          "Gets an email, through the realm's SMTP settings, when Keycloak turns this webhook off. Empty: none.",
        ),
        formGroup(
          "Most requests per second",
          "max-rate",
          rate,
          "Per Keycloak node. Empty or 0: no limit.",
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
