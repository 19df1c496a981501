"""What an athlete's list, statistics and training load, and everyone's list and statistics
cost, counted by botocore on DynamoDB and by the store's meter on SQLite, after 3 and after
8 years of history: the same. A page's `total` comes from the count the athlete item carries
(everyone's: from the all-time totals), an offset is placed from the newest months back,
statistics without dates read the all-time totals, and training load reads a fixed warm-up:
never every month of the history."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_costs import Cost, World
from tests.conftest import LOCAL_URL, counted_dynamodb
from training_tracker.app import create_app
from training_tracker.config import Settings
from training_tracker.domain.models import Athlete, TrainingSession
from training_tracker.store.bulk import bulk_items
from training_tracker.store.keys import SCHEMA
from training_tracker.store.port import Meter, Table
from training_tracker.store.sqlite import SqliteTable

LAST_DAY = date(2025, 12, 31)
EVERY = 4  # a session every 4th day: about 8 a month
ATHLETE = Athlete(id="athlete-h", name="H")
YEARS = (3, 8)  # both longer than training load's two-year warm-up
ENGINES = ("dynamodb", "sqlite")


@dataclass
class MeterCounter:
    """The SQLite store's own meter, read the way botocore's counter is."""

    meter: Meter
    operations: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return self.meter.requests

    @property
    def items_read(self) -> int:
        return self.meter.items_read

    def reset(self) -> None:
        self.meter.reset()


@contextmanager
def _engine(engine: str, tmp_path: Path) -> Iterator[tuple[Table, Any]]:
    if engine == "dynamodb":
        with counted_dynamodb() as (table, counter):
            yield table, counter
        return
    sqlite = SqliteTable(tmp_path / f"history-{datetime.now(UTC).timestamp()}.sqlite3", SCHEMA)
    sqlite.ensure_table()
    try:
        yield sqlite, MeterCounter(sqlite.meter)
    finally:
        sqlite.close()


@contextmanager
def history_of(
    years: int, tmp_path: Path, engine: str = "dynamodb"
) -> Iterator[tuple[World, list[TrainingSession]]]:
    with _engine(engine, tmp_path) as (table, counter):
        settings = Settings(sqlite_path=tmp_path / "unused.sqlite3", query_page_size=100)
        with TestClient(create_app(settings, table), base_url=LOCAL_URL) as client:
            created = datetime(2015, 1, 1, tzinfo=UTC)
            days = range(0, 365 * years, EVERY)
            sessions = [
                TrainingSession(
                    id=f"session-{n:05}",
                    athlete_id=ATHLETE.id,
                    athlete_name=ATHLETE.name,
                    date=LAST_DAY - timedelta(days=n),
                    duration=Decimal(30 + n % 7),
                    distance=Decimal("5.5"),
                    created_at=created,
                    updated_at=created,
                )
                for n in days
            ]
            table.batch_put(bulk_items([ATHLETE], sessions))
            world = World(client, counter, [ATHLETE.id], sessions[0].id)
            if engine == "dynamodb":
                table._client.meta.events.register(  # type: ignore[attr-defined]
                    "before-parameter-build.dynamodb",
                    lambda params, **_: world.sent.append(dict(params)),
                )
            # the first cursor a server signs reads (and here creates) the shared secret
            client.get("/v1/training-sessions", params={"athleteId": ATHLETE.id, "limit": 1})
            yield world, sessions


def _page(world: World, **params: Any) -> tuple[Cost, dict[str, Any]]:
    answer: dict[str, Any] = {}

    def call(c: TestClient) -> Any:
        response = c.get("/v1/training-sessions", params={"athleteId": ATHLETE.id, **params})
        answer.update(response.json())
        return response

    return world.cost(call), answer


@pytest.mark.parametrize("engine", ENGINES)
def test_an_athletes_list_costs_the_same_after_3_and_8_years(tmp_path: Path, engine: str) -> None:
    costs: dict[int, dict[str, Cost]] = {}
    for years in YEARS:
        with history_of(years, tmp_path, engine) as (world, sessions):
            newest_first = [s.id for s in sessions]  # sessions were made newest first
            found: dict[str, Cost] = {}
            found["first page"], first = _page(world, limit=20)
            assert first["pagination"]["total"] == len(sessions)
            assert [s["id"] for s in first["data"]] == newest_first[:20]
            found["offset 50"], deep = _page(world, limit=20, offset=50)
            assert deep["pagination"]["total"] == len(sessions)
            assert [s["id"] for s in deep["data"]] == newest_first[50:70]
            cursor = first["pagination"]["nextCursor"]
            found["next by cursor"], following = _page(world, limit=20, cursor=cursor)
            assert [s["id"] for s in following["data"]] == newest_first[20:40]
            assert following["pagination"]["total"] == len(sessions)
            costs[years] = found
    assert costs[3] == costs[8], costs
    # the athlete (1 item) and the page (20 sessions), in two requests
    assert costs[8]["first page"] == Cost(2, 1 + 20)
    # the cursor page reads the page, the session it starts after, one more to tell whether
    # more follow, and the athlete
    assert costs[8]["next by cursor"] == Cost(2, 1 + 22)
    # offset 50 at ~8 sessions a month: the athlete, a year of month totals, one month's day
    # totals, then the page from that day (its earlier sessions skipped)
    assert costs[8]["offset 50"].requests == 4
    assert costs[8]["offset 50"].items_read <= 1 + 12 + 8 + 20 + 8


def _get(world: World, path: str, **params: Any) -> tuple[Cost, dict[str, Any]]:
    answer: dict[str, Any] = {}

    def call(c: TestClient) -> Any:
        response = c.get(path, params=params)
        answer.update(response.json())
        return response

    return world.cost(call), answer


def _expected_statistics(sessions: list[TrainingSession]) -> dict[str, Any]:
    duration = sum((s.duration for s in sessions), Decimal(0))
    distance = sum((s.distance for s in sessions), Decimal(0))
    return {
        "totalSessions": len(sessions),
        "totalDuration": round(float(duration), 2),
        "totalDistance": round(float(distance), 2),
        "averageDuration": round(float(duration / len(sessions)), 2),
        "averageDistance": round(float(distance / len(sessions)), 2),
        "averagePace": round(float(duration / distance), 2),
    }


@pytest.mark.parametrize("engine", ENGINES)
def test_statistics_and_everyones_list_cost_the_same_after_3_and_8_years(
    tmp_path: Path, engine: str
) -> None:
    costs: dict[int, dict[str, Cost]] = {}
    for years in YEARS:
        with history_of(years, tmp_path, engine) as (world, sessions):
            newest_first = [s.id for s in sessions]
            expected = _expected_statistics(sessions)
            found: dict[str, Cost] = {}
            found["athlete's statistics"], own = _get(
                world, f"/v1/athletes/{ATHLETE.id}/statistics"
            )
            assert own == expected
            found["everyone's statistics"], everyone = _get(
                world, "/v1/training-sessions/statistics"
            )
            assert everyone == expected
            found["everyone's first page"], first = _get(world, "/v1/training-sessions", limit=20)
            assert first["pagination"]["total"] == len(sessions)
            assert [s["id"] for s in first["data"]] == newest_first[:20]
            found["everyone's offset 50"], deep = _get(
                world, "/v1/training-sessions", limit=20, offset=50
            )
            assert deep["pagination"]["total"] == len(sessions)
            assert [s["id"] for s in deep["data"]] == newest_first[50:70]
            cursor = first["pagination"]["nextCursor"]
            found["everyone's next by cursor"], following = _get(
                world, "/v1/training-sessions", limit=20, cursor=cursor
            )
            assert [s["id"] for s in following["data"]] == newest_first[20:40]
            assert following["pagination"]["total"] == len(sessions)
            found["training load, 42 days"], load = _get(
                world, f"/v1/athletes/{ATHLETE.id}/training-load", endDate=LAST_DAY.isoformat()
            )
            assert len(load["days"]) == 42
            costs[years] = found
    assert costs[3] == costs[8], costs
    big = costs[8]
    # the athlete (for its 404), then its all-time totals: one item
    assert big["athlete's statistics"] == Cost(2, 2)
    # everyone's all-time totals: one item per shard in use (one athlete here: one shard)
    assert big["everyone's statistics"] == Cost(1, 1)
    # the all-time totals and the newest month (at once on DynamoDB); then the month totals
    # before it, at most 20 (each month found holds a session), and one Query per month
    # bucket until the page is full (~8 sessions a month: three)
    assert big["everyone's first page"] == Cost(1 + 1 + 1 + 3, 1 + 1 + 20 + 20)
    # the cursor page: the all-time totals; the month totals before the cursor's month, at
    # most 22; a Query per month bucket until the page, the session it starts after and one
    # more are in hand
    assert big["everyone's next by cursor"] == Cost(1 + 1 + 4, 1 + 22 + 22)
    # offset 50: the all-time totals; month totals, two months' shards per read, back only
    # until the offset is reached (~8 sessions a month: one read); that month's day totals;
    # then the month totals before it and the page as for a first page (+ the skip)
    assert big["everyone's offset 50"].requests == 1 + 1 + 1 + 1 + 4
    assert big["everyone's offset 50"].items_read <= 1 + 32 + 8 + 20 + 20 + 8
    # the athlete, its day totals from two years before the range's first week to the end
    # of its last (a session every 4th day), its plans of those weeks (none)
    load = big["training load, 42 days"]
    assert load.items_read <= 1 + (730 + 42 + 14) // EVERY + 1


@pytest.mark.parametrize("engine", ENGINES)
def test_up_to_an_end_costs_the_same_after_3_and_8_years(tmp_path: Path, engine: str) -> None:
    """A range with only an end counts all time less what came after the end, and places
    an offset walking back from the end: the history before the end is never read whole."""
    end = LAST_DAY - timedelta(days=40)
    costs: dict[int, dict[str, Cost]] = {}
    for years in YEARS:
        with history_of(years, tmp_path, engine) as (world, sessions):
            kept = [s for s in sessions if s.date <= end]  # newest first, one a day
            found: dict[str, Cost] = {}
            for name, offset in (("page", 0), ("offset 50", 50)):
                found[f"list, {name}"], page = _page(
                    world, limit=20, offset=offset, endDate=end.isoformat()
                )
                assert page["pagination"]["total"] == len(kept)
                assert [s["id"] for s in page["data"]] == [s.id for s in kept][offset:][:20]
                found[f"everyone's list, {name}"], page = _get(
                    world, "/v1/training-sessions", limit=20, offset=offset, endDate=end
                )
                assert page["pagination"]["total"] == len(kept)
                assert [s["id"] for s in page["data"]] == [s.id for s in kept][offset:][:20]
            for name, path in (
                ("statistics", f"/v1/athletes/{ATHLETE.id}/statistics"),
                ("everyone's statistics", "/v1/training-sessions/statistics"),
            ):
                found[name], statistics = _get(world, path, endDate=end)
                assert statistics == _expected_statistics(kept)
            costs[years] = found
    assert costs[3] == costs[8], costs
    # all-time totals, then the days after the end in its month and the month after it
    assert costs[8]["statistics"].items_read <= 1 + 1 + 31 // EVERY + 1 + 1
