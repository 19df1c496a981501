"""Browser tests: the real server in a subprocess, driven through Debian's headless Chromium."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import pytest

CLI = Path(sys.executable).parent / "training-tracker"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}


def _unavailable(reason: str) -> NoReturn:
    """In CI a missing browser is a failure; on a developer's machine it's a clear skip."""
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def require_playwright() -> Any:
    """Playwright's `expect`, or a skip (a failure in CI) when playwright is not installed."""
    try:
        from playwright.sync_api import expect
    except ImportError:
        _unavailable("playwright is not installed; install the dev extras")
    return expect


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def server_env(sqlite_path: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DYNAMODB_TABLE_NAME", "DYNAMODB_ENDPOINT", "STORAGE_ENGINE"}
    }
    env["SQLITE_PATH"] = str(sqlite_path)
    env["LOG_LEVEL"] = "WARNING"
    # A loopback-only test server: no tokens, and no per-client rate limit for a fast suite.
    env["AUTH_MODE"] = "open"
    env["RATE_LIMIT_PER_MINUTE"] = "0"
    return env


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def wait_until_up(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log_path.read_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/", timeout=1) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        raise RuntimeError(f"server did not start in {timeout}s:\n{self.log_path.read_text()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="session")
def running_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One real server process on a temporary embedded store for the whole run."""
    tmp_path = tmp_path_factory.mktemp("server")
    port = free_port()
    log_path = tmp_path / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "training_tracker.app:app_from_environment",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            env=server_env(tmp_path / "store.sqlite3"),
            cwd=tmp_path,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    running = Server(f"http://127.0.0.1:{port}", process, log_path)
    try:
        running.wait_until_up()
        yield running
    finally:
        running.stop()


def _delete_everything(url: str) -> None:
    with urllib.request.urlopen(f"{url}/v1/athletes", timeout=10) as response:
        athletes = json.load(response)
    for athlete in athletes:
        request = urllib.request.Request(
            f"{url}/v1/athletes/{athlete['id']}?cascade=true", method="DELETE"
        )
        urllib.request.urlopen(request, timeout=10).close()


@pytest.fixture
def server(running_server: Server) -> Server:
    """The shared server, emptied through the public API so each test starts clean."""
    _delete_everything(running_server.url)
    return running_server


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing; install Debian's chromium package")
    require_playwright()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@dataclass
class Console:
    """What the page said on its console, and any uncaught errors."""

    errors: list[str] = field(default_factory=list)

    def record(self, message: Any) -> None:
        if message.type == "error":
            location = message.location or {}
            self.errors.append(f"{message.text} ({location.get('url', '')})")

    def unexpected(self, *allowed_statuses: int) -> list[str]:
        """Errors other than the network log lines for answers the test provoked on purpose."""
        allowed = tuple(f"status of {status} " for status in allowed_statuses)
        return [
            error
            for error in self.errors
            if not (
                error.startswith("Failed to load resource") and any(a in error for a in allowed)
            )
        ]


@dataclass
class App:
    page: Any
    console: Console
    base_url: str

    def open(self, route: str = "/log") -> None:
        self.page.goto(f"{self.base_url}/app/#{route}")
        self.page.locator("main h1").first.wait_for()

    def api(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = self.page.request.fetch(f"{self.base_url}{path}", method=method, data=body)
        assert response.ok, f"{method} {path}: {response.status} {response.text()}"
        return response.json() if response.status != 204 else None


def _open_app(browser: Any, server: Server, viewport: dict[str, int]) -> Iterator[App]:
    context = browser.new_context(viewport=viewport, base_url=server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    console = Console()
    page.on("console", console.record)
    page.on("pageerror", lambda error: console.errors.append(f"uncaught: {error}"))
    try:
        yield App(page, console, server.url)
    finally:
        context.close()


@pytest.fixture
def app(browser: Any, server: Server) -> Iterator[App]:
    yield from _open_app(browser, server, DESKTOP)


@pytest.fixture
def phone(browser: Any, server: Server) -> Iterator[App]:
    yield from _open_app(browser, server, PHONE)


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
