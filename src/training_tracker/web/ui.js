// Shared widgets: toast, labelled fields, confirmation dialog, empty/error states.

import { h, uid } from "./dom.js";

let toastTimer = null;

export function toast(message, kind = "ok") {
  const el = document.getElementById("toast");
  el.textContent = message;
  el.dataset.kind = kind;
  el.classList.add("show");
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove("show"), 3500);
}

/** A labelled input with a slot for its inline error; returns {wrap, input, setError}. */
export function field({ label, name, type = "text", value = "", hint, control, ...rest }) {
  const id = uid(name);
  const errorId = `${id}-error`;
  const input =
    control ||
    h(type === "textarea" ? "textarea" : "input", {
      id,
      name,
      type: type === "textarea" ? undefined : type,
      ...rest,
    });
  input.id = id;
  input.name = name;
  if (type === "textarea") input.value = value ?? "";
  else if (!control) input.setAttribute("value", value ?? "");
  const error = h("p", { class: "field-error", id: errorId, hidden: true });
  const hintEl = hint ? h("p", { class: "field-hint", id: `${id}-hint` }, hint) : null;
  if (hintEl) input.setAttribute("aria-describedby", hintEl.id);
  const wrap = h("div", { class: "field" }, h("label", { for: id }, label), input, hintEl, error);
  const setError = (message) => {
    error.textContent = message || "";
    error.hidden = !message;
    wrap.classList.toggle("invalid", Boolean(message));
    if (message) {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", [errorId, hintEl && hintEl.id].filter(Boolean).join(" "));
    } else {
      input.removeAttribute("aria-invalid");
      if (hintEl) input.setAttribute("aria-describedby", hintEl.id);
      else input.removeAttribute("aria-describedby");
    }
  };
  return { wrap, input, setError, label };
}

/** A <select> of athletes; `emptyLabel` adds a first option with value "". */
export function athleteSelect(athletes, selected = "", emptyLabel = null) {
  const select = h(
    "select",
    {},
    emptyLabel !== null ? h("option", { value: "" }, emptyLabel) : null,
    athletes.map((a) => h("option", { value: a.id }, a.name)),
  );
  select.value = selected || (emptyLabel !== null ? "" : athletes[0]?.id ?? "");
  return select;
}

/** A field's label in running text: "Max heart rate (bpm)" → "max heart rate". */
function wordsFor(f) {
  const text = String(f.label || "").replace(/\s*\(.*\)\s*$/, "");
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * A message that names API fields ("restingHeartRate must be lower than maxHeartRate", from a
 * check across fields) goes under the first field it names, with the labels' words instead.
 */
function placeByName(message, fields) {
  const named = Object.keys(fields)
    .filter((name) => /[A-Z_]/.test(name))
    .map((name) => [name, message.search(new RegExp(`\\b${name}\\b`, "i"))])
    .filter(([, at]) => at >= 0)
    .sort((a, b) => a[1] - b[1]);
  if (!named.length) return false;
  let text = message;
  for (const [name] of named) text = text.replace(new RegExp(`\\b${name}\\b`, "gi"), wordsFor(fields[name]));
  fields[named[0][0]].setError(text.charAt(0).toUpperCase() + text.slice(1));
  return true;
}

/** Applies an ApiError to a form: field messages inline, the rest in the form's alert. */
export function showApiErrors(error, fields, alert) {
  const byField = error.fieldErrors || {};
  let unplaced = byField[""] && !placeByName(byField[""], fields) ? byField[""] : "";
  for (const [name, message] of Object.entries(byField)) {
    if (!name) continue;
    if (fields[name]) fields[name].setError(message);
    else unplaced = `${unplaced} ${name}: ${message}`.trim();
  }
  if (error.code === "INVALID_PROFILE" && placeByName(error.message, fields)) {
    // placed next to the heart rate it is about
  } else if (!Object.keys(byField).length) {
    const target = error.status === 404 && /athlete/i.test(error.message) && fields.athlete_id;
    if (target) target.setError(error.message);
    else unplaced = error.message;
  }
  alert.textContent = unplaced;
  alert.hidden = !unplaced;
  const firstInvalid = Object.values(fields).find((f) => f.wrap.classList.contains("invalid"));
  (firstInvalid ? firstInvalid.input : alert).focus?.();
}

export function clearErrors(fields, alert) {
  for (const f of Object.values(fields)) f.setError("");
  alert.textContent = "";
  alert.hidden = true;
}

export function formAlert() {
  return h("p", { class: "form-alert", role: "alert", tabindex: "-1", hidden: true });
}

/**
 * A modal dialog built on <dialog>. `body` is a node; actions are [{label, kind, value}].
 * Resolves with the chosen value, or null when dismissed.
 */
export function confirmDialog({ title, body, actions }) {
  return new Promise((resolve) => {
    const titleId = uid("dlg");
    const buttons = actions.map((a) =>
      h("button", { type: "button", class: `btn ${a.kind || ""}`, onclick: () => close(a.value) }, a.label),
    );
    const dialog = h(
      "dialog",
      { class: "dialog", "aria-labelledby": titleId },
      h("h2", { id: titleId }, title),
      h("div", { class: "dialog-body" }, body),
      h("div", { class: "dialog-actions" }, buttons),
    );
    function close(value) {
      dialog.close();
      dialog.remove();
      resolve(value);
    }
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault();
      close(null);
    });
    document.body.append(dialog);
    dialog.showModal();
    const safe = buttons.find((_, i) => actions[i].value === null) || buttons[0];
    safe.focus();
  });
}

/** A modal that hosts a form; returns {dialog, close}. */
export function formDialog(title, content) {
  const titleId = uid("dlg");
  const dialog = h(
    "dialog",
    { class: "dialog dialog-form", "aria-labelledby": titleId },
    h("h2", { id: titleId }, title),
    content,
  );
  const close = () => {
    if (dialog.open) dialog.close();
    dialog.remove();
  };
  dialog.addEventListener("close", () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  return { dialog, close };
}

export function emptyState(title, text, action) {
  return h("div", { class: "empty" }, h("p", { class: "empty-title" }, title), h("p", {}, text), action);
}

export function errorState(error, retry) {
  return h(
    "div",
    { class: "notice notice-error", role: "alert" },
    h("p", {}, error.message || String(error)),
    retry ? h("button", { type: "button", class: "btn", onclick: retry }, "Try again") : null,
  );
}

export function pageHeader(title, ...actions) {
  return h("div", { class: "page-header" }, h("h1", {}, title), h("div", { class: "page-actions" }, actions));
}

export function unavailable(text) {
  return h(
    "div",
    { class: "notice notice-calm", role: "note" },
    h("p", { class: "notice-title" }, "Not available on this server"),
    h("p", {}, text, " Everything else works as usual."),
  );
}
