// The coach's board: every athlete's fitness, fatigue, form and ACWR on one date.

import { api } from "../api.js";
import { h, replace } from "../dom.js";
import { fmtOne, todayIso } from "../format.js";
import { href } from "../router.js";
import { emptyState, errorState, field, pageHeader, unavailable } from "../ui.js";

const ZONES = {
  low: "Low",
  optimal: "Optimal",
  high: "High",
  "very-high": "Very high",
  building: "Building",
};
const ZONE_RANGES = [
  ["low", "below 0.8"],
  ["optimal", "0.8–1.3"],
  ["high", "1.3–1.5"],
  ["very-high", "above 1.5"],
  ["building", "under 28 days of history"],
];
const PAGE_SIZE = 50;

function zoneBadge(zone) {
  if (!zone) return h("span", { class: "zone zone-none" }, "No data");
  return h("span", { class: `zone zone-${zone}` }, ZONES[zone] || zone);
}

/** The board may answer a plain array or a paged {data: [...]} body. */
function rowsOf(body) {
  if (Array.isArray(body)) return body;
  if (body && Array.isArray(body.data)) return body.data;
  if (body && typeof body === "object") return Object.values(body).find(Array.isArray) || [];
  return [];
}

export async function renderBoard(main, { query }) {
  let loads = 0;
  let offset = 0;
  const date = field({ label: "Date", name: "date", type: "date", value: query.date || todayIso() });
  const output = h("section", { class: "results", "aria-live": "polite" });
  const form = h("form", { class: "filters compact", "aria-label": "Board date", onsubmit: (e) => e.preventDefault() }, date.wrap);
  form.addEventListener("change", () => {
    offset = 0;
    load();
  });
  replace(
    main,
    pageHeader("Coach's board"),
    h(
      "p",
      { class: "lede" },
      "Fitness (CTL), fatigue (ATL), form (TSB) and the acute:chronic workload ratio (ACWR) for every athlete on one day.",
    ),
    form,
    output,
    h(
      "aside",
      { class: "notice notice-calm zone-note", "aria-labelledby": "zones-title" },
      h("p", { class: "notice-title", id: "zones-title" }, "ACWR zones are a rule of thumb, not a diagnosis"),
      h(
        "ul",
        { class: "zone-legend" },
        ZONE_RANGES.map(([zone, range]) => h("li", {}, zoneBadge(zone), " ", range)),
      ),
      h(
        "p",
        {},
        "They come from team-sport injury studies and their value is debated: use a zone to start a conversation, not to decide. ",
        "Anyone with less than about four weeks of history shows a high ratio.",
      ),
    ),
  );
  await load();

  function pager(pagination) {
    if (!pagination || pagination.total <= pagination.limit) return null;
    const go = (next) => {
      offset = Math.max(0, next);
      load();
    };
    const pages = Math.ceil(pagination.total / pagination.limit);
    return h(
      "nav",
      { class: "pager", "aria-label": "Pages" },
      h("button", { type: "button", class: "btn", disabled: offset === 0, onclick: () => go(offset - PAGE_SIZE) }, "← Previous"),
      h("span", { class: "pager-label" }, `Page ${Math.floor(offset / PAGE_SIZE) + 1} of ${pages}`),
      h("button", { type: "button", class: "btn", disabled: !pagination.hasMore, onclick: () => go(offset + PAGE_SIZE) }, "Next →"),
    );
  }

  async function load() {
    const ticket = ++loads;
    window.history.replaceState(null, "", href("/board", { date: date.input.value }));
    try {
      const body = await api.board({ date: date.input.value, limit: PAGE_SIZE, offset });
      const rows = rowsOf(body);
      if (ticket !== loads) return;
      replace(
        output,
        rows.length ? table(rows) : emptyState("No athletes yet", "Add athletes to see them here."),
        pager(body?.pagination),
      );
    } catch (error) {
      if (ticket !== loads) return;
      if (error.isMissingRoute) {
        replace(output, unavailable("This server does not offer the coach's board yet."));
      } else {
        replace(output, errorState(error, load));
      }
    }
  }
}

function table(rows) {
  const head = ["Athlete", "Fitness (CTL)", "Fatigue (ATL)", "Form (TSB)", "ACWR", "Zone"];
  return h(
    "table",
    { class: "board" },
    h("thead", {}, h("tr", {}, head.map((t) => h("th", { scope: "col" }, t)))),
    h(
      "tbody",
      {},
      rows.map((r) =>
        h(
          "tr",
          {},
          h("th", { scope: "row", dataset: { label: "Athlete" } }, h("a", { href: `#/athletes/${encodeURIComponent(r.athleteId)}` }, r.name)),
          h("td", { class: "num", dataset: { label: "Fitness" } }, fmtOne(r.ctl)),
          h("td", { class: "num", dataset: { label: "Fatigue" } }, fmtOne(r.atl)),
          h("td", { class: `num ${r.tsb < 0 ? "neg" : ""}`, dataset: { label: "Form" } }, fmtOne(r.tsb)),
          h("td", { class: "num", dataset: { label: "ACWR" } }, r.acwr === null || r.acwr === undefined ? "—" : r.acwr.toFixed(2)),
          h(
            "td",
            { dataset: { label: "Zone" } },
            zoneBadge(r.acwrZone),
          ),
        ),
      ),
    ),
  );
}
