// Plan a session in a modal form; validation messages come from the API.

import { api } from "./api.js";
import { h } from "./dom.js";
import { SPORTS } from "./session-form.js";
import { clearErrors, field, formAlert, formDialog, showApiErrors, toast } from "./ui.js";

function select(options, emptyLabel) {
  return h(
    "select",
    {},
    h("option", { value: "" }, emptyLabel),
    options.map(([value, label]) => h("option", { value: String(value) }, label)),
  );
}

/** A number when the text is one, null when empty, else the text for the API to judge. */
function numberOrRaw(text) {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : trimmed;
}

/** The body a plan is sent with (PUT replaces, so every field is always given). */
export function planBody(plan) {
  const body = { date: plan.date, duration: plan.duration };
  for (const name of ["sport", "rpe", "load", "title", "notes"]) body[name] = plan[name] ?? null;
  return body;
}

/** Opens the form for a new plan on `date`; resolves with the saved plan, or null. */
export function openPlanForm({ athleteId, date }) {
  return new Promise((resolve) => {
    const fields = {
      date: field({ label: "Date", name: "date", type: "date", value: date, required: true }),
      sport: field({ label: "Sport", name: "sport", control: select(SPORTS, "Not set") }),
      duration: field({ label: "Planned minutes", name: "duration", inputmode: "decimal", required: true }),
      rpe: field({
        label: "Planned RPE",
        name: "rpe",
        control: select(Array.from({ length: 10 }, (_, i) => [i + 1, String(i + 1)]), "Not set"),
        hint: "Planned load = RPE × minutes, unless you give the load itself.",
      }),
      load: field({ label: "Planned load", name: "load", inputmode: "decimal" }),
      title: field({ label: "Title", name: "title", maxlength: 200 }),
    };
    const alert = formAlert();
    let saved = null;
    const form = h(
      "form",
      { class: "form", novalidate: true },
      alert,
      Object.values(fields).map((f) => f.wrap),
      h(
        "div",
        { class: "dialog-actions" },
        h("button", { type: "button", class: "btn", onclick: () => close() }, "Cancel"),
        h("button", { type: "submit", class: "btn primary" }, "Add plan"),
      ),
    );
    const { dialog, close } = formDialog("Plan a session", form);
    dialog.addEventListener("close", () => resolve(saved));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearErrors(fields, alert);
      const body = {
        date: fields.date.input.value,
        duration: numberOrRaw(fields.duration.input.value),
        sport: fields.sport.input.value || null,
        rpe: fields.rpe.input.value ? Number(fields.rpe.input.value) : null,
        load: numberOrRaw(fields.load.input.value),
        title: fields.title.input.value.trim() || null,
      };
      if (body.duration === null) delete body.duration;
      try {
        saved = await api.createPlan(athleteId, body);
        toast("Session planned");
        close();
      } catch (error) {
        showApiErrors(error, fields, alert);
      }
    });
  });
}
