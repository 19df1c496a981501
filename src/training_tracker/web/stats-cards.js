// Statistics as a grid of cards: totals, averages and pace.

import { h } from "./dom.js";
import { fmtKm, fmtMinutes, fmtNumber, fmtPace } from "./format.js";

export function statsCards(stats) {
  const cards = [
    ["Sessions", fmtNumber(stats.totalSessions), null],
    ["Total distance", fmtKm(stats.totalDistance), null],
    ["Total time", fmtMinutes(stats.totalDuration), null],
    ["Average pace", fmtPace(stats.averagePace), "total time ÷ total distance"],
    ["Average distance", fmtKm(stats.averageDistance), "per session"],
    ["Average duration", fmtMinutes(stats.averageDuration), "per session"],
  ];
  return h(
    "dl",
    { class: "stat-grid" },
    cards.map(([label, value, note]) =>
      h(
        "div",
        { class: "stat-card" },
        h("dt", {}, label),
        h("dd", { class: "stat-value" }, value),
        note ? h("dd", { class: "stat-note" }, note) : null,
      ),
    ),
  );
}
