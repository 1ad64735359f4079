// The page's frame: the status pill in the top bar and the banners under it.
// Errors are shown with their `code` (oidc-wasm errors always have one) and
// message, and the provider's `error` / `error_description` when it sent them.

import { h, icon } from "./dom.js";

const banners = () => document.getElementById("banners");

/** Shows an error with its `code` (oidc-wasm errors always have one). */
export function showError(error, { title, hint } = {}) {
  const code = error?.code ?? (error?.name && error.name !== "Error" ? error.name : "unexpected");
  const message = error?.message ?? String(error);
  // The provider's own words, unless the message already quotes them.
  const details = [];
  if (error?.error && !message.includes(error.error)) details.push(h("code", null, error.error));
  if (error?.error_description && !message.includes(error.error_description)) details.push(h("span", null, error.error_description));
  if (error?.status && !message.includes(String(error.status))) details.push(h("span", null, `HTTP ${error.status}`));
  const banner = h(
    "div",
    { class: "banner banner-error", role: "alert", "data-testid": "error", dataset: { code } },
    icon("alert", "banner-icon"),
    h(
      "div",
      { class: "banner-body" },
      h("div", { class: "banner-title" }, title ?? "Something went wrong", h("code", { class: "code-badge" }, code)),
      h("div", { class: "banner-message" }, message),
      details.length ? h("div", { class: "banner-details" }, details) : null,
      hint ? h("div", { class: "banner-hint" }, hint) : null,
    ),
    dismissButton(),
  );
  banners().replaceChildren(banner);
  return banner;
}

/** A neutral notice (e.g. "tokens revoked"). */
export function showNotice(text, { tone = "info" } = {}) {
  const banner = h(
    "div",
    { class: `banner banner-${tone}`, role: "status", "data-testid": "notice" },
    icon(tone === "success" ? "check" : "info", "banner-icon"),
    h("div", { class: "banner-body" }, h("div", { class: "banner-message" }, text)),
    dismissButton(),
  );
  banners().replaceChildren(banner);
}

export function clearBanners() {
  banners().replaceChildren();
}

function dismissButton() {
  return h(
    "button",
    { class: "icon-button", type: "button", "aria-label": "Dismiss", onClick: (e) => e.currentTarget.closest(".banner").remove() },
    icon("x"),
  );
}

export function setStatus(state, text) {
  const status = document.getElementById("status");
  status.dataset.state = state;
  status.querySelector(".status-text").textContent = text;
}
