"""Sixteen athletes log a session for the same day at the same moment, through the app, under
the test proxy (which cancels overlapping transactions on one item, as DynamoDB does)."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import make_athlete
from tests.e2e.conftest import Moto
from tests.store.invariants import assert_consistent, scan_all
from tests.support.dynamodb_proxy import DynamoDBProxy
from training_tracker.app import create_app
from training_tracker.config import Settings
from training_tracker.store import keys
from training_tracker.store.dynamodb import DynamoDBTable, build_client
from training_tracker.store.keys import SCHEMA

WRITERS = 16
DAY = "2024-06-03"


@pytest.fixture
def proxy(moto: Moto) -> Iterator[DynamoDBProxy]:
    # Each transaction stays in flight a moment, as a real one takes its time on DynamoDB.
    with DynamoDBProxy(moto.endpoint, hold_seconds=0.05) as started:
        yield started


def test_sixteen_writers_on_one_day(proxy: DynamoDBProxy, moto: Moto, tmp_path: Path) -> None:
    name = f"hot-{uuid.uuid4().hex[:8]}"
    moto.create_tracker_table(name)
    settings = Settings(
        sqlite_path=tmp_path / "unused",
        dynamodb_endpoint=proxy.url,
        rate_limit_per_minute=0,
        threadpool_size=WRITERS,
    )
    table = DynamoDBTable(build_client(settings), name, SCHEMA, proxy.url)
    app = create_app(settings, table)
    with TestClient(app) as setup:
        athletes = [make_athlete(setup, f"A{n}")["id"] for n in range(WRITERS)]
    barrier = threading.Barrier(WRITERS)
    statuses: Counter[int] = Counter()
    lock = threading.Lock()

    def write(athlete_id: str, minutes: int) -> None:
        client = TestClient(app)  # its own event loop: the writers really run at once
        barrier.wait()
        response = client.post(
            "/v1/training-sessions",
            json={"athlete_id": athlete_id, "date": DAY, "duration": minutes, "distance": 1},
        )
        with lock:
            statuses[response.status_code] += 1

    threads = [
        threading.Thread(target=write, args=(athlete, 10 + n)) for n, athlete in enumerate(athletes)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # Everyone's day and month totals are in every one of these transactions: they collide.
    assert proxy.stats["conflicts"] > 0, proxy.stats
    stored = [i for i in scan_all(table) if i.get("type") == keys.SESSION_TYPE]
    assert len(stored) == statuses[201], statuses
    assert_consistent(table)
    with TestClient(app) as client:
        day = client.get(
            "/v1/training-sessions/statistics", params={"startDate": DAY, "endDate": DAY}
        ).json()
    assert day["totalSessions"] == statuses[201]
    print(f"\nstatuses {dict(statuses)}; proxy {dict(proxy.stats)}")
