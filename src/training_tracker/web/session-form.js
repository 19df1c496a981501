// Add or edit a training session in a modal form; validation messages come from the API.

import { api } from "./api.js";
import { h } from "./dom.js";
import { todayIso } from "./format.js";
import {
  athleteSelect,
  clearErrors,
  field,
  formAlert,
  formDialog,
  showApiErrors,
  toast,
} from "./ui.js";

/** A number when the text is one; otherwise the text itself, for the API to judge. */
function numberOrRaw(text) {
  const trimmed = text.trim();
  const value = Number(trimmed);
  return trimmed !== "" && Number.isFinite(value) ? value : trimmed;
}

/** The request body; empty required inputs are left out so the API answers "Field required". */
function sessionBody(fields) {
  const body = { athlete_id: fields.athlete_id.input.value };
  const date = fields.date.input.value;
  const duration = numberOrRaw(fields.duration.input.value);
  const distance = numberOrRaw(fields.distance.input.value);
  const notes = fields.notes.input.value.trim();
  if (date) body.date = date;
  if (duration !== "") body.duration = duration;
  if (distance !== "") body.distance = distance;
  body.notes = notes || null;
  return body;
}

/** Opens the form; resolves with the saved session, or null when cancelled. */
export function openSessionForm({ athletes, session = null, athleteId = "" }) {
  return new Promise((resolve) => {
    const editing = Boolean(session);
    const fields = {
      athlete_id: field({
        label: "Athlete",
        name: "athlete_id",
        control: athleteSelect(athletes, session?.athlete_id || athleteId),
      }),
      date: field({ label: "Date", name: "date", type: "date", value: session?.date || todayIso() }),
      duration: field({
        label: "Duration (min)",
        name: "duration",
        type: "text",
        inputmode: "decimal",
        autocomplete: "off",
        value: session ? String(session.duration) : "",
      }),
      distance: field({
        label: "Distance (km)",
        name: "distance",
        type: "text",
        inputmode: "decimal",
        autocomplete: "off",
        value: session ? String(session.distance) : "",
      }),
      notes: field({
        label: "Notes",
        name: "notes",
        type: "textarea",
        rows: 3,
        value: session?.notes || "",
        hint: "Optional, up to 1000 characters.",
      }),
    };
    const alert = formAlert();
    const submit = h("button", { type: "submit", class: "btn primary" }, editing ? "Save changes" : "Add session");
    const cancel = h("button", { type: "button", class: "btn", onclick: () => done(null) }, "Cancel");
    const form = h(
      "form",
      { class: "form", novalidate: true },
      alert,
      fields.athlete_id.wrap,
      h("div", { class: "form-row" }, fields.date.wrap, fields.duration.wrap, fields.distance.wrap),
      fields.notes.wrap,
      h("div", { class: "dialog-actions" }, cancel, submit),
    );
    const { dialog, close } = formDialog(editing ? "Edit session" : "Add a session", form);
    dialog.addEventListener("cancel", () => resolve(null));
    (editing ? fields.duration.input : fields.athlete_id.input).focus();

    function done(value) {
      close();
      resolve(value);
    }

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearErrors(fields, alert);
      const body = sessionBody(fields);
      submit.disabled = true;
      try {
        const saved = editing
          ? await api.updateSession(session.id, body)
          : await api.createSession(body);
        toast(editing ? "Session updated." : "Session added.");
        done(saved);
      } catch (error) {
        showApiErrors(error, fields, alert);
      } finally {
        submit.disabled = false;
      }
    });
  });
}
