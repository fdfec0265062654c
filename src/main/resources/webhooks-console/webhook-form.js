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
};

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
      eventTypes: linesOf(form, "event-types"),
      clients: linesOf(form, "clients"),
      excludeClients: linesOf(form, "exclude-clients"),
      excludeUsers: linesOf(form, "exclude-users"),
      includeRepresentation: form.querySelector("#include-representation").checked,
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
          h(
            "div",
            { class: "pf-v5-c-check" },
            h("input", {
              class: "pf-v5-c-check__input",
              type: "checkbox",
              id: "include-representation",
              testid: "include-representation",
              checked: hook.includeRepresentation,
            }),
            h(
              "label",
              { class: "pf-v5-c-check__label", for: "include-representation" },
              "Send the changed resource with admin events, when the realm records it",
            ),
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
