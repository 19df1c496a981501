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
};

/** The board may answer a plain array or a paged {data: [...]} body. */
function rowsOf(body) {
  if (Array.isArray(body)) return body;
  if (body && Array.isArray(body.data)) return body.data;
  if (body && typeof body === "object") return Object.values(body).find(Array.isArray) || [];
  return [];
}

export async function renderBoard(main, { query }) {
  let loads = 0;
  const date = field({ label: "Date", name: "date", type: "date", value: query.date || todayIso() });
  const output = h("section", { class: "results", "aria-live": "polite" });
  const form = h("form", { class: "filters compact", "aria-label": "Board date", onsubmit: (e) => e.preventDefault() }, date.wrap);
  form.addEventListener("change", load);
  replace(
    main,
    pageHeader("Coach's board"),
    h(
      "p",
      { class: "lede" },
      "Fitness (CTL), fatigue (ATL), form (TSB) and the acute:chronic workload ratio for every athlete. ",
      "ACWR zones are a rule of thumb, not a diagnosis.",
    ),
    form,
    output,
  );
  await load();

  async function load() {
    const ticket = ++loads;
    window.history.replaceState(null, "", href("/board", { date: date.input.value }));
    try {
      const rows = rowsOf(await api.board({ date: date.input.value }));
      if (ticket !== loads) return;
      replace(output, rows.length ? table(rows) : emptyState("No athletes yet", "Add athletes to see them here."));
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
            r.acwrZone ? h("span", { class: `zone zone-${r.acwrZone}` }, ZONES[r.acwrZone] || r.acwrZone) : "—",
          ),
        ),
      ),
    ),
  );
}
