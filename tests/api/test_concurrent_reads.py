"""On DynamoDB the independent reads of one list request go out together: the athlete (for
`total`) and the page. Proved without timing: each read waits at a two-party barrier, which
only a second read arriving while the first is still out can pass."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import LOCAL_URL, counted_dynamodb
from tests.support.read_hook import BeforeReads
from training_tracker.app import create_app
from training_tracker.config import Settings
from training_tracker.domain.models import Athlete, TrainingSession
from training_tracker.store.bulk import bulk_items
from training_tracker.store.port import Table


class Rendezvous(BeforeReads):
    """The table, except that while armed every read waits for another read to join it."""

    def __init__(self, table: Table) -> None:
        super().__init__(table)
        self.barrier: threading.Barrier | None = None

    def before_read(self, kind: str) -> None:
        if self.barrier is not None:
            self.barrier.wait()


def _sessions(athlete: Athlete) -> list[TrainingSession]:
    made = datetime(2024, 1, 1, tzinfo=UTC)
    return [
        TrainingSession(
            id=f"s{day}",
            athlete_id=athlete.id,
            athlete_name=athlete.name,
            date=date(2024, 3, day),
            duration=Decimal(30),
            distance=Decimal(5),
            created_at=made,
            updated_at=made,
        )
        for day in range(1, 11)
    ]


@pytest.mark.parametrize("page", ["first", "by cursor"])
def test_a_list_reads_the_page_and_its_total_at_once(tmp_path: Path, page: str) -> None:
    athlete = Athlete(id="a1", name="Ada")
    with counted_dynamodb() as (dynamodb, counter):
        table = Rendezvous(dynamodb)
        table.batch_put(bulk_items([athlete], _sessions(athlete)))
        settings = Settings(sqlite_path=tmp_path / "unused.sqlite3")
        with TestClient(create_app(settings, table), base_url=LOCAL_URL) as client:  # type: ignore[arg-type]
            params: dict[str, Any] = {"athleteId": athlete.id, "limit": 3}
            first = client.get("/v1/training-sessions", params=params).json()  # signs a cursor
            if page == "by cursor":
                params["cursor"] = first["pagination"]["nextCursor"]
            table.barrier = threading.Barrier(2, timeout=10)
            counter.reset()
            response = client.get("/v1/training-sessions", params=params)
            table.barrier = None
        assert response.status_code == 200, response.text
        assert response.json()["pagination"]["total"] == 10
        assert sorted(counter.operations) == ["GetItem", "Query"]


def test_the_barrier_stops_reads_made_one_after_the_other(tmp_path: Path) -> None:
    """The check above can fail: a request whose reads depend on each other breaks it."""
    with counted_dynamodb() as (dynamodb, _):
        table = Rendezvous(dynamodb)
        settings = Settings(sqlite_path=tmp_path / "unused.sqlite3")
        with TestClient(
            create_app(settings, table), raise_server_exceptions=False, base_url=LOCAL_URL
        ) as client:  # type: ignore[arg-type]
            table.barrier = threading.Barrier(2, timeout=1)
            response = client.get("/v1/training-sessions/some-session")  # locator, then session
            table.barrier = None
        assert response.status_code == 500
