// One week of an athlete's training, Monday to Sunday: the sessions done and the sessions
// planned, with ways to plan, move, delete a plan and log it as done.

import { api } from "./api.js";
import { h, replace } from "./dom.js";
import { addDays, fmtMinutes, fmtNumber, fmtShortDate, todayIso } from "./format.js";
import { openPlanForm, planBody } from "./plan-form.js";
import { sportLabel } from "./session-form.js";
import { errorState, toast } from "./ui.js";

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

export function mondayOf(iso) {
  const weekday = (new Date(`${iso}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(iso, -weekday);
}

/** Renders the calendar into `container`; `onChange` runs after every change it makes. */
export function weekCalendar(container, athleteId, { onChange = () => {} } = {}) {
  let monday = mondayOf(todayIso());
  const title = h("h3", { class: "subsection-title", id: "calendar-title" });
  const grid = h("div", { class: "calendar-grid" });
  const nav = h(
    "div",
    { class: "chips", role: "group", "aria-label": "Week" },
    h("button", { type: "button", class: "chip", onclick: () => go(-7) }, "← Previous week"),
    h("button", { type: "button", class: "chip", onclick: () => go(null) }, "This week"),
    h("button", { type: "button", class: "chip", onclick: () => go(7) }, "Next week →"),
  );
  replace(container, h("div", { class: "calendar-head" }, title, nav), grid);

  function go(step) {
    monday = step === null ? mondayOf(todayIso()) : addDays(monday, step);
    refresh();
  }

  async function changed(message) {
    if (message) toast(message);
    await refresh();
    onChange();
  }

  async function run(action, message) {
    try {
      await action();
      await changed(message);
    } catch (error) {
      toast(error.message, "error");
    }
  }

  function planItem(plan) {
    const move = (days) =>
      run(() => api.updatePlan(athleteId, plan.id, { ...planBody(plan), date: addDays(plan.date, days) }), "Plan moved");
    // One request: the session is logged and the plan marked done together, or neither.
    const logDone = () => run(() => api.completePlan(athleteId, plan.id), "Logged as done");
    const name = plan.title || sportLabel(plan.sport);
    return h(
      "li",
      { class: "cal-item planned", dataset: { planId: plan.id } },
      h("span", { class: "cal-what" }, name),
      h(
        "span",
        { class: "cal-detail" },
        fmtMinutes(plan.duration),
        plan.plannedLoad !== null ? ` · load ${fmtNumber(plan.plannedLoad)}` : "",
      ),
      h(
        "span",
        { class: "cal-actions" },
        h("button", { type: "button", class: "icon-btn", "aria-label": `Move ${name} a day earlier`, onclick: () => move(-1) }, "◀"),
        h("button", { type: "button", class: "icon-btn", "aria-label": `Move ${name} a day later`, onclick: () => move(1) }, "▶"),
        h("button", { type: "button", class: "icon-btn", "aria-label": `Log ${name} as done`, onclick: logDone }, "✓"),
        h(
          "button",
          { type: "button", class: "icon-btn", "aria-label": `Delete plan ${name}`, onclick: () => run(() => api.deletePlan(athleteId, plan.id), "Plan deleted") },
          "✕",
        ),
      ),
    );
  }

  function doneItem(session) {
    return h(
      "li",
      { class: "cal-item done", dataset: { sessionId: session.id } },
      h("span", { class: "cal-what" }, sportLabel(session.sport)),
      h(
        "span",
        { class: "cal-detail" },
        fmtMinutes(session.duration),
        session.load !== null && session.load !== undefined ? ` · load ${fmtNumber(session.load)}` : "",
      ),
    );
  }

  async function refresh() {
    const sunday = addDays(monday, 6);
    title.textContent = `Week of ${fmtShortDate(monday)}`;
    const range = { startDate: monday, endDate: sunday };
    try {
      const [sessions, plans] = await Promise.all([
        api.listSessions({ athleteId, ...range, limit: 100 }),
        api.listPlans(athleteId, range),
      ]);
      const today = todayIso();
      replace(
        grid,
        WEEKDAYS.map((label, i) => {
          const day = addDays(monday, i);
          const done = sessions.data.filter((s) => s.date === day);
          // a completed plan shows as the session it became
          const planned = plans.data.filter((p) => p.date === day && !p.sessionId);
          return h(
            "section",
            { class: `cal-day${day === today ? " today" : ""}`, dataset: { date: day }, "aria-label": `${label} ${fmtShortDate(day)}` },
            h("p", { class: "cal-date" }, `${label} ${fmtShortDate(day)}`),
            h("ul", { class: "cal-list" }, done.map(doneItem), planned.map(planItem)),
            h(
              "button",
              {
                type: "button",
                class: "icon-btn cal-add",
                "aria-label": `Plan a session on ${label} ${fmtShortDate(day)}`,
                onclick: async () => {
                  if (await openPlanForm({ athleteId, date: day })) await changed(null);
                },
              },
              "+ Plan",
            ),
          );
        }),
      );
    } catch (error) {
      replace(grid, errorState(error, refresh));
    }
  }

  refresh();
  return refresh;
}
