"""Completing a planned session: one transaction logs the session and marks the plan done
with its id, on both engines; both or neither, once only, retries answered alike."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import make_athlete
from tests.api.test_plans import make_plan, plans_url
from tests.conftest import LOCAL_URL
from tests.support.failing_table import FailingWrites
from training_tracker.app import create_app
from training_tracker.config import Settings
from training_tracker.domain.plans import Actuals, PlanDetails
from training_tracker.store.port import Table


def complete_url(athlete_id: str, plan_id: str) -> str:
    return f"{plans_url(athlete_id)}/{plan_id}/complete"


def sessions_of(client: TestClient, athlete_id: str) -> list[dict[str, Any]]:
    answer = client.get("/v1/training-sessions", params={"athleteId": athlete_id})
    data: list[dict[str, Any]] = answer.json()["data"]
    return data


def test_completing_as_planned_logs_the_plan(client: TestClient) -> None:
    athlete = make_athlete(client)["id"]
    plan = make_plan(client, athlete, sport="run", rpe=6, title="Tempo", notes="3 x 10 min")
    answer = client.post(complete_url(athlete, plan["id"]))
    assert answer.status_code == 201, answer.text
    session = answer.json()
    assert answer.headers["ETag"] == '"1"'
    assert (session["athlete_id"], session["date"], session["duration"]) == (
        athlete,
        "2024-06-03",
        60,
    )
    assert (session["sport"], session["rpe"], session["distance"]) == ("run", 6, 0)
    assert session["notes"] == "Tempo — 3 x 10 min"
    assert session["load"] == 360  # sRPE: 60 min x RPE 6, the plan's planned load
    assert client.get(f"/v1/training-sessions/{session['id']}").json() == session
    done = client.get(f"{plans_url(athlete)}/{plan['id']}").json()
    assert done["sessionId"] == session["id"]
    assert done["updatedAt"] > plan["updatedAt"]
    assert client.get(f"/v1/athletes/{athlete}/statistics").json()["totalSessions"] == 1


def test_actual_values_override_the_plan(client: TestClient) -> None:
    athlete = make_athlete(client)["id"]
    plan = make_plan(client, athlete, sport="run", rpe=6)
    actual = {
        "date": "2024-06-04",
        "duration": 55,
        "distance": 11.2,
        "rpe": 7,
        "avgHeartRate": 151,
        "maxHeartRate": 170,
        "notes": "Windy",
    }
    session = client.post(complete_url(athlete, plan["id"]), json=actual).json()
    assert (session["date"], session["duration"], session["distance"]) == ("2024-06-04", 55, 11.2)
    assert (session["rpe"], session["avgHeartRate"], session["notes"]) == (7, 151, "Windy")
    assert session["sport"] == "run"  # not given: the plan's
    assert session["load"] == 385


@pytest.mark.parametrize(
    "body",
    [
        {"duration": 20161},
        {"avgHeartRate": 160, "maxHeartRate": 150},
        {"rpe": 11},
        {"date": "2024-13-01"},
        {"distance": -1},
    ],
)
def test_bad_actuals_are_422_and_change_nothing(client: TestClient, body: Any) -> None:
    athlete = make_athlete(client)["id"]
    plan = make_plan(client, athlete)
    answer = client.post(complete_url(athlete, plan["id"]), json=body)
    assert answer.status_code == 422, answer.text
    assert sessions_of(client, athlete) == []
    assert client.get(f"{plans_url(athlete)}/{plan['id']}").json() == plan


def test_completing_twice_is_409_naming_the_session(client: TestClient) -> None:
    athlete = make_athlete(client)["id"]
    plan = make_plan(client, athlete)
    first = client.post(complete_url(athlete, plan["id"])).json()
    again = client.post(complete_url(athlete, plan["id"]))
    assert again.status_code == 409, again.text
    body = again.json()
    assert body["error"] == body["detail"]["error"] == "PLAN_COMPLETED"
    assert body["sessionId"] == body["detail"]["sessionId"] == first["id"]
    assert len(sessions_of(client, athlete)) == 1


def test_a_retry_with_the_same_key_answers_the_same(client: TestClient) -> None:
    athlete = make_athlete(client)["id"]
    plan = make_plan(client, athlete)
    url, key = complete_url(athlete, plan["id"]), {"Idempotency-Key": "done-1"}
    first = client.post(url, json={"distance": 5}, headers=key)
    again = client.post(url, json={"distance": 5}, headers=key)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert len(sessions_of(client, athlete)) == 1
    reused = client.post(url, json={"distance": 6}, headers=key)
    assert reused.status_code == 422
    assert reused.json()["error"] == "IDEMPOTENCY_KEY_REUSED"


def test_missing_plan_or_athlete_is_404(client: TestClient) -> None:
    athlete = make_athlete(client)["id"]
    assert client.post(complete_url(athlete, "nope")).status_code == 404
    assert client.post(complete_url("ghost", "nope")).status_code == 404


def test_a_completed_plan_no_longer_projects_but_still_counts_as_planned(
    client: TestClient,
) -> None:
    """Far in the future so the day is projected: the session logged for it counts once."""
    athlete = make_athlete(client)["id"]
    plan = make_plan(client, athlete, date="2199-01-08", duration=60, rpe=5)
    params = {"startDate": "2199-01-07", "endDate": "2199-01-13"}
    url = f"/v1/athletes/{athlete}/training-load"

    def day_load() -> float:
        days = client.get(url, params=params).json()["days"]
        (day,) = [d for d in days if d["date"] == "2199-01-08"]
        assert day["projected"] is True
        load: float = day["load"]
        return load

    assert day_load() == 300
    assert client.post(complete_url(athlete, plan["id"])).status_code == 201
    assert day_load() == 300  # the logged session's 300, not 600
    (week,) = client.get(url, params=params).json()["weeks"]
    assert (week["load"], week["plannedLoad"], week["compliance"]) == (300, 300, 1)


# -- atomicity: a failing or losing transaction writes neither part -----------------------------
@pytest.fixture
def failing(table: Table, tmp_path: Path) -> Iterator[tuple[TestClient, FailingWrites]]:
    wrapped = FailingWrites(table)
    settings = Settings(sqlite_path=tmp_path / "app.sqlite3", query_page_size=2)
    app = create_app(settings, wrapped)  # type: ignore[arg-type]
    with TestClient(app, base_url=LOCAL_URL, raise_server_exceptions=False) as client:
        yield client, wrapped


def test_a_store_failure_leaves_neither_session_nor_mark(
    failing: tuple[TestClient, FailingWrites],
) -> None:
    client, table = failing
    athlete = make_athlete(client)["id"]
    plan = make_plan(client, athlete)
    table.arm(1)
    answer = client.post(complete_url(athlete, plan["id"]))
    assert table.fired
    assert answer.status_code == 503, answer.text
    assert sessions_of(client, athlete) == []
    assert client.get(f"{plans_url(athlete)}/{plan['id']}").json()["sessionId"] is None
    assert client.get(f"/v1/athletes/{athlete}/statistics").json()["totalSessions"] == 0
    assert client.post(complete_url(athlete, plan["id"])).status_code == 201  # it can be redone


def test_losing_to_a_concurrent_completion_logs_one_session(
    failing: tuple[TestClient, FailingWrites],
) -> None:
    """Another request completes the plan between this one's read and its write: this
    transaction is cancelled whole (no second session, no second mark) and answers 409."""
    client, table = failing
    athlete = make_athlete(client)["id"]
    plan = make_plan(client, athlete)
    plans = client.app.state.plans  # type: ignore[attr-defined]
    winner: list[str] = []
    table.arm(1, then=lambda: winner.append(plans.complete(athlete, plan["id"], Actuals()).id))
    answer = client.post(complete_url(athlete, plan["id"]))
    assert table.fired
    assert answer.status_code == 409, answer.text
    assert answer.json()["sessionId"] == winner[0]
    assert [s["id"] for s in sessions_of(client, athlete)] == winner
    assert client.get(f"{plans_url(athlete)}/{plan['id']}").json()["sessionId"] == winner[0]


def test_a_plan_changed_meanwhile_is_read_again(
    failing: tuple[TestClient, FailingWrites],
) -> None:
    client, table = failing
    athlete = make_athlete(client)["id"]
    plan = make_plan(client, athlete, rpe=5)
    plans = client.app.state.plans  # type: ignore[attr-defined]
    moved = PlanDetails(date=date(2024, 6, 10), duration=Decimal(60), rpe=8)
    table.arm(1, then=lambda: plans.update(athlete, plan["id"], moved))
    session = client.post(complete_url(athlete, plan["id"])).json()
    assert (session["date"], session["rpe"]) == ("2024-06-10", 8)  # the plan as changed
    assert len(sessions_of(client, athlete)) == 1
