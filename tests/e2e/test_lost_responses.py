"""Writes through the app whose answers get lost between DynamoDB and the app, under the test
proxy (which honours ClientRequestToken as DynamoDB does): every acknowledged write is stored
exactly once, nothing that was stored is answered 409, and the totals match the sessions."""

from __future__ import annotations

import random
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import botocore.retries.standard
import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import make_athlete
from tests.conftest import LOCAL_URL
from tests.e2e.conftest import Moto
from tests.store.invariants import assert_consistent, scan_all
from tests.support.dynamodb_proxy import DynamoDBProxy
from training_tracker.app import create_app
from training_tracker.config import Settings
from training_tracker.store import keys
from training_tracker.store.dynamodb import DynamoDBTable, build_client
from training_tracker.store.keys import SCHEMA

State = tuple[str, str, float] | None  # athlete, date, duration; None: deleted


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """botocore's jittered backoff (up to seconds) would only slow the test down."""
    monkeypatch.setattr(botocore.retries.standard.ExponentialBackoff, "delay_amount", lambda *_: 0)


@pytest.fixture
def proxy(moto: Moto) -> Iterator[DynamoDBProxy]:
    with DynamoDBProxy(moto.endpoint) as started:
        yield started


def app_through(
    proxy: DynamoDBProxy, moto: Moto, tmp_path: Path, attempts: int
) -> tuple[TestClient, DynamoDBTable]:
    name = f"lost-{uuid.uuid4().hex[:8]}"
    moto.create_tracker_table(name)
    settings = Settings(
        sqlite_path=tmp_path / "unused",
        dynamodb_endpoint=proxy.url,
        dynamodb_max_attempts=attempts,
        rate_limit_per_minute=0,
        query_page_size=50,
    )
    table = DynamoDBTable(build_client(settings), name, SCHEMA, proxy.url)
    return TestClient(create_app(settings, table), base_url=LOCAL_URL), table


def mixed_writes(
    client: TestClient, athletes: list[str], operations: int, seed: int
) -> tuple[Counter[int], dict[str, State], dict[str, str]]:
    """Creates, updates and deletes at random; returns the statuses, the state each session
    must be in, and the session id each create answered per marker (its notes)."""
    rng = random.Random(seed)
    statuses: Counter[int] = Counter()
    expected: dict[str, State] = {}
    created: dict[str, str] = {}
    for op in range(operations):
        body = {
            "athlete_id": rng.choice(athletes),
            "date": f"2024-0{rng.randint(1, 2)}-{rng.randint(1, 28):02}",
            "duration": rng.randint(1, 120),
            "distance": rng.randint(0, 30),
        }
        state: State = (str(body["athlete_id"]), str(body["date"]), float(body["duration"]))
        live = [s for s, v in expected.items() if v is not None]
        kind = rng.random()
        if kind < 0.5 or not live:
            marker = f"m{op}"
            response = client.post("/v1/training-sessions", json={**body, "notes": marker})
            if response.status_code == 201:
                created[marker] = response.json()["id"]
                expected[created[marker]] = state
        else:
            session_id = rng.choice(live)
            url = f"/v1/training-sessions/{session_id}"
            if kind < 0.8:
                marker = next(m for m, s in created.items() if s == session_id)
                response = client.put(url, json={**body, "notes": marker})
                new: State = state
            else:
                response = client.delete(url)
                new = None
            if response.status_code in (200, 204):
                expected[session_id] = new
            elif response.status_code == 404:  # not there (any more): nothing to expect
                expected[session_id] = None
        statuses[response.status_code] += 1
    return statuses, expected, created


def assert_stored_once(
    table: DynamoDBTable, expected: dict[str, State], created: dict[str, str]
) -> None:
    sessions = [i for i in scan_all(table) if i.get("type") == keys.SESSION_TYPE]
    per_marker = Counter(i["notes"] for i in sessions)
    assert all(n == 1 for n in per_marker.values()), per_marker
    assert set(per_marker) <= set(created), "a session no create acknowledged"
    stored = {i["id"]: (i["athlete_id"], i["date"], float(i["duration"])) for i in sessions}
    assert stored == {s: v for s, v in expected.items() if v is not None}
    assert_consistent(table)


def run(
    proxy: DynamoDBProxy,
    moto: Moto,
    tmp_path: Path,
    *,
    attempts: int,
    lost: Callable[[int], bool],
    operations: int,
) -> tuple[Counter[int], DynamoDBTable, dict[str, State], dict[str, str]]:
    client, table = app_through(proxy, moto, tmp_path, attempts)
    with client:
        athletes = [make_athlete(client, f"A{n}")["id"] for n in range(3)]
        proxy.stats.clear()  # count the writes under test only (an athlete's create is one)
        proxy.drop_responses("TransactWriteItems", lost)
        statuses, expected, created = mixed_writes(client, athletes, operations, seed=11)
        proxy.drop_responses("TransactWriteItems", None)
    return statuses, table, expected, created


def test_answers_lost_once_are_recovered_by_the_sdk_retry(
    proxy: DynamoDBProxy, moto: Moto, tmp_path: Path
) -> None:
    statuses, table, expected, created = run(
        proxy, moto, tmp_path, attempts=3, lost=lambda n: n % 3 == 0, operations=60
    )
    assert set(statuses) <= {200, 201, 204}, statuses  # no 409, no 503: every write landed
    assert proxy.stats["dropped"] >= 20
    # each retry of an applied transaction is answered, not applied again; a dropped answer
    # of a cancelled one (the first try of a write that empties a totals item) is simply
    # retried and cancelled again, so it is not counted as a replay
    assert 0 < proxy.stats["replayed"] <= proxy.stats["dropped"]
    assert_stored_once(table, expected, created)


def test_answers_lost_past_the_sdk_retries_are_asked_for_again_under_the_same_token(
    proxy: DynamoDBProxy, moto: Moto, tmp_path: Path
) -> None:
    """Two attempts both lose their answer, so botocore gives up; the table sends the same
    request with the same token once more and learns it was applied."""
    statuses, table, expected, created = run(
        proxy, moto, tmp_path, attempts=2, lost=lambda n: n % 3 != 2, operations=20
    )
    assert set(statuses) <= {200, 201, 204}, statuses
    assert proxy.stats["dropped"] >= 12
    assert proxy.stats["applied"] == sum(statuses.values())  # each write applied once
    assert_stored_once(table, expected, created)


def test_without_token_memory_the_service_tells_its_own_write_from_a_conflict(
    moto: Moto, tmp_path: Path
) -> None:
    """An engine that ignores ClientRequestToken (moto itself) applies botocore's retry again,
    and its conditions then fail on the write's own result. The service reads back before
    calling that a conflict: its new session id, or the exact version it wrote, is there."""
    with DynamoDBProxy(moto.endpoint, remember_tokens=False) as forgetful:
        statuses, table, expected, created = run(
            forgetful, moto, tmp_path, attempts=3, lost=lambda n: n % 3 == 0, operations=45
        )
        assert forgetful.stats["dropped"] >= 15
        assert forgetful.stats["failed"] >= 10  # the retries that failed on their own writes
    # A delete whose retry finds the session gone answers 404 (it is gone either way).
    assert set(statuses) <= {200, 201, 204, 404}, statuses
    assert_stored_once(table, expected, created)
