// The training-load chart, drawn by hand in SVG: daily load as bars, fitness (CTL) and
// fatigue (ATL) as lines, form (TSB) around zero, in three panels sharing the date axis.
// Lines are labelled where they end; arrow keys or the pointer move a day readout. Projected
// days (after today, through planned sessions) are drawn dashed, their bars hollow.

import { h, svg, replace } from "./dom.js";
import { fmtOne, fmtShortDate, fmtDate } from "./format.js";

const SERIES = [
  { key: "ctl", label: "Fitness", abbr: "CTL", cls: "s-ctl" },
  { key: "atl", label: "Fatigue", abbr: "ATL", cls: "s-atl" },
  { key: "tsb", label: "Form", abbr: "TSB", cls: "s-tsb" },
];
const PAD = { left: 40, right: 84, top: 26, gap: 36, bottom: 26 };

function niceMax(value) {
  if (value <= 0) return 10;
  const step = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * step >= value) return m * step;
  return 10 * step;
}

function ticks(max, count = 4) {
  return Array.from({ length: count + 1 }, (_, i) => (max / count) * i);
}

function linePath(points) {
  return points.map(([x, y], i) => `${i ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)}`).join("");
}

function dateTicks(days, width) {
  const maxTicks = Math.max(2, Math.floor(width / 80));
  const every = Math.max(1, Math.ceil(days.length / maxTicks));
  return days.map((d, i) => [d, i]).filter(([, i]) => (days.length - 1 - i) % every === 0);
}

/** Renders into `container`; returns a function that redraws at the container's width. */
export function trainingLoadChart(container, days) {
  const readout = h("p", { class: "chart-readout", "aria-live": "polite" });
  const holder = h("div", { class: "chart-holder" });
  replace(container, readout, holder);
  let selected = days.length - 1;

  function showReadout() {
    const d = days[selected];
    if (!d) return;
    replace(
      readout,
      h("strong", {}, fmtDate(d.date)),
      h("span", { class: "r-load" }, `Load ${fmtOne(d.load)}`),
      SERIES.map((s) => h("span", { class: `r-${s.key}` }, `${s.label} ${fmtOne(d[s.key])}`)),
      h("span", { class: "acwr" }, `ACWR ${d.acwr === null || d.acwr === undefined ? "—" : d.acwr.toFixed(2)}`),
      d.projected ? h("span", { class: "r-projected" }, "projected from plans") : null,
    );
  }

  function draw() {
    const width = Math.max(300, holder.clientWidth || container.clientWidth || 600);
    const narrow = width < 500;
    // Three panels, each on its own scale: a day's load is several times the 42- and 7-day
    // averages, so on one shared axis the fitness and fatigue lines would hug the bottom.
    const loadH = narrow ? 70 : 90;
    const mainH = narrow ? 140 : 190;
    const formH = narrow ? 70 : 90;
    const loadTop = PAD.top;
    const mainTop = loadTop + loadH + PAD.gap;
    const formTop = mainTop + mainH + PAD.gap;
    const height = formTop + formH + PAD.bottom;
    const plotW = width - PAD.left - PAD.right;
    const n = Math.max(1, days.length);
    const slot = plotW / n;
    const x = (i) => PAD.left + slot * (i + 0.5);

    const loadMax = niceMax(Math.max(...days.map((d) => d.load || 0)));
    const yLoad = (v) => loadTop + loadH - ((v || 0) / loadMax) * loadH;
    const top = niceMax(Math.max(...days.map((d) => Math.max(d.ctl || 0, d.atl || 0))));
    const yMain = (v) => mainTop + mainH - ((v || 0) / top) * mainH;
    const formMax = niceMax(Math.max(1, ...days.map((d) => Math.abs(d.tsb || 0))));
    const yForm = (v) => formTop + formH / 2 - ((v || 0) / formMax) * (formH / 2);

    const gridLine = (y, label, cls = "grid") =>
      svg(
        "g",
        { class: cls },
        svg("line", { x1: PAD.left, x2: PAD.left + plotW, y1: y, y2: y }),
        label === null ? null : svg("text", { x: PAD.left - 6, y: y + 4, "text-anchor": "end" }, label),
      );
    const loadGrid = [0, loadMax / 2, loadMax].map((t) => gridLine(yLoad(t), Math.round(t)));
    const grid = ticks(top).map((t) => gridLine(yMain(t), Math.round(t)));
    const formGrid = [formMax, 0, -formMax].map((t) =>
      gridLine(yForm(t), t > 0 ? `+${t}` : t === 0 ? "0" : `−${-t}`, t === 0 ? "grid zero" : "grid"),
    );
    const barW = Math.max(1, Math.min(18, slot * 0.7));
    const bars = days.map((d, i) =>
      d.load > 0
        ? svg("rect", {
            class: d.projected ? "bar planned" : "bar",
            x: x(i) - barW / 2,
            y: yLoad(d.load),
            width: barW,
            height: Math.max(1, loadTop + loadH - yLoad(d.load)),
            rx: Math.min(2, barW / 3),
          })
        : null,
    );
    // Projected days continue each line dashed from the last day that is not projected.
    const firstProjected = days.findIndex((d) => d.projected);
    const split = firstProjected === -1 ? days.length : firstProjected;
    const lines = SERIES.flatMap((s) => {
      const y = s.key === "tsb" ? yForm : yMain;
      const points = days.map((d, i) => [x(i), y(d[s.key])]);
      const done = points.slice(0, split);
      const ahead = points.slice(Math.max(0, split - 1));
      return [
        done.length ? svg("path", { class: `line ${s.cls}`, d: linePath(done) }) : null,
        split < days.length ? svg("path", { class: `line projected ${s.cls}`, d: linePath(ahead) }) : null,
      ];
    });
    const formArea = svg("path", {
      class: "area s-tsb",
      d: `${linePath(days.map((d, i) => [x(i), yForm(d.tsb)]))}L${x(n - 1)},${yForm(0)}L${x(0)},${yForm(0)}Z`,
    });
    const last = days[days.length - 1] || {};
    const endLabels = placeLabels([
      { s: SERIES[0], y: yMain(last.ctl) },
      { s: SERIES[1], y: yMain(last.atl) },
    ]).concat([{ s: SERIES[2], y: yForm(last.tsb) }]);
    const labels = endLabels.map(({ s, y }) =>
      svg(
        "text",
        { class: `end-label ${s.cls}`, x: PAD.left + plotW + 6, y: y + 4 },
        `${s.label} ${Math.round(last[s.key] || 0)}`,
      ),
    );
    const xAxis = dateTicks(days, plotW).map(([d, i]) =>
      svg("text", { class: "x-tick", x: x(i), y: height - 8, "text-anchor": "middle" }, fmtShortDate(d.date)),
    );
    const cursor = svg("line", { class: "cursor", y1: loadTop, y2: formTop + formH });
    const panelTitles = [
      svg("text", { class: "panel-title", x: PAD.left, y: loadTop - 10 }, "Daily load"),
      svg("text", { class: "panel-title", x: PAD.left, y: mainTop - 10 }, narrow ? "Fitness and fatigue" : "Fitness (CTL, 42-day) and fatigue (ATL, 7-day)"),
      svg("text", { class: "panel-title", x: PAD.left, y: formTop - 10 }, narrow ? "Form (TSB)" : "Form (TSB): yesterday's fitness − fatigue"),
    ];
    const chart = svg(
      "svg",
      {
        class: "load-chart",
        width,
        height,
        viewBox: `0 0 ${width} ${height}`,
        role: "img",
        tabindex: 0,
        "aria-label": `Training load chart, ${days.length} days. Use the arrow keys to read each day.`,
      },
      loadGrid,
      grid,
      formGrid,
      bars,
      formArea,
      lines,
      labels,
      xAxis,
      panelTitles,
      cursor,
    );
    const moveCursor = () => {
      cursor.setAttribute("x1", x(selected));
      cursor.setAttribute("x2", x(selected));
      showReadout();
    };
    chart.addEventListener("pointermove", (event) => {
      const box = chart.getBoundingClientRect();
      const i = Math.floor((event.clientX - box.left - PAD.left) / slot);
      if (i >= 0 && i < days.length && i !== selected) {
        selected = i;
        moveCursor();
      }
    });
    chart.addEventListener("keydown", (event) => {
      const step = { ArrowLeft: -1, ArrowRight: 1, Home: -days.length, End: days.length }[event.key];
      if (step === undefined) return;
      event.preventDefault();
      selected = Math.min(days.length - 1, Math.max(0, selected + step));
      moveCursor();
    });
    replace(holder, chart);
    moveCursor();
  }

  draw();
  return draw;
}

/** Keeps two end-of-line labels from overlapping. */
function placeLabels(items) {
  const sorted = [...items].sort((a, b) => a.y - b.y);
  for (let i = 1; i < sorted.length; i += 1) {
    if (sorted[i].y - sorted[i - 1].y < 14) sorted[i].y = sorted[i - 1].y + 14;
  }
  return sorted;
}
