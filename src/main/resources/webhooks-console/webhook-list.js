// The list of a realm's webhooks, with each one's test ping, switch and deletion.

import { link } from "./addresses.js";
import { api } from "./api.js";
import {
  button,
  confirm,
  emptyState,
  label,
  pageHeader,
  row,
  section,
  table,
  time,
  toast,
} from "./components.js";
import { h, main } from "./dom.js";

export async function listPage(realm) {
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

// The API answers a ping as soon as it is queued; its outcome is read from the delivery log.
const PING_POLL_MS = 400;
const PING_WAIT_MS = 30000;

async function pingOutcome(realm, hook) {
  const queued = await api.test(realm, hook.id);
  const deadline = Date.now() + PING_WAIT_MS;
  let outcome = queued;
  while (outcome.status === "pending" && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, PING_POLL_MS));
    outcome = await api.delivery(realm, hook.id, queued.id);
  }
  return outcome;
}

async function sendTest(realm, hook) {
  try {
    const outcome = await pingOutcome(realm, hook);
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
