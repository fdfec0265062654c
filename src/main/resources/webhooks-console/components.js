// Building blocks, in PatternFly 5 markup as the admin console uses it.

import { h } from "./dom.js";

export function button(label, variant, onclick, props = {}) {
  return h(
    "button",
    { class: `pf-v5-c-button pf-m-${variant}`, type: "button", onclick, ...props },
    label,
  );
}

export function section(...children) {
  return h("section", { class: "pf-v5-c-page__main-section pf-m-light" }, ...children);
}

export function pageHeader(title, description, crumbs = []) {
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

export function label(text, color) {
  return h(
    "span",
    { class: `pf-v5-c-label pf-m-${color}`, testid: "label" },
    h("span", { class: "pf-v5-c-label__content" }, text),
  );
}

export function alert(variant, title, description, props = {}) {
  return h(
    "div",
    { class: `pf-v5-c-alert pf-m-${variant} pf-m-inline`, role: "alert", ...props },
    h("p", { class: "pf-v5-c-alert__title" }, title),
    description ? h("div", { class: "pf-v5-c-alert__description" }, description) : null,
  );
}

export function toast(variant, title, description) {
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

export function table(testid, headers, rows) {
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

export function row(props, cells) {
  return h(
    "tr",
    { class: "pf-v5-c-table__tr", ...props },
    cells.map(([header, content]) =>
      h("td", { class: "pf-v5-c-table__td", "data-label": header }, content),
    ),
  );
}

export function emptyState(title, body, action) {
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
export function confirm(title, message, action, variant = "danger") {
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

export function formGroup(labelText, id, control, help) {
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

export function textInput(props) {
  return h("span", { class: "pf-v5-c-form-control" }, h("input", props));
}

export function toggle(id, checked, text) {
  return h(
    "label",
    { class: "pf-v5-c-switch", for: id },
    h("input", { class: "pf-v5-c-switch__input", type: "checkbox", id, checked, testid: id }),
    h("span", { class: "pf-v5-c-switch__toggle" }),
    h("span", { class: "pf-v5-c-switch__label" }, text),
  );
}

export function time(iso) {
  return iso ? new Date(iso).toLocaleString() : "";
}
