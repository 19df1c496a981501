// Shown in place of a page when the API answers 401: a field for an API token.

import { h } from "./dom.js";
import { storeToken, storedToken } from "./token.js";
import { field } from "./ui.js";

export function tokenForm(error, retry) {
  const had = Boolean(storedToken());
  const token = field({
    label: "API token",
    name: "api-token",
    type: "password",
    autocomplete: "off",
    spellcheck: false,
    hint: "Ask the server's administrator for a token (training-tracker token create).",
  });
  const form = h(
    "form",
    {
      class: "notice notice-calm token-form",
      "aria-label": "Sign in with an API token",
      onsubmit: (event) => {
        event.preventDefault();
        const value = token.input.value.trim();
        if (!value) {
          token.setError("Enter a token.");
          token.input.focus();
          return;
        }
        storeToken(value);
        retry();
      },
    },
    h("p", { class: "notice-title" }, "This server needs an API token"),
    h(
      "p",
      { role: "alert" },
      had ? "The stored token was not accepted: it may be revoked or mistyped." : error.message,
    ),
    token.wrap,
    h(
      "div",
      { class: "page-actions" },
      h("button", { type: "submit", class: "btn primary" }, "Use token"),
      had
        ? h(
            "button",
            {
              type: "button",
              class: "btn",
              onclick: () => {
                storeToken("");
                retry();
              },
            },
            "Forget stored token",
          )
        : null,
    ),
  );
  return form;
}
