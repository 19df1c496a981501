// Entry point: routes, navigation state and page-level error handling.

import { h, replace } from "./dom.js";
import { resolve, route } from "./router.js";
import { tokenForm } from "./token-form.js";
import { errorState } from "./ui.js";
import { renderAthlete } from "./views/athlete.js";
import { renderAthletes } from "./views/athletes.js";
import { renderBoard } from "./views/board.js";
import { renderImport } from "./views/import.js";
import { renderLog } from "./views/log.js";
import { renderStats } from "./views/stats.js";

route("/log", renderLog);
route("/athletes", renderAthletes);
route("/athletes/:id", renderAthlete);
route("/stats", renderStats);
route("/board", renderBoard);
route("/import", renderImport);

const TITLES = { log: "Log", athletes: "Athletes", stats: "Statistics", board: "Board", import: "Import" };
let cleanups = [];
let navigation = 0;

async function render({ focus }) {
  const main = document.getElementById("main");
  cleanups.forEach((fn) => fn());
  cleanups = [];
  const current = resolve();
  if (!current) {
    window.location.replace("#/log");
    return;
  }
  const section = current.path.split("/")[1];
  for (const link of document.querySelectorAll("[data-nav]")) {
    if (link.dataset.nav === section) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  document.title = `${TITLES[section] || "Training Tracker"} · Training Tracker`;
  const token = ++navigation;
  // Each view renders into its own container, so a slow, outdated view never overwrites a newer one.
  const view = h("div", { class: "view" });
  replace(main, view);
  main.setAttribute("aria-busy", "true");
  try {
    await current.render(view, current, { onCleanup: (fn) => cleanups.push(fn) });
  } catch (error) {
    if (token === navigation) {
      const retry = () => render({ focus: true });
      // 401: the server wants an API token; ask for one instead of showing an error.
      replace(view, error.status === 401 ? tokenForm(error, retry) : errorState(error, retry));
    }
  } finally {
    if (token === navigation) {
      main.setAttribute("aria-busy", "false");
      if (focus) main.focus({ preventScroll: false });
    }
  }
}

window.addEventListener("hashchange", () => render({ focus: true }));
render({ focus: false });
