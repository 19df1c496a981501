"""DynamoDB faults: retries, 503 with Retry-After, unprocessed batch items, and a
fault-injection run of mixed writes through the API that must leave nothing half-applied."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import botocore.retries.standard
import pytest
from botocore.awsrequest import AWSResponse
from botocore.exceptions import ConnectionClosedError, ReadTimeoutError
from fastapi.testclient import TestClient
from moto import mock_aws
from moto.core.botocore_stubber import MockRawResponse
from moto.core.models import botocore_stubber

from tests.conftest import LOCAL_URL
from tests.store.invariants import assert_consistent, scan_all
from training_tracker.app import create_app
from training_tracker.config import Settings
from training_tracker.errors import StoreUnavailableError
from training_tracker.store import keys
from training_tracker.store.dynamodb import BATCH_ATTEMPTS, DynamoDBTable, build_client
from training_tracker.store.keys import SCHEMA

ERROR_TYPE = "com.amazonaws.dynamodb.v20120810#"


def _error(status: int, code: str) -> AWSResponse:
    body = json.dumps({"__type": ERROR_TYPE + code, "message": "injected"}).encode()
    headers = {"Content-Type": "application/x-amz-json-1.0", "x-amzn-RequestId": "fault"}
    return AWSResponse("https://dynamodb", status, headers, MockRawResponse(body))


class Faults:
    """A before-send hook: throttling, 500s, connections dropped before the request reaches
    the server and responses dropped after it processed the request, at a seeded rate."""

    def __init__(self, seed: int, rate: float) -> None:
        self.random = random.Random(seed)
        self.rate = rate
        self.active = False
        self.injected: dict[str, int] = {}

    def __call__(self, request: Any, event_name: str, **kwargs: Any) -> AWSResponse | None:
        if not self.active or self.random.random() >= self.rate:
            return None
        kind = self.random.choice(["throttle", "500", "drop-before", "drop-after"])
        self.injected[kind] = self.injected.get(kind, 0) + 1
        if kind == "throttle":
            return _error(400, "ThrottlingException")
        if kind == "500":
            return _error(500, "InternalServerError")
        if kind == "drop-before":
            raise ConnectionClosedError(endpoint_url=request.url)
        botocore_stubber(event_name=event_name, request=request, **kwargs)  # moto applies it
        raise ReadTimeoutError(endpoint_url=request.url)


@contextmanager
def faulty_table(
    faults: Faults, tmp_path: Path, attempts: int = 2
) -> Iterator[tuple[DynamoDBTable, Settings]]:
    settings = Settings(
        sqlite_path=tmp_path / "unused",
        dynamodb_max_attempts=attempts,
        rate_limit_per_minute=0,
        query_page_size=50,
    )
    with mock_aws():
        client = build_client(settings)
        client.meta.events.register_first("before-send.dynamodb", faults)
        table = DynamoDBTable(client, "faults", SCHEMA, endpoint=None)
        table.ensure_table()
        yield table, settings


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """botocore's jittered backoff (up to seconds) would only slow the test down."""
    monkeypatch.setattr(botocore.retries.standard.ExponentialBackoff, "delay_amount", lambda *_: 0)


def test_client_retries_are_bounded_and_the_pool_fits_the_threadpool() -> None:
    settings = Settings(threadpool_size=64, dynamodb_max_attempts=4)
    config = build_client(settings).meta.config
    assert config.retries == {"mode": "standard", "total_max_attempts": 4}
    assert config.connect_timeout == settings.dynamodb_connect_timeout
    assert config.read_timeout == settings.dynamodb_read_timeout
    assert config.max_pool_connections >= settings.threadpool_size


def test_throttling_that_outlasts_retries_is_503_with_retry_after(tmp_path: Path) -> None:
    faults = Faults(seed=1, rate=1.0)
    faults.random.choice = lambda _: "throttle"  # type: ignore[method-assign]
    with faulty_table(faults, tmp_path) as (table, settings):
        with TestClient(create_app(settings, table), base_url=LOCAL_URL) as client:
            faults.active = True
            response = client.get("/v1/athletes")
            assert response.status_code == 503
            assert response.json()["error"] == "STORE_UNAVAILABLE"
            assert int(response.headers["Retry-After"]) >= 1
            faults.random.choice = lambda _: "500"  # type: ignore[method-assign]
            assert client.post("/v1/athletes", json={"name": "A"}).status_code == 503
        assert faults.injected["throttle"] == settings.dynamodb_max_attempts


def test_unprocessed_batch_items_are_retried_with_backoff_then_given_up(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    sleeps: list[float] = []
    monkeypatch.setattr("training_tracker.store.dynamodb.time.sleep", sleeps.append)
    with faulty_table(Faults(0, 0), tmp_path) as (table, _):
        real = table._client.batch_write_item
        calls = {"n": 0}

        def half_processed(RequestItems: dict[str, list[Any]]) -> dict[str, Any]:  # noqa: N803
            calls["n"] += 1
            [(name, requests)] = RequestItems.items()
            keep, rest = requests[: len(requests) // 2 or 1], requests[len(requests) // 2 or 1 :]
            real(RequestItems={name: keep})
            return {"UnprocessedItems": {name: rest} if rest else {}}

        table._client.batch_write_item = half_processed
        items = [{keys.PK: f"P{n}", keys.SK: "S", "n": n} for n in range(20)]
        table.batch_put(items)
        assert len(scan_all(table)) == 20
        assert calls["n"] == 6  # 20 → 10 → 5 → 3 → 2 → 1 left
        assert len(sleeps) == 5
        assert sleeps == sorted(sleeps)  # exponential: each pause at least the one before

        sleeps.clear()
        table._client.batch_write_item = lambda RequestItems: {  # noqa: N803
            "UnprocessedItems": RequestItems
        }
        with pytest.raises(StoreUnavailableError):
            table.batch_delete([{keys.PK: "P1", keys.SK: "S"}])
        assert len(sleeps) == BATCH_ATTEMPTS
        assert max(sleeps) <= 2.0


def _state(item: dict[str, Any] | None) -> tuple[Any, ...] | None:
    if item is None:
        return None
    return (item["athlete_id"], str(item["date"]), float(item["duration"]), float(item["distance"]))


def test_fault_injection_leaves_nothing_half_applied(tmp_path: Path) -> None:
    faults = Faults(seed=20240501, rate=0.08)
    rng = random.Random(7)
    with faulty_table(faults, tmp_path) as (table, settings):
        client = TestClient(create_app(settings, table), base_url=LOCAL_URL)
        faults.active = True
        # Athletes: a client that retries with its Idempotency-Key until it gets an answer.
        athletes = []
        for n in range(4):
            for _ in range(30):
                r = client.post(
                    "/v1/athletes", json={"name": f"A{n}"}, headers={"Idempotency-Key": f"a{n}"}
                )
                if r.status_code == 201:
                    athletes.append(r.json()["id"])
                    break
        assert len(athletes) == 4

        possible: dict[str, set[tuple[Any, ...] | None]] = {}  # session id -> allowed states
        creates: dict[str, tuple[int, str | None, tuple[Any, ...]]] = {}  # marker -> outcome
        statuses: dict[int, int] = {}
        for op in range(300):
            body = {
                "athlete_id": rng.choice(athletes),
                "date": f"2024-0{rng.randint(1, 3)}-{rng.randint(1, 28):02}",
                "duration": rng.randint(1, 120),
                "distance": rng.randint(0, 30),
            }
            state = (
                body["athlete_id"],
                body["date"],
                float(body["duration"]),  # type: ignore[arg-type]
                float(body["distance"]),  # type: ignore[arg-type]
            )
            known = [s for s, states in possible.items() if states != {None}]
            kind = rng.random()
            if kind < 0.5 or not known:
                marker = f"c{op}"
                r = client.post("/v1/training-sessions", json={**body, "notes": marker})
                created = r.json()["id"] if r.status_code == 201 else None
                creates[marker] = (r.status_code, created, state)
                if created:
                    possible[created] = {state}
            else:
                session_id = rng.choice(known)
                url = f"/v1/training-sessions/{session_id}"
                if kind < 0.8:
                    marker = next(m for m, c in creates.items() if c[1] == session_id)
                    r = client.put(url, json={**body, "notes": marker})
                    new: tuple[Any, ...] | None = state
                else:
                    r = client.delete(url)
                    new = None
                if r.status_code in (200, 204):
                    possible[session_id] = {new}
                elif r.status_code == 404:
                    possible[session_id] = {None}
                else:
                    possible[session_id].add(new)
            statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
            assert r.status_code in (200, 201, 204, 404, 409, 503), r.text
        faults.active = False

        stored = {i["id"]: i for i in scan_all(table) if i.get("type") == keys.SESSION_TYPE}
        by_marker: dict[str, list[dict[str, Any]]] = {}
        for item in stored.values():
            by_marker.setdefault(item["notes"], []).append(item)
        for marker, (status, created, state) in creates.items():
            found = by_marker.get(marker, [])
            if status == 201:
                assert len(found) <= 1, marker
                assert not found or found[0]["id"] == created, marker
                assert created is not None
                assert _state(found[0] if found else None) in possible[created], marker
            else:  # an error: fully there (a dropped response) or fully absent
                assert len(found) <= 1, marker
                if found:
                    assert found[0]["id"] not in possible
                    assert _state(found[0]) == state
        for session_id, states in possible.items():
            assert _state(stored.get(session_id)) in states, session_id
        assert_consistent(table)
        ok = sum(n for s, n in statuses.items() if s < 300)
        assert ok > 200, statuses
        assert sum(faults.injected.values()) > 20, faults.injected
        print(f"\nstatuses {statuses}; faults injected {faults.injected}")


def test_create_table_enables_ttl_once(tmp_path: Path) -> None:
    with faulty_table(Faults(0, 0), tmp_path) as (table, _):
        ttl = table._client.describe_time_to_live(TableName=table.table_name)
        assert ttl["TimeToLiveDescription"]["AttributeName"] == keys.EXPIRES_AT
        assert ttl["TimeToLiveDescription"]["TimeToLiveStatus"] == "ENABLED"
        assert table.ensure_table() is False  # idempotent: exists, TTL already on
        assert table.ensure_ttl() is False
