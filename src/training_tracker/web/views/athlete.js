// One athlete: statistics and the training-load chart over a chosen range, recent sessions.

import { api } from "../api.js";
import { trainingLoadChart } from "../chart.js";
import { h, replace } from "../dom.js";
import { addDays, fmtDate, fmtKm, fmtMinutes, todayIso } from "../format.js";
import { href } from "../router.js";
import { openSessionForm } from "../session-form.js";
import { statsCards } from "../stats-cards.js";
import { emptyState, errorState, pageHeader, unavailable } from "../ui.js";

const RANGES = [
  ["6 weeks", 42],
  ["12 weeks", 84],
  ["6 months", 182],
  ["1 year", 365],
];

export async function renderAthlete(main, { params, query }, { onCleanup }) {
  let athlete;
  try {
    athlete = await api.getAthlete(params.id);
  } catch (error) {
    if (error.status !== 404) throw error;
    replace(
      main,
      emptyState("Athlete not found", "They may have been deleted.", h("a", { class: "btn", href: "#/athletes" }, "All athletes")),
    );
    return;
  }
  let days = Number.parseInt(query.days, 10) || 84;
  const rangeButtons = RANGES.map(([label, n]) =>
    h("button", { type: "button", class: "chip", "aria-pressed": String(n === days), onclick: () => setRange(n) }, label),
  );
  const statsOut = h("div", { "aria-live": "polite" });
  const chartOut = h("div", { class: "chart" });
  const recentOut = h("div");
  const logButton = h("button", { type: "button", class: "btn primary", onclick: addSession }, "Log a session");

  replace(
    main,
    h("p", { class: "breadcrumb" }, h("a", { href: "#/athletes" }, "← All athletes")),
    pageHeader(athlete.name, h("a", { class: "btn", href: href("/log", { athleteId: athlete.id }) }, "View log"), logButton),
    h("div", { class: "chips", role: "group", "aria-label": "Range" }, rangeButtons),
    h("section", { "aria-labelledby": "stats-title" }, h("h2", { id: "stats-title", class: "section-title" }, "Statistics"), statsOut),
    h(
      "section",
      { class: "card", "aria-labelledby": "load-title" },
      h("h2", { id: "load-title", class: "section-title" }, "Training load"),
      chartOut,
    ),
    h("section", { "aria-labelledby": "recent-title" }, h("h2", { id: "recent-title", class: "section-title" }, "Recent sessions"), recentOut),
  );

  let redraw = null;
  // A range change while an older answer is on its way must not be overwritten by it.
  let generation = 0;
  const onResize = () => {
    clearTimeout(onResize.timer);
    onResize.timer = setTimeout(() => redraw?.(), 120);
  };
  window.addEventListener("resize", onResize);
  onCleanup(() => window.removeEventListener("resize", onResize));
  await refresh();

  function setRange(n) {
    days = n;
    rangeButtons.forEach((b, i) => b.setAttribute("aria-pressed", String(RANGES[i][1] === n)));
    window.history.replaceState(null, "", href(`/athletes/${encodeURIComponent(athlete.id)}`, { days: n }));
    refresh();
  }

  function range() {
    const endDate = todayIso();
    return { startDate: addDays(endDate, 1 - days), endDate };
  }

  async function refresh() {
    generation += 1;
    await Promise.all([loadStats(), loadChart(), loadRecent()]);
  }

  function into(target, gen, ...content) {
    if (gen === generation) replace(target, ...content);
  }

  async function loadStats() {
    const gen = generation;
    try {
      into(statsOut, gen, statsCards(await api.athleteStatistics(athlete.id, range())));
    } catch (error) {
      into(statsOut, gen, errorState(error, loadStats));
    }
  }

  async function loadChart() {
    const gen = generation;
    try {
      const load = await api.trainingLoad(athlete.id, range());
      if (gen !== generation) return;
      redraw = null;
      if (!load.days?.length) {
        replace(chartOut, emptyState("No training load yet", "Sessions with a load show up here."));
        return;
      }
      redraw = trainingLoadChart(chartOut, load.days);
    } catch (error) {
      if (error.isMissingRoute) {
        into(chartOut, gen, unavailable("This server does not compute training load yet."));
      } else {
        into(chartOut, gen, errorState(error, loadChart));
      }
    }
  }

  async function loadRecent() {
    const gen = generation;
    try {
      const page = await api.listSessions({ athleteId: athlete.id, limit: 5 });
      if (!page.data.length) {
        into(recentOut, gen, emptyState("No sessions yet", "Log the first one with the button above."));
        return;
      }
      into(
        recentOut,
        gen,
        h(
          "ul",
          { class: "recent" },
          page.data.map((s) =>
            h(
              "li",
              {},
              h("time", { datetime: s.date }, fmtDate(s.date)),
              h("span", {}, `${fmtKm(s.distance)} · ${fmtMinutes(s.duration)}`),
              s.notes ? h("span", { class: "muted" }, s.notes) : null,
            ),
          ),
        ),
      );
    } catch (error) {
      into(recentOut, gen, errorState(error, loadRecent));
    }
  }

  async function addSession() {
    const athletes = await api.listAthletes();
    const saved = await openSessionForm({ athletes, athleteId: athlete.id });
    if (saved) await refresh();
    else logButton.focus();
  }
}
