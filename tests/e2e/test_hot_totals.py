"""Sixteen athletes log a session for the same day at the same moment, through the app, under
the test proxy (which cancels overlapping transactions on one item, as DynamoDB does)."""

from __future__ import annotations

import json
import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import make_athlete
from tests.conftest import LOCAL_URL
from tests.e2e.conftest import Moto
from tests.store.invariants import assert_consistent, scan_all
from tests.support.dynamodb_proxy import DynamoDBProxy
from training_tracker.app import create_app
from training_tracker.config import Settings
from training_tracker.domain import totals
from training_tracker.domain.totals import Period, TotalsKey
from training_tracker.store import keys
from training_tracker.store.dynamodb import DynamoDBTable, build_client
from training_tracker.store.items.totals import totals_key
from training_tracker.store.keys import SCHEMA

WRITERS = 16
DAY = "2024-06-03"
MONTH = date(2024, 6, 1)


@pytest.fixture
def proxy(moto: Moto) -> Iterator[DynamoDBProxy]:
    # Each transaction stays in flight a moment, as a real one takes its time on DynamoDB.
    with DynamoDBProxy(moto.endpoint, hold_seconds=0.05) as started:
        yield started


def sixteen_writers(
    proxy: DynamoDBProxy, moto: Moto, tmp_path: Path
) -> tuple[Counter[int], list[str], DynamoDBTable, TestClient]:
    """Sixteen athletes, then each logs a session for DAY at once; the answers' statuses."""
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
    with TestClient(app, base_url=LOCAL_URL) as setup:
        athletes = [make_athlete(setup, f"A{n}")["id"] for n in range(WRITERS)]
    barrier = threading.Barrier(WRITERS)
    statuses: Counter[int] = Counter()
    lock = threading.Lock()

    def write(athlete_id: str, minutes: int) -> None:
        client = TestClient(
            app, base_url=LOCAL_URL
        )  # its own event loop: the writers really run at once
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
    print(f"\nstatuses {dict(statuses)}; proxy {dict(proxy.stats)}")
    return statuses, athletes, table, TestClient(app, base_url=LOCAL_URL)


def assert_exact(table: DynamoDBTable, client: TestClient, acknowledged: int) -> None:
    stored = [i for i in scan_all(table) if i.get("type") == keys.SESSION_TYPE]
    assert len(stored) == acknowledged
    assert_consistent(table)
    day = client.get(
        "/v1/training-sessions/statistics", params={"startDate": DAY, "endDate": DAY}
    ).json()
    assert day["totalSessions"] == acknowledged


def conflicted_keys(proxy: DynamoDBProxy) -> set[tuple[str, str]]:
    return {
        (key["PK"]["S"], key["SK"]["S"])
        for key in (json.loads(item) for _, item in proxy.conflicted)
    }


# Everyone's totals a session on DAY changes: its day, its month, all time.
PERIODS = ((Period.DAY, date.fromisoformat(DAY)), (Period.MONTH, MONTH), (Period.ALL_TIME, None))


def test_with_one_shared_totals_item_the_writers_collide(
    proxy: DynamoDBProxy, moto: Moto, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The layout before sharding (one item for everyone's day, one for the month, one for
    all time): every transaction touches them, so DynamoDB cancels all but one of those in
    flight together."""
    monkeypatch.setattr(totals, "EVERYONE_SHARDS", 1)
    statuses, _, table, client = sixteen_writers(proxy, moto, tmp_path)
    assert proxy.stats["conflicts"] > 0, proxy.stats
    assert conflicted_keys(proxy) <= {
        tuple(totals_key(TotalsKey(None, period, start, 0)).values()) for period, start in PERIODS
    }
    assert_exact(table, client, statuses[201])


def test_with_sharded_totals_all_sixteen_land(
    proxy: DynamoDBProxy, moto: Moto, tmp_path: Path
) -> None:
    statuses, athletes, table, client = sixteen_writers(proxy, moto, tmp_path)
    assert statuses == Counter({201: WRITERS})
    # Whatever still collided were writers whose athletes share a shard, nothing else.
    shared = {s for s, n in Counter(totals.everyone_shard(a) for a in athletes).items() if n > 1}
    allowed = {
        tuple(totals_key(TotalsKey(None, period, start, shard)).values())
        for shard in shared
        for period, start in PERIODS
    }
    assert conflicted_keys(proxy) <= allowed
    assert_exact(table, client, WRITERS)
