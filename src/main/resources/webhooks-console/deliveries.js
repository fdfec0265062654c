// A webhook's delivery log: filtered and paged, each delivery's attempts and payload, resend and
// replay.

import { link } from "./addresses.js";
import { api } from "./api.js";
import {
  button,
  confirm,
  emptyState,
  formGroup,
  label,
  pageHeader,
  row,
  section,
  table,
  time,
  toast,
} from "./components.js";
import { h, main } from "./dom.js";

const PAGE_SIZE = 20;
const STATUS_COLORS = { delivered: "green", failed: "red", pending: "blue" };

export async function deliveriesPage(realm, id) {
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
