"""The "building" zone counts from the athlete's first logged session, which the athlete
item carries, not from the first day the training-load warm-up happens to read; reading it
costs nothing more, however long the history."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from tests.api.helpers import make_athlete, make_session
from tests.api.test_costs import Cost, World
from tests.conftest import LOCAL_URL, counted_dynamodb
from training_tracker.app import create_app
from training_tracker.config import Settings
from training_tracker.domain.models import Athlete, TrainingSession
from training_tracker.services.maintenance import TotalsRebuilder
from training_tracker.store.bulk import bulk_items
from training_tracker.store.repository import Repository

LONG = Athlete(id="a-long", name="Long")
RANGE = {"startDate": "2024-06-03", "endDate": "2024-06-09"}


def zones(client: TestClient, athlete_id: str) -> list[str | None]:
    answer = client.get(f"/v1/athletes/{athlete_id}/training-load", params=RANGE)
    assert answer.status_code == 200, answer.text
    return [day["acwrZone"] for day in answer.json()["days"]]


def board_zone(client: TestClient, athlete_id: str, on: str) -> str | None:
    answer = client.get("/v1/training-load", params={"date": on})
    assert answer.status_code == 200, answer.text
    (row,) = [r for r in answer.json()["data"] if r["athleteId"] == athlete_id]
    zone: str | None = row["acwrZone"]
    return zone


def test_history_older_than_the_warm_up_is_not_building(client: TestClient) -> None:
    """First session in 2021, then nothing until 12 days before the range: the warm-up
    (730 days) does not reach 2021, yet the athlete is years past building."""
    athlete = make_athlete(client)["id"]
    make_session(client, athlete, date="2021-01-04", rpe=5, duration=60)
    for day in range(12):
        on = date(2024, 5, 22) + timedelta(days=day)
        make_session(client, athlete, date=on.isoformat(), rpe=6, duration=50)
    assert "building" not in zones(client, athlete)
    assert all(zone is not None for zone in zones(client, athlete))
    assert board_zone(client, athlete, "2024-06-03") not in (None, "building")


def test_a_new_athlete_is_building_for_28_days_from_the_first_session(
    client: TestClient,
) -> None:
    athlete = make_athlete(client)["id"]
    for day in range(20):  # 2024-05-10 .. 2024-05-29; 2024-06-06 is the 28th day
        on = date(2024, 5, 10) + timedelta(days=day)
        make_session(client, athlete, date=on.isoformat(), rpe=5)
    found = zones(client, athlete)
    assert found[:3] == ["building"] * 3  # 3..5 June: days 25..27
    assert "building" not in found[3:]
    assert board_zone(client, athlete, "2024-06-05") == "building"
    # A session logged later but dated earlier moves the start back.
    make_session(client, athlete, date="2024-04-01", rpe=5)
    assert "building" not in zones(client, athlete)


def test_an_athlete_with_no_sessions_left_starts_anew(client: TestClient) -> None:
    athlete = make_athlete(client)["id"]
    old = make_session(client, athlete, date="2020-01-01")
    assert client.delete(f"/v1/training-sessions/{old['id']}").status_code == 204
    for day in range(10):
        make_session(client, athlete, date=f"2024-06-{day + 1:02}", rpe=5)
    assert zones(client, athlete)[0] == "building"


def test_rebuild_aggregates_sets_the_first_session_date(tmp_path: Path) -> None:
    """Items written before the date was kept get it from rebuild-aggregates."""
    with counted_dynamodb() as (table, _):
        athlete = Athlete(id="a-old", name="Old")
        sessions = [_session(athlete, date(2021, 1, 4), 0), _session(athlete, date(2024, 6, 1), 1)]
        table.batch_put(bulk_items([athlete], sessions))
        repository = Repository(table, page_size=10)
        table.write(_without_first_date(athlete.id))
        assert repository.existing_athlete(athlete.id).first_session_date is None
        TotalsRebuilder(repository).run(resume=False)
        assert repository.existing_athlete(athlete.id).first_session_date == date(2021, 1, 4)


def _without_first_date(athlete_id: str) -> Any:
    from training_tracker.store import keys
    from training_tracker.store.port import Update

    return Update(keys.athlete_key(athlete_id), set={"first_session_date": None})


@contextmanager
def old_history(years: int, tmp_path: Path) -> Iterator[World]:
    """Sessions every 3rd day for `years` years up to 2021, then 12 days before the range."""
    athlete = LONG
    old = [date(2021, 6, 1) - timedelta(days=n) for n in range(0, 365 * years, 3)]
    recent = [date(2024, 5, 22) + timedelta(days=n) for n in range(12)]
    sessions = [_session(athlete, on, n) for n, on in enumerate(old + recent)]
    with counted_dynamodb() as (table, counter):
        settings = Settings(sqlite_path=tmp_path / "unused.sqlite3", query_page_size=100)
        with TestClient(create_app(settings, table), base_url=LOCAL_URL) as client:
            table.batch_put(bulk_items([athlete], sessions))
            yield World(client, counter, [athlete.id], sessions[0].id)


def test_the_zone_costs_the_same_after_1_and_6_years(tmp_path: Path) -> None:
    costs: dict[int, tuple[Cost, Cost]] = {}
    for years in (1, 6):
        with old_history(years, tmp_path) as world:
            load = world.cost(
                lambda c: c.get(f"/v1/athletes/{LONG.id}/training-load", params=RANGE)
            )
            assert "building" not in zones(world.client, LONG.id)
            board = world.cost(lambda c: c.get("/v1/training-load", params={"date": "2024-06-05"}))
            costs[years] = (load, board)
    assert costs[6] == costs[1], costs


def _session(athlete: Athlete, on: date, n: int) -> TrainingSession:
    created = datetime(2020, 1, 1, tzinfo=UTC)
    return TrainingSession(
        id=f"{athlete.id}-{n:05}",
        athlete_id=athlete.id,
        athlete_name=athlete.name,
        date=on,
        duration=Decimal(40),
        distance=Decimal(8),
        rpe=5,
        load=Decimal(200),
        created_at=created,
        updated_at=created,
    )
