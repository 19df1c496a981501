"""The web app against a server with auth required: it asks for an API token on 401, keeps it
in localStorage and sends it as a Bearer token."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import Server, require_playwright

expect = require_playwright()


def test_asks_for_a_token_and_remembers_it(
    locked_app: Any, locked_server: tuple[Server, str]
) -> None:
    page = locked_app.page
    page.goto(f"{locked_app.base_url}/app/#/athletes")
    field = page.get_by_label("API token", exact=True)
    expect(field).to_be_visible()
    expect(page.get_by_text("This server needs an API token")).to_be_visible()

    field.fill("tt_not-a-real-token-at-all-0000000000")
    page.get_by_role("button", name="Use token").click()
    expect(page.get_by_text("The stored token was not accepted")).to_be_visible()

    page.get_by_label("API token", exact=True).fill(locked_server[1])
    page.get_by_role("button", name="Use token").click()
    expect(page.locator("main h1")).to_have_text("Athletes")
    page.get_by_label("New athlete's name").fill("Tess")
    page.get_by_role("button", name="Add athlete").click()
    expect(page.locator(".athlete-row", has_text="Tess")).to_be_visible()

    page.reload()  # the token stays in localStorage
    expect(page.locator(".athlete-row", has_text="Tess")).to_be_visible()
    assert locked_app.console.unexpected(401) == []


def test_open_mode_sends_no_token(app: Any) -> None:
    app.open("/athletes")
    assert app.page.evaluate("() => localStorage.length") == 0
    expect(app.page.get_by_label("API token", exact=True)).to_have_count(0)
