// "Export CSV" and "Export JSON": every session of one athlete, downloaded with the token.

import { api } from "./api.js";
import { h } from "./dom.js";
import { saveBlob } from "./download.js";
import { toast } from "./ui.js";

const FORMATS = [
  ["csv", "Export CSV", "Every session as the sessions CSV: opens in a spreadsheet, imports back as it is"],
  ["json", "Export JSON", "Every session as the API returns them"],
];

/** The two buttons; each says on a toast what became of its download. */
export function exportButtons(athleteId) {
  const buttons = FORMATS.map(([format, label, title]) =>
    h("button", { type: "button", class: "btn", title, dataset: { export: format }, onclick: () => run(format) }, label),
  );
  const group = h("div", { class: "export-buttons", role: "group", "aria-label": "Export all sessions" }, buttons);

  async function run(format) {
    buttons.forEach((b) => (b.disabled = true));
    group.setAttribute("aria-busy", "true");
    try {
      const { blob, name } = await api.exportSessions(athleteId, format);
      saveBlob(blob, name);
      toast(`Downloaded ${name}.`);
    } catch (error) {
      toast(error.message, "error");
    } finally {
      buttons.forEach((b) => (b.disabled = false));
      group.removeAttribute("aria-busy");
    }
  }

  return group;
}
