"""Planned sessions through the app on every engine: CRUD, validation, paging, and the
training-load projection and weekly compliance that read them (docs/planning.md)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import make_athlete, make_session
from training_tracker.store import keys


def plans_url(athlete_id: str) -> str:
    return f"/v1/athletes/{athlete_id}/planned-sessions"


def make_plan(client: TestClient, athlete_id: str, **fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"date": "2024-06-03", "duration": 60, **fields}
    response = client.post(plans_url(athlete_id), json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def test_plan_lifecycle(client: TestClient) -> None:
    athlete = make_athlete(client)
    plan = make_plan(client, athlete["id"], sport="run", rpe=6, title="Tempo", notes="3 x 10 min")
    assert plan["athleteId"] == athlete["id"]
    assert (plan["date"], plan["duration"], plan["sport"], plan["rpe"]) == (
        "2024-06-03",
        60,
        "run",
        6,
    )
    # rpe x duration = 360; no explicit load
    assert (plan["load"], plan["plannedLoad"]) == (None, 360)
    assert (plan["title"], plan["notes"]) == ("Tempo", "3 x 10 min")
    url = f"{plans_url(athlete['id'])}/{plan['id']}"
    assert client.get(url).json() == plan
    # PUT replaces: a new date moves it, an explicit load wins over rpe x duration.
    moved = client.put(url, json={"date": "2024-06-05", "duration": 90, "rpe": 5, "load": 120})
    assert moved.status_code == 200, moved.text
    body = moved.json()
    assert (body["date"], body["plannedLoad"], body["title"], body["sport"]) == (
        "2024-06-05",
        120,
        None,
        None,
    )
    assert body["createdAt"] == plan["createdAt"]
    assert body["updatedAt"] > plan["updatedAt"]
    assert client.get(url).json() == body
    listed = client.get(
        plans_url(athlete["id"]), params={"startDate": "2024-06-01", "endDate": "2024-06-30"}
    ).json()
    assert [p["id"] for p in listed["data"]] == [plan["id"]]
    assert listed["data"][0]["date"] == "2024-06-05"
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404
    assert client.delete(url).status_code == 404
    empty = client.get(
        plans_url(athlete["id"]), params={"startDate": "2024-06-01", "endDate": "2024-06-30"}
    ).json()
    assert empty["data"] == []


def test_plans_are_not_sessions(client: TestClient) -> None:
    athlete = make_athlete(client)
    make_plan(client, athlete["id"], rpe=5)
    stats = client.get(f"/v1/athletes/{athlete['id']}/statistics").json()
    assert stats["totalSessions"] == 0
    assert client.get("/v1/training-sessions").json()["pagination"]["total"] == 0
    # and an athlete with plans but no sessions can be deleted without cascade
    assert client.delete(f"/v1/athletes/{athlete['id']}").status_code == 204


def test_list_by_date_with_a_cursor(client: TestClient) -> None:
    athlete = make_athlete(client)
    days = ["2024-06-07", "2024-06-01", "2024-06-03", "2024-06-03", "2024-07-02"]
    made = [make_plan(client, athlete["id"], date=d) for d in days]
    params: dict[str, Any] = {"startDate": "2024-06-01", "endDate": "2024-06-30", "limit": 2}
    seen: list[dict[str, Any]] = []
    while True:
        page = client.get(plans_url(athlete["id"]), params=params).json()
        assert len(page["data"]) <= 2
        seen += page["data"]
        if page["nextCursor"] is None:
            break
        params["cursor"] = page["nextCursor"]
    assert [p["date"] for p in seen] == ["2024-06-01", "2024-06-03", "2024-06-03", "2024-06-07"]
    assert {p["id"] for p in seen} == {p["id"] for p in made[:4]}
    # a cursor is bound to its query
    other = {**params, "endDate": "2024-06-29"}
    assert client.get(plans_url(athlete["id"]), params=other).status_code == 400


def test_default_range_is_four_weeks_from_today(client: TestClient) -> None:
    athlete = make_athlete(client)
    today = datetime.now(UTC).date()
    inside = make_plan(client, athlete["id"], date=(today + timedelta(days=27)).isoformat())
    make_plan(client, athlete["id"], date=(today + timedelta(days=28)).isoformat())
    make_plan(client, athlete["id"], date=(today - timedelta(days=1)).isoformat())
    body = client.get(plans_url(athlete["id"])).json()
    assert (body["startDate"], body["endDate"]) == (
        today.isoformat(),
        (today + timedelta(days=27)).isoformat(),
    )
    assert [p["id"] for p in body["data"]] == [inside["id"]]


@pytest.mark.parametrize(
    "body",
    [
        {"duration": 60},
        {"date": "2024-06-03"},
        {"date": "2024-6-3", "duration": 60},
        {"date": "2024-06-03", "duration": -1},
        {"date": "2024-06-03", "duration": 20_161},
        {"date": "2024-06-03", "duration": "60"},
        {"date": "2024-06-03", "duration": 60, "rpe": 11},
        {"date": "2024-06-03", "duration": 60, "rpe": 6.5},
        {"date": "2024-06-03", "duration": 60, "load": -5},
        {"date": "2024-06-03", "duration": 60, "load": 1e9},
        {"date": "2024-06-03", "duration": 60, "sport": "darts"},
        {"date": "2024-06-03", "duration": 60, "title": ""},
        {"date": "2024-06-03", "duration": 60, "title": "a\x00b"},
        {"date": "2024-06-03", "duration": 60, "notes": "x" * 1001},
    ],
)
def test_bad_plans_are_refused_and_change_nothing(client: TestClient, body: Any) -> None:
    athlete = make_athlete(client)
    response = client.post(plans_url(athlete["id"]), json=body)
    assert response.status_code == 422, response.text
    listed = client.get(
        plans_url(athlete["id"]), params={"startDate": "2024-01-01", "endDate": "2024-12-31"}
    )
    assert listed.json()["data"] == []


def test_not_found_and_bad_ranges(client: TestClient) -> None:
    missing = client.post(plans_url("nope"), json={"date": "2024-06-03", "duration": 60})
    assert missing.status_code == 404
    assert missing.json()["detail"]["message"] == "Athlete with id 'nope' not found"
    assert client.get(plans_url("nope")).status_code == 404
    athlete = make_athlete(client)
    plan = make_plan(client, athlete["id"])
    other = make_athlete(client, "Bo")
    # a plan is found only under its own athlete
    assert client.get(f"{plans_url(other['id'])}/{plan['id']}").status_code == 404
    assert client.get(f"{plans_url('nope')}/{plan['id']}").json()["message"] == (
        "Athlete with id 'nope' not found"
    )
    url = plans_url(athlete["id"])
    backwards = client.get(url, params={"startDate": "2024-06-02", "endDate": "2024-06-01"})
    assert backwards.json()["error"] == "INVALID_RANGE"
    too_long = client.get(url, params={"startDate": "2024-01-01", "endDate": "2025-01-02"})
    assert (too_long.status_code, too_long.json()["maxDays"]) == (422, 366)
    assert client.get(url, params={"limit": 0}).status_code == 422
    assert client.get(url, params={"cursor": "junk"}).status_code == 400


# -- projection ------------------------------------------------------------------------------


def test_projection_through_plans(client: TestClient) -> None:
    athlete = make_athlete(client)
    today = datetime.now(UTC).date()
    make_session(client, athlete["id"], date=today.isoformat(), duration=50, rpe=6)  # 300
    tomorrow = (today + timedelta(days=1)).isoformat()
    make_plan(client, athlete["id"], date=tomorrow, load=200)
    make_plan(client, athlete["id"], date=today.isoformat(), load=999)  # today: not projected
    params = {"startDate": today.isoformat(), "endDate": tomorrow}
    body = client.get(f"/v1/athletes/{athlete['id']}/training-load", params=params).json()
    first, second = body["days"]
    assert (first["load"], first["projected"]) == (300, False)
    assert (second["load"], second["projected"]) == (200, True)
    # the recurrences continue: atl = 39.9366 + (200 - 39.9366) · 0.133122 = 61.24
    assert second["atl"] == 61.24
    # a day's values do not depend on the range: asked alone, it still runs through the plan
    later = (today + timedelta(days=9)).isoformat()
    alone = client.get(
        f"/v1/athletes/{athlete['id']}/training-load", params={"startDate": later, "endDate": later}
    ).json()["days"][0]
    whole = client.get(
        f"/v1/athletes/{athlete['id']}/training-load",
        params={"startDate": today.isoformat(), "endDate": later},
    ).json()["days"][-1]
    assert alone == whole
    assert alone["projected"] is True
    # the board takes a future date and shows the same projected day
    board = client.get("/v1/training-load", params={"date": tomorrow}).json()["data"]
    (row,) = [r for r in board if r["athleteId"] == athlete["id"]]
    assert (row["atl"], row["ctl"]) == (second["atl"], second["ctl"])


def test_weeks_compare_planned_and_done(client: TestClient) -> None:
    athlete = make_athlete(client)
    # Week of Monday 2024-06-03: 300 planned on Monday (done: 250), 200 on Wednesday (not done)
    make_plan(client, athlete["id"], date="2024-06-03", rpe=5)  # 300
    make_plan(client, athlete["id"], date="2024-06-05", duration=40, rpe=5)  # 200
    make_session(client, athlete["id"], date="2024-06-03", duration=50, rpe=5)  # 250
    params = {"startDate": "2024-06-03", "endDate": "2024-06-09"}
    body = client.get(f"/v1/athletes/{athlete['id']}/training-load", params=params).json()
    (week,) = body["weeks"]
    # compliance = 250 / 500 = 0.5
    assert (week["load"], week["plannedLoad"], week["compliance"]) == (250, 500, 0.5)
    # Past days are not projected: the unplanned-but-planned Wednesday stays at load 0.
    assert [d["projected"] for d in body["days"]] == [False] * 7
    assert body["days"][2]["load"] == 0


def test_deleting_an_athlete_deletes_their_plans_and_wellness(client: TestClient) -> None:
    athlete = make_athlete(client)
    other = make_athlete(client, "Bo")
    for who in (athlete, other):
        make_plan(client, who["id"])
        assert client.put(f"/v1/athletes/{who['id']}/wellness/2024-06-01", json={"mood": 4})
    assert client.delete(f"/v1/athletes/{athlete['id']}").status_code == 204
    table = client.app.state.table  # type: ignore[attr-defined]
    partitions = {i[keys.PK] for i in table.scan(limit=1000).items}
    assert keys.athlete_partition(athlete["id"]) not in partitions  # nothing of theirs is left
    kept = client.get(plans_url(other["id"]), params={"startDate": "2024-06-01"}).json()
    assert len(kept["data"]) == 1
    assert client.get(f"/v1/athletes/{other['id']}/wellness/2024-06-01").status_code == 200
