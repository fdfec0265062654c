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

export async function editPage(realm, id) {
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
