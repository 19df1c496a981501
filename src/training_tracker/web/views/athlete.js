// One athlete: statistics, the training-load chart over a chosen range (continued dashed
// through planned sessions), form on a race day, the week calendar, recent sessions.

import { api } from "../api.js";
import { weekCalendar } from "../calendar.js";
import { trainingLoadChart } from "../chart.js";
import { h, replace } from "../dom.js";
import { exportButtons } from "../export-buttons.js";
import { addDays, fmtDate, fmtKm, fmtMinutes, fmtNumber, fmtShortDate, todayIso } from "../format.js";
import { profileSummary } from "../profile-fields.js";
import { href } from "../router.js";
import { loadCell, loadExplanation, openSessionForm, sportLabel } from "../session-form.js";
import { statsCards } from "../stats-cards.js";
import { emptyState, errorState, field, pageHeader, unavailable } from "../ui.js";

// How far ahead the chart looks for planned sessions to project through.
const PLAN_HORIZON_DAYS = 56;

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
  const weeksOut = h("div", { class: "weeks" });
  const raceOut = h("p", { class: "race-day-result", "aria-live": "polite" });
  const race = field({ label: "Race day", name: "raceDay", type: "date", value: query.race || "" });
  race.input.addEventListener("change", () => raceDay());
  const calendarOut = h("div", { class: "calendar", "aria-labelledby": "calendar-title" });
  const recentOut = h("div");
  const logButton = h("button", { type: "button", class: "btn primary", onclick: addSession }, "Log a session");

  replace(
    main,
    h("p", { class: "breadcrumb" }, h("a", { href: "#/athletes" }, "← All athletes")),
    pageHeader(
      athlete.name,
      h("a", { class: "btn", href: href("/log", { athleteId: athlete.id }) }, "View log"),
      exportButtons(athlete.id),
      logButton,
    ),
    h(
      "p",
      { class: "profile-line muted" },
      profileSummary(athlete) || "No heart rates recorded: only sessions with an RPE get a load.",
      " ",
      h("a", { href: "#/athletes" }, "Edit profile"),
    ),
    h("div", { class: "chips", role: "group", "aria-label": "Range" }, rangeButtons),
    h("section", { "aria-labelledby": "stats-title" }, h("h2", { id: "stats-title", class: "section-title" }, "Statistics"), statsOut),
    h(
      "section",
      { class: "card", "aria-labelledby": "load-title" },
      h("h2", { id: "load-title", class: "section-title" }, "Training load"),
      chartOut,
      h("div", { class: "race-day" }, race.wrap, raceOut),
      weeksOut,
    ),
    h(
      "section",
      { class: "card", "aria-labelledby": "plan-title" },
      h("h2", { id: "plan-title", class: "section-title" }, "Plan"),
      calendarOut,
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
  weekCalendar(calendarOut, athlete.id, { onChange: () => Promise.all([loadChart(), loadRecent(), raceDay()]) });
  await Promise.all([refresh(), raceDay()]);

  /** Form, fitness and fatigue on the chosen race day (projected through plans if ahead). */
  async function raceDay() {
    const day = race.input.value;
    if (!day) {
      replace(raceOut, h("span", { class: "muted" }, "Pick a race day to see the form you are heading for."));
      return;
    }
    try {
      const load = await api.trainingLoad(athlete.id, { startDate: day, endDate: day });
      const d = load.days[0];
      const sign = d.tsb > 0 ? "+" : "";
      replace(
        raceOut,
        h("strong", { class: "race-form" }, `Form on ${fmtDate(day)}: ${sign}${fmtNumber(d.tsb)}`),
        ` · fitness ${fmtNumber(d.ctl)} · fatigue ${fmtNumber(d.atl)}`,
        d.projected ? h("span", { class: "muted" }, " (projected from the plan)") : null,
      );
    } catch (error) {
      replace(raceOut, errorState(error, raceDay));
    }
  }

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

  /** The chart's range: the chosen days, continued to the last planned session ahead. */
  async function chartRange() {
    const base = range();
    try {
      const ahead = await api.listPlans(athlete.id, {
        startDate: addDays(base.endDate, 1),
        endDate: addDays(base.endDate, PLAN_HORIZON_DAYS),
      });
      const last = ahead.data.map((p) => p.date).sort().pop();
      return last ? { ...base, endDate: last } : base;
    } catch {
      return base; // a server without plans: the chart as before
    }
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
      const load = await api.trainingLoad(athlete.id, await chartRange());
      if (gen !== generation) return;
      redraw = null;
      if (!load.days?.length || load.days.every((d) => !d.load && !d.ctl && !d.atl)) {
        replace(
          chartOut,
          emptyState(
            "No training load in this range",
            "Log sessions with an effort (RPE), or heart rates, to see fitness, fatigue and form.",
          ),
        );
        replace(weeksOut);
        return;
      }
      redraw = trainingLoadChart(chartOut, load.days);
      replace(weeksOut, weeksTable(load.weeks || []));
    } catch (error) {
      if (error.isMissingRoute) {
        into(chartOut, gen, unavailable("This server does not compute training load yet."));
        into(weeksOut, gen);
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
              h("span", {}, [sportLabel(s.sport), fmtKm(s.distance), fmtMinutes(s.duration)].filter((t) => t !== "—").join(" · ")),
              s.rpe ? h("span", {}, `RPE ${s.rpe}`) : null,
              s.avgHeartRate ? h("span", {}, `avg ${fmtNumber(s.avgHeartRate)} bpm`) : null,
              h("span", { class: "recent-load", title: loadExplanation(s) }, "Load ", loadCell(s)),
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

/** Weekly load, monotony and strain (Foster), newest week first. */
function weeksTable(weeks) {
  if (!weeks.length) return null;
  const rows = [...weeks].reverse();
  return h(
    "div",
    { class: "weeks-inner" },
    h("h3", { class: "subsection-title", id: "weeks-title" }, "Weeks"),
    h(
      "p",
      { class: "field-hint" },
      "Monotony = average daily load ÷ its standard deviation (rest days count as 0); strain = weekly load × monotony. ",
      "High monotony with a high load is the pattern to watch.",
    ),
    h(
      "div",
      { class: "table-scroll", tabindex: 0, role: "region", "aria-labelledby": "weeks-title" },
      h(
        "table",
        { class: "weeks-table" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col" }, "Week of"),
            ["Sessions", "Load", "Monotony", "Strain"].map((t) => h("th", { scope: "col", class: "num" }, t)),
          ),
        ),
        h(
          "tbody",
          {},
          rows.map((w) =>
            h(
              "tr",
              { dataset: { weekStart: w.weekStart } },
              h("th", { scope: "row" }, h("time", { datetime: w.weekStart }, fmtShortDate(w.weekStart))),
              h("td", { class: "num" }, String(w.sessions)),
              h("td", { class: "num" }, fmtNumber(w.load)),
              h("td", { class: "num" }, fmtNumber(w.monotony)),
              h("td", { class: "num" }, fmtNumber(w.strain)),
            ),
          ),
        ),
      ),
    ),
  );
}
