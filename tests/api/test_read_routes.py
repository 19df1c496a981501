"""Read routes read the embedded store on the event loop and DynamoDB from a worker thread;
writes go to a worker thread on both. Seen from inside the store: a read made on the event
loop finds a running loop, one made on a worker thread does not."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import LOCAL_URL
from tests.support.read_hook import BeforeReads
from training_tracker.app import create_app
from training_tracker.config import Settings
from training_tracker.store.port import Table


def _on_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


class WhereCalled(BeforeReads):
    """The table, noting for every call whether it ran on the event loop."""

    def __init__(self, table: Table) -> None:
        super().__init__(table)
        self.calls: list[tuple[str, bool]] = []

    def before_read(self, kind: str) -> None:
        self.calls.append((kind, _on_event_loop()))

    def transact(self, *args: Any, **kwargs: Any) -> Any:
        self.calls.append(("transact", _on_event_loop()))
        return self._inner.transact(*args, **kwargs)


@pytest.fixture
def watched(table: Table, tmp_path: Path) -> tuple[WhereCalled, TestClient]:
    watched = WhereCalled(table)
    settings = Settings(sqlite_path=tmp_path / "unused.sqlite3")
    return watched, TestClient(create_app(settings, watched), base_url=LOCAL_URL)  # type: ignore[arg-type]


def test_reads_run_on_the_event_loop_only_for_the_embedded_store(
    watched: tuple[WhereCalled, TestClient],
) -> None:
    table, client = watched
    with client:
        athlete = client.post("/v1/athletes", json={"name": "Ada"}).json()
        client.post(
            "/v1/training-sessions",
            json={"athlete_id": athlete["id"], "date": "2025-03-01", "duration": 30, "distance": 5},
        )
        client.get("/v1/training-sessions", params={"athleteId": athlete["id"]})  # cursor secret
        table.calls.clear()
        for path in (
            "/v1/training-sessions",
            f"/v1/athletes/{athlete['id']}",
            f"/v1/athletes/{athlete['id']}/statistics",
            f"/v1/athletes/{athlete['id']}/training-load",
        ):
            assert client.get(path).status_code == 200, path
    reads = {on_loop for name, on_loop in table.calls if name in ("get", "query")}
    assert reads == {not table.remote_reads}


def test_writes_run_on_a_worker_thread(watched: tuple[WhereCalled, TestClient]) -> None:
    table, client = watched
    with client:
        assert client.post("/v1/athletes", json={"name": "Ada"}).status_code == 201
    assert table.calls, "the create wrote nothing through the table"
    assert not any(on_loop for _, on_loop in table.calls)
