"""An export whose store fails, through a real HTTP server (uvicorn on a loopback port): before
the answer begins it is a clean 503; after, the connection breaks before the body's end, so
no client mistakes a partial file for a whole one."""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from training_tracker.api import streaming
from training_tracker.app import create_app
from training_tracker.config import Settings
from training_tracker.errors import StoreUnavailableError
from training_tracker.store.keys import ATHLETE_PREFIX, SCHEMA
from training_tracker.store.port import Page
from training_tracker.store.sqlite import SqliteTable

SESSIONS = 9


class FailingTable(SqliteTable):
    """The embedded engine, except that once armed, the Queries of an athlete's partition
    after the first `healthy` fail as an unreachable store does."""

    healthy: int | None = None
    served = 0

    def query(self, **query: Any) -> Page:
        if self.healthy is not None and str(query["partition"]).startswith(ATHLETE_PREFIX):
            self.served += 1
            if self.served > self.healthy:
                raise StoreUnavailableError("the store can't be reached (injected)")
        return super().query(**query)

    def arm(self, healthy: int) -> None:
        self.healthy, self.served = healthy, 0


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, FailingTable, str]]:
    """A running server on a table with one athlete of nine sessions (pages of two)."""
    table = FailingTable(tmp_path / "store.sqlite3", SCHEMA)
    table.ensure_table()
    app = create_app(Settings(sqlite_path=tmp_path / "store.sqlite3", query_page_size=2), table)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    base = f"http://127.0.0.1:{port}"
    athlete = httpx.post(f"{base}/v1/athletes", json={"name": "Ann"}).json()["id"]
    for day in range(1, SESSIONS + 1):
        body = {"athlete_id": athlete, "date": f"2024-05-0{day}", "duration": 30, "distance": 5}
        assert httpx.post(f"{base}/v1/training-sessions", json=body).status_code == 201
    try:
        yield base, table, athlete
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        table.close()


@pytest.mark.parametrize("kind", ["csv", "json"])
def test_a_store_that_fails_at_the_start_is_a_clean_503(
    served: tuple[str, FailingTable, str], kind: str
) -> None:
    base, table, athlete = served
    table.arm(healthy=0)
    response = httpx.get(f"{base}/v1/athletes/{athlete}/export", params={"format": kind})
    assert response.status_code == 503
    assert response.json()["error"] == "STORE_UNAVAILABLE"
    assert response.headers["retry-after"].isdigit()


@pytest.mark.parametrize("kind", ["csv", "json"])
def test_a_store_that_fails_midway_breaks_the_download(
    served: tuple[str, FailingTable, str],
    kind: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    base, table, athlete = served
    monkeypatch.setattr(streaming, "CHUNK_CHARS", 1)  # send each row as it is made
    table.arm(healthy=2)  # two pages of two sessions, then the store is gone
    received = bytearray()

    def download() -> None:
        with httpx.stream("GET", f"{base}/v1/athletes/{athlete}/export?format={kind}") as r:
            assert r.status_code == 200
            for chunk in r.iter_bytes():
                received.extend(chunk)

    with (
        caplog.at_level(logging.WARNING, logger=streaming.__name__),
        pytest.raises(httpx.RemoteProtocolError, match="incomplete"),
    ):
        download()
    rows = received.decode().count("2024-05-0")
    assert 0 < rows < SESSIONS  # some rows arrived; the end never did
    assert f"export of athlete {athlete} cut off" in caplog.text
    table.arm(healthy=10**6)  # the store is back: the same export completes
    whole = httpx.get(f"{base}/v1/athletes/{athlete}/export", params={"format": kind})
    assert whole.status_code == 200
    assert whole.text.count("2024-05-0") == SESSIONS
