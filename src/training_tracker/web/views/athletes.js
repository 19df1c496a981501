// Athletes: list, add, edit name and profile inline, delete with a confirmation that counts their sessions.

import { ApiError, api } from "../api.js";
import { h, replace } from "../dom.js";
import { plural } from "../format.js";
import { PROFILE_HINT, profileBody, profileFields, profileSummary } from "../profile-fields.js";
import { clearErrors, confirmDialog, emptyState, field, formAlert, pageHeader, showApiErrors, toast } from "../ui.js";

export async function renderAthletes(main) {
  const list = h("ul", { class: "athlete-list", "aria-label": "Athletes" });
  const name = field({ label: "New athlete's name", name: "name", autocomplete: "off", maxlength: 200 });
  const profile = profileFields();
  const addFields = { name, ...profile };
  const alert = formAlert();
  const addForm = h(
    "form",
    { class: "add-athlete card", novalidate: true },
    alert,
    h(
      "div",
      { class: "inline-form" },
      name.wrap,
      h("div", { class: "profile-row" }, profile.restingHeartRate.wrap, profile.maxHeartRate.wrap, profile.sex.wrap),
      h("button", { type: "submit", class: "btn primary" }, "Add athlete"),
    ),
    h("p", { class: "field-hint" }, PROFILE_HINT),
  );
  addForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(addFields, alert);
    try {
      const athlete = await api.createAthlete({ name: name.input.value, ...profileBody(profile) });
      name.input.value = "";
      profile.restingHeartRate.input.value = "";
      profile.maxHeartRate.input.value = "";
      profile.sex.input.value = "";
      toast(`${athlete.name} added.`);
      await refresh();
      name.input.focus();
    } catch (error) {
      showApiErrors(error, addFields, alert);
    }
  });

  replace(main, pageHeader("Athletes"), addForm, list);
  await refresh();

  async function refresh() {
    const athletes = await api.listAthletes();
    if (!athletes.length) {
      replace(list, h("li", {}, emptyState("No athletes yet", "Add the first one above.")));
      return;
    }
    replace(list, athletes.map(row));
  }

  function row(athlete) {
    const item = h("li", { class: "athlete-row", dataset: { athleteId: athlete.id } });
    showRow();
    return item;

    function showRow() {
      const initial = athlete.name.trim().charAt(0).toUpperCase();
      replace(
        item,
        h("span", { class: "avatar", "aria-hidden": "true" }, initial),
        h(
          "div",
          { class: "athlete-main" },
          h("a", { class: "athlete-name", href: `#/athletes/${encodeURIComponent(athlete.id)}` }, athlete.name),
          profileSummary(athlete) ? h("span", { class: "athlete-profile" }, profileSummary(athlete)) : null,
        ),
        h(
          "div",
          { class: "row-actions" },
          h(
            "a",
            { class: "btn small ghost", href: `#/log?athleteId=${encodeURIComponent(athlete.id)}`, "aria-label": `Sessions of ${athlete.name}` },
            "Sessions",
          ),
          h("button", { type: "button", class: "btn small", "aria-label": `Edit ${athlete.name}`, onclick: showEditor }, "Edit"),
          h(
            "button",
            { type: "button", class: "btn small danger-ghost", "aria-label": `Delete ${athlete.name}`, onclick: () => remove(athlete) },
            "Delete",
          ),
        ),
      );
    }

    function showEditor() {
      const input = field({ label: "Name", name: "name", value: athlete.name, maxlength: 200 });
      const profile = profileFields(athlete);
      const fields = { name: input, ...profile };
      const rowAlert = formAlert();
      const form = h(
        "form",
        { class: "rename-form", novalidate: true, "aria-label": `Edit ${athlete.name}` },
        rowAlert,
        h(
          "div",
          { class: "inline-form" },
          input.wrap,
          h("div", { class: "profile-row" }, profile.restingHeartRate.wrap, profile.maxHeartRate.wrap, profile.sex.wrap),
          h(
            "div",
            { class: "form-buttons" },
            h("button", { type: "submit", class: "btn primary" }, "Save"),
            h("button", { type: "button", class: "btn", onclick: cancel }, "Cancel"),
          ),
        ),
      );
      function cancel() {
        showRow();
        item.querySelector("button")?.focus();
      }
      form.addEventListener("keydown", (event) => {
        if (event.key === "Escape") cancel();
      });
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        clearErrors(fields, rowAlert);
        try {
          // Every field is sent: an emptied heart rate is cleared (null), not kept.
          const saved = await api.updateAthlete(athlete.id, { name: input.input.value, ...profileBody(profile, { all: true }) });
          toast(saved.name === athlete.name ? `${saved.name} saved.` : `Renamed to ${saved.name}.`);
          await refresh();
        } catch (error) {
          showApiErrors(error, fields, rowAlert);
        }
      });
      replace(item, form);
      input.input.select();
      input.input.focus();
    }
  }

  async function remove(athlete) {
    let count = 0;
    try {
      const page = await api.listSessions({ athleteId: athlete.id, limit: 1 });
      count = page.pagination.total;
    } catch {
      count = 0;
    }
    if (!(await confirmDelete(athlete, count))) return;
    try {
      await api.deleteAthlete(athlete.id, count > 0);
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== "ATHLETE_HAS_SESSIONS") {
        toast(error.message, "error");
        return refresh();
      }
      const serverCount = error.body.sessionCount ?? error.body.detail?.sessionCount ?? 0;
      if (!(await confirmDelete(athlete, serverCount))) return;
      try {
        await api.deleteAthlete(athlete.id, true);
      } catch (again) {
        toast(again.message, "error");
        return refresh();
      }
    }
    toast(`${athlete.name} deleted.`);
    await refresh();
  }
}

function confirmDelete(athlete, count) {
  const body =
    count > 0
      ? [
          h("p", {}, `${athlete.name} has ${plural(count, "training session")}.`),
          h(
            "p",
            { class: "warning" },
            `Deleting ${athlete.name} also deletes ${count === 1 ? "that session" : `all ${count} sessions`}. This can't be undone.`,
          ),
        ]
      : h("p", {}, `${athlete.name} has no training sessions. This can't be undone.`);
  const label = count > 0 ? `Delete athlete and ${plural(count, "session")}` : "Delete athlete";
  return confirmDialog({
    title: `Delete ${athlete.name}?`,
    body,
    actions: [
      { label: "Cancel", value: null },
      { label, kind: "danger", value: "delete" },
    ],
  });
}
