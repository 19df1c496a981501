"""What each request costs in DynamoDB, counted by botocore, at two table sizes.

A read that grows with the number of sessions in the table fails here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response

from tests.conftest import LOCAL_URL, DynamoCounter, counted_dynamodb
from training_tracker.app import create_app
from training_tracker.config import Settings
from training_tracker.domain.models import Athlete, TrainingSession
from training_tracker.domain.totals import everyone_shard
from training_tracker.store.bulk import bulk_items

DAYS = 40
FIRST_DAY = date(2024, 3, 1)
ATHLETES = 5
ATHLETE_IDS = [f"athlete-{n}" for n in range(ATHLETES)]
# Everyone's totals are kept per shard, a session counting in its athlete's: reading them
# reads one item per day or month per shard in use, and which shards are in use depends on
# who trains, not on how much. So both sizes have all five athletes training (40 sessions
# each, one a day, then ten times that), and everyone's totals cost this factor more.
SHARDS_IN_USE = len({everyone_shard(a) for a in ATHLETE_IDS})
SMALL, BIG = 200, 2000


@dataclass(frozen=True)
class Cost:
    requests: int
    items_read: int


@dataclass
class World:
    """A table holding `size` sessions over the same 40 days, whatever the size."""

    client: TestClient
    counter: DynamoCounter
    athlete_ids: list[str]
    session_id: str
    sent: list[dict[str, Any]] = field(default_factory=list)

    def cost(self, call: Callable[[TestClient], Response]) -> Cost:
        self.counter.reset()
        self.sent.clear()
        response = call(self.client)
        assert response.status_code < 300, response.text
        assert "Scan" not in self.counter.operations
        assert not any("FilterExpression" in params for params in self.sent)
        return Cost(self.counter.requests, self.counter.items_read)


@contextmanager
def world_of(size: int, tmp_path: Path) -> Iterator[World]:
    with counted_dynamodb() as (table, counter):
        settings = Settings(sqlite_path=tmp_path / "unused.sqlite3", query_page_size=100)
        with TestClient(create_app(settings, table), base_url=LOCAL_URL) as client:
            athletes = [Athlete(id=a, name=f"A{n}") for n, a in enumerate(ATHLETE_IDS)]
            created = datetime(2024, 1, 1, tzinfo=UTC)
            sessions = [
                TrainingSession(
                    id=f"session-{n:04}",
                    athlete_id=athletes[(n // DAYS) % ATHLETES].id,
                    athlete_name=athletes[(n // DAYS) % ATHLETES].name,
                    date=FIRST_DAY + timedelta(days=n % DAYS),
                    duration=Decimal(30 + n % 7),
                    distance=Decimal("5.5"),
                    created_at=created,
                    updated_at=created,
                )
                for n in range(size)
            ]
            table.batch_put(bulk_items(athletes, sessions))
            world = World(client, counter, [a.id for a in athletes], sessions[-1].id)
            table._client.meta.events.register(
                "before-parameter-build.dynamodb",
                lambda params, **_: world.sent.append(dict(params)),
            )
            yield world


READS: dict[str, Callable[[World], Callable[[TestClient], Response]]] = {
    "get athlete": lambda w: lambda c: c.get(f"/v1/athletes/{w.athlete_ids[0]}"),
    "list athletes": lambda w: lambda c: c.get("/v1/athletes"),
    "athlete statistics": lambda w: lambda c: c.get(f"/v1/athletes/{w.athlete_ids[0]}/statistics"),
    "get session": lambda w: lambda c: c.get(f"/v1/training-sessions/{w.session_id}"),
    "athlete's last 20": lambda w: (
        lambda c: c.get(
            "/v1/training-sessions", params={"athleteId": w.athlete_ids[0], "limit": 20}
        )
    ),
    "athlete's range page": lambda w: (
        lambda c: c.get(
            "/v1/training-sessions",
            params={
                "athleteId": w.athlete_ids[0],
                "startDate": "2024-03-05",
                "endDate": "2024-04-02",
                "limit": 10,
            },
        )
    ),
    "everyone's last 20": lambda w: lambda c: c.get("/v1/training-sessions", params={"limit": 20}),
    "everyone's range page": lambda w: (
        lambda c: c.get(
            "/v1/training-sessions",
            params={"startDate": "2024-03-10", "endDate": "2024-04-05", "limit": 5},
        )
    ),
    "statistics": lambda w: lambda c: c.get("/v1/training-sessions/statistics"),
    "athlete's training load": lambda w: (
        lambda c: c.get(
            f"/v1/athletes/{w.athlete_ids[0]}/training-load",
            params={"startDate": "2024-03-10", "endDate": "2024-04-05"},
        )
    ),
    "statistics for a range": lambda w: (
        lambda c: c.get(
            "/v1/training-sessions/statistics",
            params={"startDate": "2024-03-03", "endDate": "2024-04-07"},
        )
    ),
}


def test_read_costs_do_not_grow_with_the_table(tmp_path: Path) -> None:
    costs: dict[int, dict[str, Cost]] = {}
    for size in (SMALL, BIG):
        with world_of(size, tmp_path) as world:
            costs[size] = {name: world.cost(make(world)) for name, make in READS.items()}
    for name in READS:  # ten times the sessions, never more work
        assert costs[BIG][name].items_read <= costs[SMALL][name].items_read, name
        assert costs[BIG][name].requests <= costs[SMALL][name].requests, name
    big = costs[BIG]
    assert big["get athlete"] == Cost(1, 1)
    assert big["get session"] == Cost(2, 2)
    assert big["list athletes"] == Cost(1, ATHLETES)
    # A page of n reads n sessions, the month totals that locate it and, when it starts
    # inside a month, that month's day totals (everyone's: each of those per shard in use).
    assert big["athlete's last 20"].items_read <= 20 + 2 + 31
    assert big["everyone's last 20"].items_read <= 20 + SHARDS_IN_USE * (2 + 31)
    # without dates: the all-time totals, one item per shard in use (an athlete's: one item,
    # after the athlete itself)
    assert big["statistics"] == Cost(1, SHARDS_IN_USE)
    assert big["athlete statistics"] == Cost(2, 2)
    assert big["statistics for a range"].requests <= 3  # edge days + whole months
    # at most one per day in the range, per shard in use
    assert big["statistics for a range"].items_read <= 36 * SHARDS_IN_USE
    # The athlete has sessions on the same 40 days at both sizes (1 a day, then 10 a day): the
    # athlete, then one day-totals item per training day from the warm-up before the range
    # (all of them here: history starts 1 March) to the Sunday after it (7 April), in one
    # page; and one Query of the planned sessions of the range's weeks (none here).
    load = "athlete's training load"
    assert costs[SMALL][load] == costs[BIG][load] == Cost(3, 1 + 38)
    print(f"\nread costs at {BIG} sessions: {big}")


def test_board_reads_day_totals_per_athlete_never_sessions(tmp_path: Path) -> None:
    costs = {}
    for size in (200, 1000):  # every athlete trains on the same 40 days at both sizes
        with world_of(size, tmp_path) as world:
            costs[size] = world.cost(
                lambda c: c.get("/v1/training-load", params={"date": "2024-04-20"})
            )
    assert costs[200] == costs[1000]
    # the athletes' page and the athletes count (one item per shard in use), then per athlete
    # its day totals in the warm-up (all 40 here) and one Query of its wellness for the
    # trends (none here; a date in the past reads no plans)
    assert costs[1000] == Cost(2 + 2 * ATHLETES, ATHLETES + SHARDS_IN_USE + ATHLETES * DAYS)


def test_a_board_page_reads_its_own_athletes_however_many_there_are() -> None:
    shards = {everyone_shard(a) for a in ATHLETE_IDS}
    # athletes in the same shards as the five, so the count reads as many items at each size
    many = [i for i in (f"athlete-{n:03}" for n in range(400)) if everyone_shard(i) in shards]
    costs = {}
    for ids in (ATHLETE_IDS, many[:60]):
        with counted_dynamodb() as (table, counter):
            settings = Settings(sqlite_path=Path("unused.sqlite3"), query_page_size=100)
            with TestClient(create_app(settings, table), base_url=LOCAL_URL) as client:
                table.batch_put(bulk_items([Athlete(id=i, name=i) for i in ids], []))
                client.get("/v1/training-load", params={"limit": 1})  # signs: reads the secret
                world = World(client, counter, ids, "")
                found = {}
                first: dict[str, Any] = {}

                def page(c: TestClient, first: dict[str, Any] = first, **params: Any) -> Response:
                    response = c.get("/v1/training-load", params={"limit": 2, **params})
                    first.update(response.json())
                    return response

                found["first"] = world.cost(page)
                assert first["pagination"]["total"] == len(ids)
                link = client.get("/v1/training-load", params={"limit": 2}).headers["link"]
                cursor = link.split("cursor=", 1)[1].split(">", 1)[0]
                found["cursor"] = world.cost(lambda c, cursor=cursor: page(c, cursor=cursor))
                assert [r["athleteId"] for r in first["data"]] == sorted(ids)[2:4]
                costs[len(ids)] = found
    assert costs[ATHLETES] == costs[60], costs
    # the page's two athletes (with the cursor: and one to tell whether more follow) and the
    # count; per athlete its day totals and wellness (none here)
    assert costs[60]["first"] == Cost(2 + 2 * 2, 2 + len(shards))
    assert costs[60]["cursor"] == Cost(2 + 2 * 2, 3 + len(shards))


def test_write_costs_are_one_transaction(tmp_path: Path) -> None:
    with world_of(50, tmp_path) as world:
        body = {
            "athlete_id": world.athlete_ids[0],
            "date": "2024-03-02",
            "duration": 10,
            "distance": 1,
        }
        create = world.cost(lambda c: c.post("/v1/training-sessions", json=body))
        assert world.counter.operations == ["GetItem", "TransactWriteItems"]
        assert create == Cost(2, 1)
        moved = {**body, "athlete_id": world.athlete_ids[1], "date": "2024-04-01"}
        update = world.cost(
            lambda c: c.put(f"/v1/training-sessions/{world.session_id}", json=moved)
        )
        # The move takes the last session off its old day: that try's condition on the old
        # day's totals fails, and a second transaction deletes them (none is left at zero).
        emptying = ["TransactWriteItems", "TransactWriteItems"]
        assert world.counter.operations == ["GetItem", "GetItem", "GetItem", *emptying]
        assert update.items_read == 3
        delete = world.cost(lambda c: c.delete(f"/v1/training-sessions/{world.session_id}"))
        assert world.counter.operations == ["GetItem", "GetItem", *emptying]
        assert delete.items_read == 2
        # a session that is not the last of its day: one transaction
        make = world.client.post("/v1/training-sessions", json=body).json()
        world.client.post("/v1/training-sessions", json=body)
        world.cost(lambda c: c.delete(f"/v1/training-sessions/{make['id']}"))
        assert world.counter.operations == ["GetItem", "GetItem", "TransactWriteItems"]


def test_cascade_delete_writes_in_batches(tmp_path: Path) -> None:
    # (Moto copies the whole table for every transaction action, so this world stays small.)
    with world_of(50, tmp_path) as world:
        athlete = world.athlete_ids[0]  # 40 sessions, each on its own day
        count = world.client.get("/v1/training-sessions", params={"athleteId": athlete}).json()
        sessions = count["pagination"]["total"]
        cost = world.cost(lambda c: c.delete(f"/v1/athletes/{athlete}", params={"cascade": "true"}))
        writes = world.counter.operations.count(
            "TransactWriteItems"
        ) + world.counter.operations.count("DeleteItem")
        # A transaction removes sessions with their locators and totals: 16 when every session
        # is on its own day (2 + 4 actions each), up to 49 when they share days.
        assert sessions == DAYS
        assert writes <= -(-sessions // 16) + 2, (writes, sessions)
        assert world.client.get(f"/v1/athletes/{athlete}").status_code == 404
        assert cost.items_read <= sessions + 2 * DAYS + 10


def test_cursor_pages_read_only_the_page(tmp_path: Path) -> None:
    """The third page by cursor reads its sessions (plus at most two) and the totals behind
    `total`, at both table sizes: never the pages before it."""
    costs = {}
    for size in (SMALL, BIG):
        with world_of(size, tmp_path) as world:
            for params in (
                {"limit": 10, "athleteId": world.athlete_ids[0]},
                {"limit": 10, "startDate": "2024-03-02", "endDate": "2024-04-03"},
            ):
                first = world.client.get("/v1/training-sessions", params=params).json()
                cursor = first["pagination"]["nextCursor"]
                second = world.client.get(
                    "/v1/training-sessions", params={**params, "cursor": cursor}
                ).json()
                cursor = second["pagination"]["nextCursor"]
                page = world.cost(
                    lambda c, p=params, k=cursor: c.get(
                        "/v1/training-sessions", params={**p, "cursor": k}
                    )
                )
                costs[(size, "athleteId" in params)] = page
    for athlete in (True, False):
        small, big = costs[(SMALL, athlete)], costs[(BIG, athlete)]
        assert big.items_read <= small.items_read, (small, big)
        assert big.requests <= small.requests, (small, big)
    # 10 sessions + 2, the month totals (≤ 2) and the day totals of a partial month (≤ 31);
    # everyone's totals once per shard in use
    assert costs[(BIG, True)].items_read <= 12 + 2
    assert costs[(BIG, False)].items_read <= 12 + SHARDS_IN_USE * (2 + 2 * 31)
    print(f"\ncursor page costs: {costs}")
