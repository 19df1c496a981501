// The training log: newest first, filtered by athlete and dates, paged with limit/offset.

import { api } from "../api.js";
import { h, replace } from "../dom.js";
import { fmtDate, fmtKm, fmtMinutes, fmtPace, paceOf, plural } from "../format.js";
import { href } from "../router.js";
import { loadCell, loadExplanation, openSessionForm, sportLabel } from "../session-form.js";
import { athleteSelect, confirmDialog, emptyState, errorState, field, pageHeader, toast } from "../ui.js";

export const PAGE_SIZE = 20;

export async function renderLog(main, { query }) {
  const state = {
    athleteId: query.athleteId || "",
    startDate: query.startDate || "",
    endDate: query.endDate || "",
    offset: Math.max(0, Number.parseInt(query.offset, 10) || 0),
  };
  let loads = 0;
  const athletes = await api.listAthletes();
  const results = h("section", { class: "results", "aria-live": "polite", "aria-busy": "true" });
  const addButton = h(
    "button",
    { type: "button", class: "btn primary", onclick: () => addSession(), disabled: !athletes.length },
    "Add session",
  );

  const athleteFilter = field({
    label: "Athlete",
    name: "athleteId",
    control: athleteSelect(athletes, state.athleteId, "All athletes"),
  });
  const fromFilter = field({ label: "From", name: "startDate", type: "date", value: state.startDate });
  const toFilter = field({ label: "To", name: "endDate", type: "date", value: state.endDate });
  const clear = h("button", { type: "button", class: "btn ghost", onclick: clearFilters }, "Clear");
  const filters = h(
    "form",
    { class: "filters", "aria-label": "Filter sessions", onsubmit: (e) => e.preventDefault() },
    athleteFilter.wrap,
    fromFilter.wrap,
    toFilter.wrap,
    h("div", { class: "filters-actions" }, clear),
  );
  filters.addEventListener("change", () => {
    state.athleteId = athleteFilter.input.value;
    state.startDate = fromFilter.input.value;
    state.endDate = toFilter.input.value;
    state.offset = 0;
    load();
  });

  replace(main, pageHeader("Training log", addButton), filters, results);
  if (!athletes.length) {
    replace(
      results,
      emptyState(
        "No athletes yet",
        "Add an athlete first, then log their training sessions here.",
        h("a", { class: "btn primary", href: "#/athletes" }, "Add an athlete"),
      ),
    );
    results.setAttribute("aria-busy", "false");
    return;
  }
  await load();

  function clearFilters() {
    athleteFilter.input.value = "";
    fromFilter.input.value = "";
    toFilter.input.value = "";
    filters.dispatchEvent(new Event("change"));
  }

  function syncUrl() {
    const { athleteId, startDate, endDate, offset } = state;
    window.history.replaceState(null, "", href("/log", { athleteId, startDate, endDate, offset: offset || "" }));
  }

  async function load() {
    const ticket = ++loads;
    syncUrl();
    results.setAttribute("aria-busy", "true");
    try {
      const page = await api.listSessions({
        athleteId: state.athleteId,
        startDate: state.startDate,
        endDate: state.endDate,
        limit: PAGE_SIZE,
        offset: state.offset,
      });
      if (ticket !== loads) return;
      if (!page.data.length && state.offset > 0 && page.pagination.total > 0) {
        state.offset = Math.max(0, (Math.ceil(page.pagination.total / PAGE_SIZE) - 1) * PAGE_SIZE);
        return load();
      }
      replace(results, ...renderPage(page));
    } catch (error) {
      if (ticket === loads) replace(results, errorState(error, load));
    } finally {
      if (ticket === loads) results.setAttribute("aria-busy", "false");
    }
  }

  function renderPage({ data, pagination }) {
    const filtered = state.athleteId || state.startDate || state.endDate;
    if (!data.length) {
      return [
        emptyState(
          filtered ? "No sessions match" : "No sessions yet",
          filtered ? "Try another athlete or a wider date range." : "Log the first session to get going.",
          filtered ? null : h("button", { type: "button", class: "btn primary", onclick: addSession }, "Add session"),
        ),
      ];
    }
    const first = pagination.offset + 1;
    const last = pagination.offset + data.length;
    return [
      h("p", { class: "summary" }, `Showing ${first}–${last} of ${plural(pagination.total, "session")}`),
      sessionTable(data),
      pager(pagination),
    ];
  }

  function sessionTable(sessions) {
    const numeric = new Set(["Distance", "Duration", "Pace", "Load"]);
    const head = ["Date", "Athlete", "Sport", "Distance", "Duration", "Pace", "Load", "Notes", ""].map((t) =>
      h("th", { scope: "col", class: numeric.has(t) ? "num" : null }, t ? t : h("span", { class: "visually-hidden" }, "Actions")),
    );
    return h(
      "table",
      { class: "sessions" },
      h("caption", { class: "visually-hidden" }, "Training sessions, newest first"),
      h("thead", {}, h("tr", {}, head)),
      h("tbody", {}, sessions.map(sessionRow)),
    );
  }

  function sessionRow(s) {
    const when = fmtDate(s.date);
    return h(
      "tr",
      { dataset: { sessionId: s.id } },
      h("td", { class: "c-date", dataset: { label: "Date" } }, h("time", { datetime: s.date }, when)),
      h(
        "td",
        { class: "c-athlete", dataset: { label: "Athlete" } },
        h("a", { href: `#/athletes/${encodeURIComponent(s.athlete_id)}` }, s.athlete_name),
      ),
      h("td", { class: "c-sport", dataset: { label: "Sport" } }, sportLabel(s.sport)),
      h("td", { class: "num", dataset: { label: "Distance" } }, fmtKm(s.distance)),
      h("td", { class: "num", dataset: { label: "Duration" } }, fmtMinutes(s.duration)),
      h("td", { class: "num", dataset: { label: "Pace" } }, fmtPace(paceOf(s.duration, s.distance))),
      h("td", { class: "num c-load", dataset: { label: "Load" }, title: loadExplanation(s) }, loadCell(s)),
      h("td", { class: "c-notes", dataset: { label: "Notes" } }, s.notes || ""),
      h(
        "td",
        { class: "c-actions" },
        h(
          "button",
          { type: "button", class: "btn small", "aria-label": `Edit session of ${s.athlete_name} on ${when}`, onclick: () => editSession(s) },
          "Edit",
        ),
        h(
          "button",
          { type: "button", class: "btn small danger-ghost", "aria-label": `Delete session of ${s.athlete_name} on ${when}`, onclick: () => deleteSession(s) },
          "Delete",
        ),
      ),
    );
  }

  function pager({ total, limit, offset, hasMore }) {
    const pages = Math.max(1, Math.ceil(total / limit));
    const current = Math.floor(offset / limit) + 1;
    const go = (next) => {
      state.offset = Math.max(0, next);
      load().then(() => results.querySelector(".summary")?.scrollIntoView({ block: "nearest" }));
    };
    return h(
      "nav",
      { class: "pager", "aria-label": "Pages" },
      h("button", { type: "button", class: "btn", disabled: offset === 0, onclick: () => go(offset - limit) }, "← Newer"),
      h("span", { class: "pager-label" }, `Page ${current} of ${pages}`),
      h("button", { type: "button", class: "btn", disabled: !hasMore, onclick: () => go(offset + limit) }, "Older →"),
    );
  }

  async function addSession() {
    const saved = await openSessionForm({ athletes, athleteId: state.athleteId });
    if (saved) {
      state.offset = 0;
      await load();
    } else addButton.focus();
  }

  async function editSession(session) {
    const saved = await openSessionForm({ athletes, session });
    if (saved) await load();
    const row = results.querySelector(`tr[data-session-id="${CSS.escape(session.id)}"]`);
    (row ? row.querySelector("button") : addButton).focus();
  }

  async function deleteSession(session) {
    const choice = await confirmDialog({
      title: "Delete this session?",
      body: h(
        "p",
        {},
        `${session.athlete_name} · ${fmtDate(session.date)} · ${fmtKm(session.distance)} in ${fmtMinutes(session.duration)}. `,
        "This can't be undone.",
      ),
      actions: [
        { label: "Cancel", value: null },
        { label: "Delete session", kind: "danger", value: "delete" },
      ],
    });
    if (!choice) return;
    try {
      await api.deleteSession(session.id);
      toast("Session deleted.");
    } catch (error) {
      toast(error.message, "error");
    }
    await load();
    addButton.focus();
  }
}
