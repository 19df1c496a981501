"""Swagger UI and ReDoc render under their content security policy, from this origin only."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import App, require_playwright

expect = require_playwright()


def answered_hosts(app: App, path: str) -> set[str]:
    """The hosts that answered anything the page loaded (a request the policy blocks never
    gets an answer)."""
    hosts: set[str] = set()
    app.page.on("response", lambda response: hosts.add(response.url.split("/")[2]))
    app.page.goto(f"{app.base_url}{path}")
    return hosts


def test_swagger_ui_renders_and_can_try_a_request(app: App) -> None:
    hosts = answered_hosts(app, "/docs")
    page: Any = app.page
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Training Sessions API")
    operation = page.locator("#operations-athletes-list_athletes")
    operation.locator(".opblock-summary").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    status = operation.locator(".live-responses-table tbody .response-col_status").first
    expect(status).to_have_text("200")
    assert hosts == {app.base_url.split("/")[2]}
    assert app.console.unexpected() == []


def test_redoc_renders(app: App) -> None:
    hosts = answered_hosts(app, "/redoc")
    expect(app.page.locator("h1").first).to_contain_text("Training Sessions API")
    expect(app.page.get_by_text("/v1/athletes").first).to_be_attached()
    assert hosts == {app.base_url.split("/")[2]}
    # ReDoc always shows its maker's logo from their CDN: the policy blocks it (and says so).
    blocked_logo = "cdn.redoc.ly/redoc/logo-mini.svg"
    others = [e for e in app.console.unexpected() if blocked_logo not in e]
    if others:
        pytest.fail(f"console errors: {others}")
