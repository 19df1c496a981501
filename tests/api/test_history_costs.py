"""What an athlete's list costs in DynamoDB, counted by botocore, after 2 and after 8 years
of history: the same. A page's `total` comes from the count the athlete item carries and an
offset is placed from the newest months back, never from every month of the history."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from tests.api.test_costs import Cost, World
from tests.conftest import LOCAL_URL, counted_dynamodb
from training_tracker.app import create_app
from training_tracker.config import Settings
from training_tracker.domain.models import Athlete, TrainingSession
from training_tracker.store.bulk import bulk_items

LAST_DAY = date(2025, 12, 31)
EVERY = 4  # a session every 4th day: about 8 a month
ATHLETE = Athlete(id="athlete-h", name="H")


@contextmanager
def history_of(years: int, tmp_path: Path) -> Iterator[tuple[World, list[TrainingSession]]]:
    with counted_dynamodb() as (table, counter):
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
            table._client.meta.events.register(
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


def test_an_athletes_list_costs_the_same_after_2_and_8_years(tmp_path: Path) -> None:
    costs: dict[int, dict[str, Cost]] = {}
    for years in (2, 8):
        with history_of(years, tmp_path) as (world, sessions):
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
    assert costs[2] == costs[8], costs
    # the athlete (1 item) and the page (20 sessions), in two requests
    assert costs[8]["first page"] == Cost(2, 1 + 20)
    # the cursor page reads the page, the session it starts after, one more to tell whether
    # more follow, and the athlete
    assert costs[8]["next by cursor"] == Cost(2, 1 + 22)
    # offset 50 at ~8 sessions a month: the athlete, a year of month totals, one month's day
    # totals, then the page from that day (its earlier sessions skipped)
    assert costs[8]["offset 50"].requests == 4
    assert costs[8]["offset 50"].items_read <= 1 + 12 + 8 + 20 + 8
