// Import: drop or pick activity files (FIT, GPX, TCX, gzipped, zips, sessions CSV) for one
// athlete; each file is uploaded on its own, so each shows its progress and its result.

import { api } from "../api.js";
import { h, replace } from "../dom.js";
import { fmtDate, plural } from "../format.js";
import { href } from "../router.js";
import { athleteSelect, emptyState, field, pageHeader } from "../ui.js";

const ACCEPT = ".fit,.gpx,.tcx,.gz,.zip,.csv";
const STATUS_TEXT = { created: "Imported", duplicate: "Already imported", failed: "Failed" };

export async function renderImport(main, { query }) {
  const athletes = await api.listAthletes();
  if (!athletes.length) {
    replace(
      main,
      pageHeader("Import"),
      emptyState(
        "No athletes yet",
        "Add an athlete first, then import their activity files here.",
        h("a", { class: "btn primary", href: "#/athletes" }, "Add an athlete"),
      ),
    );
    return;
  }
  const athlete = field({
    label: "Athlete",
    name: "athleteId",
    control: athleteSelect(athletes, query.athleteId || ""),
  });
  const picker = h("input", {
    type: "file",
    multiple: true,
    accept: ACCEPT,
    class: "visually-hidden",
    id: "import-files",
    onchange: () => {
      uploadAll([...picker.files]);
      picker.value = "";
    },
  });
  const zone = h(
    "label",
    { class: "drop-zone", for: "import-files" },
    h("strong", {}, "Drop activity files here"),
    h("span", { class: "muted" }, " or click to choose them"),
    h("span", { class: "muted drop-hint" }, "FIT, GPX, TCX (also .gz), Strava or Garmin export zips, sessions CSV"),
  );
  for (const type of ["dragenter", "dragover"]) {
    zone.addEventListener(type, (event) => {
      event.preventDefault();
      zone.classList.add("dragging");
    });
  }
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dragging");
    uploadAll([...event.dataTransfer.files]);
  });
  const summary = h("p", { class: "import-summary", "aria-live": "polite" });
  const list = h("ul", { class: "import-list", "aria-label": "Uploaded files" });
  replace(
    main,
    pageHeader("Import"),
    h("div", { class: "filters" }, athlete.wrap),
    picker,
    zone,
    summary,
    list,
  );

  const counts = { created: 0, duplicate: 0, failed: 0 };

  async function uploadAll(files) {
    const athleteId = athlete.input.value;
    const rows = files.map((file) => fileRow(file));
    rows.forEach((row) => list.prepend(row.item));
    // One file at a time: the server parses in a worker thread, and results arrive in order.
    for (const [index, file] of files.entries()) {
      await uploadOne(athleteId, file, rows[index]);
    }
  }

  async function uploadOne(athleteId, file, row) {
    row.setState("uploading", "Uploading…");
    try {
      const answer = await api.uploadActivityFiles(athleteId, [file], (fraction) => {
        row.progress.value = fraction;
        if (fraction >= 1) row.setState("uploading", "Reading…");
      });
      row.showResults(answer.files, athleteId);
      for (const key of Object.keys(counts)) counts[key] += answer.counts[key] || 0;
    } catch (error) {
      row.showError(error.message);
      counts.failed += 1;
    }
    summary.textContent =
      `${plural(counts.created, "session")} imported, ${counts.duplicate} already there, ` +
      `${counts.failed} failed.`;
  }
}

function fileRow(file) {
  const progress = h("progress", { max: 1, value: 0, "aria-label": `Upload of ${file.name}` });
  const state = h("span", { class: "import-state" }, "Waiting");
  const details = h("ul", { class: "import-results" });
  const item = h(
    "li",
    { class: "import-file", dataset: { state: "waiting" } },
    h("div", { class: "import-head" }, h("span", { class: "import-name" }, file.name), state),
    progress,
    details,
  );
  return {
    item,
    progress,
    setState(name, text) {
      item.dataset.state = name;
      state.textContent = text;
    },
    showResults(results, athleteId) {
      progress.remove();
      const worst = results.some((r) => r.status === "failed")
        ? "failed"
        : results.every((r) => r.status === "duplicate")
          ? "duplicate"
          : "created";
      this.setState(worst, results.length === 1 ? STATUS_TEXT[results[0].status] : `${results.length} items`);
      replace(details, results.map((result) => resultLine(result, athleteId)));
    },
    showError(message) {
      progress.remove();
      this.setState("failed", "Failed");
      replace(details, h("li", { class: "import-result", dataset: { status: "failed" } }, message));
    },
  };
}

function resultLine(result, athleteId) {
  const parts = [h("span", { class: "import-result-name" }, result.name)];
  if (result.status === "failed") {
    parts.push(` — ${result.error.message}`);
  } else {
    const refs = (result.status === "created" ? result.sessions : result.duplicateOf) || [];
    const dates = [...new Set(refs.map((s) => s.date))].sort();
    const label = result.status === "created" ? STATUS_TEXT.created : STATUS_TEXT.duplicate;
    parts.push(` — ${label}`);
    if (dates.length) {
      const link = href("/log", { athleteId, startDate: dates[0], endDate: dates[dates.length - 1] });
      const text = dates.length === 1 ? fmtDate(dates[0]) : `${fmtDate(dates[0])} – ${fmtDate(dates.at(-1))}`;
      parts.push(" ", h("a", { href: link }, `open ${plural(refs.length, "session")} (${text})`));
    }
    for (const warning of result.warnings || []) parts.push(h("span", { class: "muted import-warning" }, ` (${warning})`));
  }
  return h("li", { class: "import-result", dataset: { status: result.status } }, parts);
}
