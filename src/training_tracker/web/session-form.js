// Add or edit a training session in a modal form; validation messages come from the API.

import { api } from "./api.js";
import { h } from "./dom.js";
import { LOAD_METHODS, fmtLoad, fmtNumber, todayIso } from "./format.js";
import {
  athleteSelect,
  clearErrors,
  field,
  formAlert,
  formDialog,
  showApiErrors,
  toast,
} from "./ui.js";

export const SPORTS = [
  ["run", "Run"],
  ["ride", "Ride"],
  ["swim", "Swim"],
  ["row", "Row"],
  ["walk", "Walk"],
  ["hike", "Hike"],
  ["ski", "Ski"],
  ["strength", "Strength"],
  ["other", "Other"],
];

// The CR-10 scale's words, so a number means the same thing to everyone who logs one.
const RPE_SCALE = [
  [1, "1 · Very, very easy"],
  [2, "2 · Easy"],
  [3, "3 · Moderate"],
  [4, "4 · Somewhat hard"],
  [5, "5 · Hard"],
  [6, "6"],
  [7, "7 · Very hard"],
  [8, "8"],
  [9, "9"],
  [10, "10 · Maximal"],
];

const SPORT_LABELS = Object.fromEntries(SPORTS);

export function sportLabel(sport) {
  return sport ? SPORT_LABELS[sport] || sport : "—";
}

/** How the server got this session's load, in words. */
export function loadExplanation(s) {
  if (s.loadMethod === "srpe") return `Session RPE: effort ${s.rpe} × ${fmtNumber(s.duration)} min`;
  if (s.loadMethod === "trimp") return "Heart-rate TRIMP: average heart rate against the athlete's resting and max";
  return "No load: no RPE, and no heart rates to compute one from";
}

/** The load as a number with its method underneath, for tables and lists. */
export function loadCell(s) {
  if (s.load === null || s.load === undefined) return h("span", { class: "muted" }, "—");
  return [
    h("span", { class: "load-value" }, fmtNumber(s.load)),
    " ",
    h("span", { class: "load-method" }, LOAD_METHODS[s.loadMethod] || s.loadMethod || ""),
  ];
}

/** The load the server stored for this session, read-only. */
function storedLoad(session) {
  return h(
    "p",
    { class: "stored-load" },
    h("span", { class: "muted" }, "Saved load: "),
    h("strong", {}, fmtLoad(session)),
    h("span", { class: "muted" }, ` · ${loadExplanation(session)}. The server recomputes it when you save.`),
  );
}

/** A number when the text is one; otherwise the text itself, for the API to judge. */
function numberOrRaw(text) {
  const trimmed = text.trim();
  const value = Number(trimmed);
  return trimmed !== "" && Number.isFinite(value) ? value : trimmed;
}

/** An optional number: null when empty, else a number or the raw text for the API to judge. */
function optionalNumber(text) {
  const value = numberOrRaw(text);
  return value === "" ? null : value;
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
  body.sport = fields.sport.input.value || null;
  body.rpe = fields.rpe.input.value ? Number(fields.rpe.input.value) : null;
  body.avgHeartRate = optionalNumber(fields.avgHeartRate.input.value);
  body.maxHeartRate = optionalNumber(fields.maxHeartRate.input.value);
  return body;
}

function choice(options, selected, emptyLabel) {
  const select = h(
    "select",
    {},
    h("option", { value: "" }, emptyLabel),
    options.map(([value, label]) => h("option", { value: String(value) }, label)),
  );
  select.value = selected === null || selected === undefined ? "" : String(selected);
  return select;
}

/** "RPE 7 × 45 min = 315" while typing, so the rule is visible where the numbers are. */
function loadPreview(fields, out) {
  const rpe = Number(fields.rpe.input.value);
  const minutes = Number(fields.duration.input.value.trim());
  if (rpe && fields.duration.input.value.trim() && Number.isFinite(minutes) && minutes >= 0) {
    out.textContent = `Load ${rpe} × ${fmtNumber(minutes)} min = ${fmtNumber(Math.round(rpe * minutes * 100) / 100)}`;
  } else if (!rpe) {
    out.textContent = "Without an RPE, the load comes from heart rate when the athlete's resting and max are known.";
  } else {
    out.textContent = "";
  }
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
      sport: field({
        label: "Sport",
        name: "sport",
        control: choice(SPORTS, session?.sport, "Not set"),
      }),
      rpe: field({
        label: "Effort (RPE)",
        name: "rpe",
        control: choice(RPE_SCALE, session?.rpe, "Not rated"),
        hint: "Effort 1–10 × minutes = load",
      }),
      avgHeartRate: field({
        label: "Avg heart rate (bpm)",
        name: "avgHeartRate",
        type: "text",
        inputmode: "numeric",
        autocomplete: "off",
        value: session?.avgHeartRate ?? "",
      }),
      maxHeartRate: field({
        label: "Max heart rate (bpm)",
        name: "maxHeartRate",
        type: "text",
        inputmode: "numeric",
        autocomplete: "off",
        value: session?.maxHeartRate ?? "",
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
    const preview = h("p", { class: "load-preview", "aria-live": "polite" });
    const alert = formAlert();
    const submit = h("button", { type: "submit", class: "btn primary" }, editing ? "Save changes" : "Add session");
    const cancel = h("button", { type: "button", class: "btn", onclick: () => done(null) }, "Cancel");
    const form = h(
      "form",
      { class: "form", novalidate: true },
      alert,
      fields.athlete_id.wrap,
      h("div", { class: "form-row" }, fields.date.wrap, fields.duration.wrap, fields.distance.wrap),
      h("div", { class: "form-row two" }, fields.sport.wrap, fields.rpe.wrap),
      preview,
      h(
        "fieldset",
        { class: "form-group" },
        h("legend", {}, "Heart rate ", h("span", { class: "muted" }, "(optional)")),
        h("div", { class: "form-row two" }, fields.avgHeartRate.wrap, fields.maxHeartRate.wrap),
      ),
      fields.notes.wrap,
      editing ? storedLoad(session) : null,
      h("div", { class: "dialog-actions" }, cancel, submit),
    );
    const updatePreview = () => loadPreview(fields, preview);
    fields.rpe.input.addEventListener("change", updatePreview);
    fields.duration.input.addEventListener("input", updatePreview);
    updatePreview();
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
