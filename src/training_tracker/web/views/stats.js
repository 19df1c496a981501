// Statistics for everyone or one athlete over a date range, with quick range presets.

import { api } from "../api.js";
import { h, replace } from "../dom.js";
import { addDays, todayIso } from "../format.js";
import { href } from "../router.js";
import { statsCards } from "../stats-cards.js";
import { athleteSelect, errorState, field, pageHeader } from "../ui.js";

const PRESETS = [
  ["7 days", 7],
  ["30 days", 30],
  ["90 days", 90],
  ["1 year", 365],
  ["All time", 0],
];

export async function renderStats(main, { query }) {
  let loads = 0;
  const athletes = await api.listAthletes();
  const athlete = field({
    label: "Athlete",
    name: "athleteId",
    control: athleteSelect(athletes, query.athleteId || "", "Everyone"),
  });
  const from = field({ label: "From", name: "startDate", type: "date", value: query.startDate || "" });
  const to = field({ label: "To", name: "endDate", type: "date", value: query.endDate || "" });
  const presets = h(
    "div",
    { class: "chips", role: "group", "aria-label": "Quick ranges" },
    PRESETS.map(([label, days]) =>
      h("button", { type: "button", class: "chip", onclick: () => preset(days) }, label),
    ),
  );
  const form = h(
    "form",
    { class: "filters three", "aria-label": "Statistics range", onsubmit: (e) => e.preventDefault() },
    athlete.wrap,
    from.wrap,
    to.wrap,
  );
  const heading = h("h2", { class: "section-title" });
  const output = h("section", { class: "results", "aria-live": "polite" });
  form.addEventListener("change", load);

  replace(main, pageHeader("Statistics"), form, presets, heading, output);
  await load();

  function preset(days) {
    to.input.value = days ? todayIso() : "";
    from.input.value = days ? addDays(todayIso(), 1 - days) : "";
    load();
  }

  async function load() {
    const ticket = ++loads;
    const params = { startDate: from.input.value, endDate: to.input.value };
    const athleteId = athlete.input.value;
    window.history.replaceState(null, "", href("/stats", { athleteId, ...params }));
    const who = athleteId ? athletes.find((a) => a.id === athleteId)?.name : "Everyone";
    heading.textContent = `${who} · ${rangeLabel(params)}`;
    try {
      const stats = athleteId
        ? await api.athleteStatistics(athleteId, params)
        : await api.statistics(params);
      if (ticket === loads) replace(output, statsCards(stats));
    } catch (error) {
      if (ticket === loads) replace(output, errorState(error, load));
    }
  }
}

function rangeLabel({ startDate, endDate }) {
  if (startDate && endDate) return `${startDate} to ${endDate}`;
  if (startDate) return `from ${startDate}`;
  if (endDate) return `until ${endDate}`;
  return "all time";
}
