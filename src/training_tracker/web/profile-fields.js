// An athlete's optional profile: resting and max heart rate and sex, which give sessions
// without an RPE a heart-rate (TRIMP) load. Shared by the add form and the inline editor.

import { h } from "./dom.js";
import { fmtNumber } from "./format.js";
import { field } from "./ui.js";

const SEXES = [
  ["female", "Female"],
  ["male", "Male"],
];

export const PROFILE_HINT =
  "Optional. With resting and max heart rate (bpm), sessions without an RPE get a heart-rate load; sex sets its weighting.";

function heartRate(label, name, value) {
  return field({
    label,
    name,
    type: "text",
    inputmode: "numeric",
    autocomplete: "off",
    value: value === null || value === undefined ? "" : String(value),
  });
}

/** {restingHeartRate, maxHeartRate, sex} fields, filled from `athlete` when given. */
export function profileFields(athlete = null) {
  const sex = h(
    "select",
    {},
    h("option", { value: "" }, "Not recorded"),
    SEXES.map(([value, label]) => h("option", { value }, label)),
  );
  sex.value = athlete?.sex || "";
  return {
    restingHeartRate: heartRate("Resting HR", "restingHeartRate", athlete?.restingHeartRate),
    maxHeartRate: heartRate("Max HR", "maxHeartRate", athlete?.maxHeartRate),
    sex: field({ label: "Sex", name: "sex", control: sex }),
  };
}

function optionalNumber(text) {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : trimmed;
}

/**
 * The profile part of a request body. `all` sends every field (null clears it, for an edit
 * that shows them all); otherwise empty ones are left out.
 */
export function profileBody(fields, { all = false } = {}) {
  const body = {
    restingHeartRate: optionalNumber(fields.restingHeartRate.input.value),
    maxHeartRate: optionalNumber(fields.maxHeartRate.input.value),
    sex: fields.sex.input.value || null,
  };
  return all ? body : Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null));
}

/** "HR 52–188 bpm · female", or null when nothing is recorded. */
export function profileSummary(athlete) {
  const parts = [];
  const rest = athlete.restingHeartRate;
  const top = athlete.maxHeartRate;
  if (rest !== null && rest !== undefined && top !== null && top !== undefined) {
    parts.push(`HR ${fmtNumber(rest)}–${fmtNumber(top)} bpm`);
  } else if (rest !== null && rest !== undefined) {
    parts.push(`resting HR ${fmtNumber(rest)} bpm`);
  } else if (top !== null && top !== undefined) {
    parts.push(`max HR ${fmtNumber(top)} bpm`);
  }
  if (athlete.sex) parts.push(athlete.sex);
  return parts.length ? parts.join(" · ") : null;
}
