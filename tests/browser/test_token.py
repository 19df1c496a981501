"""The web app against a server with auth required: it asks for an API token on 401, keeps it
in localStorage and sends it as a Bearer token."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import (
    DESKTOP,
    Server,
    _open_app,
    free_port,
    require_playwright,
    server_env,
)

expect = require_playwright()
CLI = Path(sys.executable).parent / "training-tracker"


@pytest.fixture(scope="module")
def locked_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, str]]:
    """A server with AUTH_MODE=required, and a coach token made by the CLI on its store."""
    tmp_path = tmp_path_factory.mktemp("locked")
    env = {**server_env(tmp_path / "store.sqlite3"), "AUTH_MODE": "required"}
    made = subprocess.run(
        [str(CLI), "token", "create", "--role", "coach"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    secret = made.stdout.strip().splitlines()[-1]
    port = free_port()
    log_path = tmp_path / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "uvicorn", "training_tracker.app:app_from_environment"),
                *("--factory", "--host", "127.0.0.1", "--port", str(port)),
            ],
            env=env,
            cwd=tmp_path,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log_path)
    try:
        server.wait_until_up()
        yield server, secret
    finally:
        server.stop()


@pytest.fixture
def locked_app(browser: Any, locked_server: tuple[Server, str]) -> Iterator[Any]:
    yield from _open_app(browser, locked_server[0], DESKTOP)


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
