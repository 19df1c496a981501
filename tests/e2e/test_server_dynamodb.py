"""The real `training-tracker serve` process on moto_server, driven over HTTP with httpx."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import FLOW_TABLE, Moto, Server, Stack, one_line

TABLE = FLOW_TABLE


@dataclass
class Running:
    server: Server
    http: httpx.Client
    athletes_at_start: Any


@pytest.fixture(scope="module")
def running(moto: Moto, stack: Stack) -> Iterator[Running]:
    moto.create_tracker_table(TABLE)  # before the server's first request
    server = stack.server("dynamodb")
    with server.client() as http:
        yield Running(server, http, http.get("/v1/athletes").json())


def _athlete(http: httpx.Client, name: str) -> dict[str, Any]:
    response = http.post("/v1/athletes", json={"name": name})
    assert response.status_code == 201, response.text
    return response.json()


def _session(
    http: httpx.Client,
    athlete_id: str,
    day: str,
    duration: float,
    distance: float,
    notes: str | None = None,
) -> dict[str, Any]:
    body = {"athlete_id": athlete_id, "date": day, "duration": duration, "distance": distance}
    if notes is not None:
        body["notes"] = notes
    response = http.post("/v1/training-sessions", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def _list(http: httpx.Client, **params: Any) -> dict[str, Any]:
    response = http.get("/v1/training-sessions", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _all_pages(http: httpx.Client, limit: int, **params: Any) -> list[dict[str, Any]]:
    sessions: list[dict[str, Any]] = []
    offset = 0
    while True:
        page = _list(http, limit=limit, offset=offset, **params)
        sessions += page["data"]
        assert page["pagination"]["limit"] == limit
        assert page["pagination"]["offset"] == offset
        assert page["pagination"]["hasMore"] == (offset + limit < page["pagination"]["total"])
        if not page["pagination"]["hasMore"]:
            return sessions
        offset += limit


def _assert_not_found(response: httpx.Response, kind: str, ident: str) -> None:
    assert response.status_code == 404, response.text
    body = response.json()
    message = f"{kind} with id '{ident}' not found"
    assert body["error"] == "NOT_FOUND"
    assert body["message"] == message
    assert body["detail"] == {"error": "NOT_FOUND", "message": message}


def test_a_fresh_table_serves_no_athletes(running: Running) -> None:
    assert running.athletes_at_start == []


def test_start_up_log_names_engine_table_and_endpoint(running: Running, moto: Moto) -> None:
    log = one_line(running.server.process.log())
    assert "engine: dynamodb" in log
    assert f"storage: DynamoDB table '{TABLE}' at {moto.endpoint}" in log
    root = running.http.get("/")
    assert root.status_code == 200
    assert root.json()["name"] == "Training Sessions API"
    assert root.json()["docs"] == "/docs"


def test_realistic_flow(running: Running, moto: Moto) -> None:
    http = running.http
    # Athletes, listed by name case-insensitively.
    zoe = _athlete(http, "zoe Swimmer")
    ann = _athlete(http, "Ann Runner")
    bob = _athlete(http, "bob Rower")
    ours = {zoe["id"], ann["id"], bob["id"]}
    listed = [a for a in http.get("/v1/athletes").json() if a["id"] in ours]
    assert [a["name"] for a in listed] == ["Ann Runner", "bob Rower", "zoe Swimmer"]
    assert http.get(f"/v1/athletes/{ann['id']}").json() == ann

    # Sessions across three months of 2031 (a range no other test uses).
    ann_sessions = [
        _session(http, ann["id"], "2031-01-15", 45.5, 10.2, "Easy"),
        _session(http, ann["id"], "2031-02-03", 60, 12.5),
        _session(http, ann["id"], "2031-02-20", 30.25, 6.1, "Intervals"),
        _session(http, ann["id"], "2031-03-01", 90, 20),
        _session(http, ann["id"], "2031-03-01", 20.1, 4.4),
    ]
    bob_sessions = [
        _session(http, bob["id"], "2031-02-10", 75, 15.3),
        _session(http, bob["id"], "2031-03-05", 50.5, 9.9),
    ]
    first = ann_sessions[0]
    assert first["duration"] == 45.5
    assert first["distance"] == 10.2
    assert first["athlete_name"] == "Ann Runner"
    assert first["notes"] == "Easy"
    assert ann_sessions[1]["notes"] is None
    assert http.get(f"/v1/training-sessions/{first['id']}").json() == first

    # Numbers are stored as DynamoDB numbers (read straight from the table).
    stored = moto.client().get_item(
        TableName=TABLE,
        Key={"PK": {"S": f"ATHLETE#{ann['id']}"}, "SK": {"S": f"SESSION#2031-01-15#{first['id']}"}},
    )["Item"]
    assert stored["duration"] == {"N": "45.5"}

    year = {"startDate": "2031-01-01", "endDate": "2031-12-31"}
    everything = _all_pages(http, 3, **year)
    assert len(everything) == 7
    assert {s["id"] for s in everything} == {s["id"] for s in ann_sessions + bob_sessions}
    dates = [s["date"] for s in everything]
    assert dates == sorted(dates, reverse=True)
    page = _list(http, limit=3, offset=6, **year)
    v1_fields = {"total": 7, "limit": 3, "offset": 6, "hasMore": False}
    assert page["pagination"] == {**v1_fields, "nextCursor": None}  # nextCursor: an addition
    assert len(page["data"]) == 1
    assert page["data"][0]["date"] == "2031-01-15"

    assert _list(http, athleteId=ann["id"], **year)["pagination"]["total"] == 5
    february = _list(http, startDate="2031-02-01", endDate="2031-02-28")
    assert sorted(s["date"] for s in february["data"]) == ["2031-02-03", "2031-02-10", "2031-02-20"]
    assert february["pagination"]["total"] == 3
    assert _list(http, athleteId=zoe["id"])["pagination"]["total"] == 0

    # Statistics, for everyone in a range and for one athlete.
    stats = http.get("/v1/training-sessions/statistics", params=year).json()
    durations = [45.5, 60, 30.25, 90, 20.1, 75, 50.5]
    distances = [10.2, 12.5, 6.1, 20, 4.4, 15.3, 9.9]
    total_duration = float(sum(Decimal(str(d)) for d in durations))  # 371.35
    total_distance = float(sum(Decimal(str(d)) for d in distances))  # 78.4
    assert stats == {
        "totalSessions": 7,
        "totalDuration": total_duration,
        "totalDistance": total_distance,
        "averageDuration": round(total_duration / 7, 2),
        "averageDistance": round(total_distance / 7, 2),
        "averagePace": round(total_duration / total_distance, 2),
    }
    zoe_stats = http.get(f"/v1/athletes/{zoe['id']}/statistics").json()
    assert zoe_stats == {
        "totalSessions": 0,
        "totalDuration": 0.0,
        "totalDistance": 0.0,
        "averageDuration": 0.0,
        "averageDistance": 0.0,
        "averagePace": 0.0,
    }
    assert http.get(f"/v1/athletes/{ann['id']}/statistics").json()["totalSessions"] == 5

    # Rename: every copy of the name in Ann's sessions follows.
    renamed = http.put(f"/v1/athletes/{ann['id']}", json={"name": "Ann Marathoner"})
    assert renamed.status_code == 200
    assert renamed.json() == {**ann, "name": "Ann Marathoner"}
    names = {s["athlete_name"] for s in _list(http, athleteId=ann["id"])["data"]}
    assert names == {"Ann Marathoner"}
    assert (
        http.get(f"/v1/training-sessions/{first['id']}").json()["athlete_name"] == "Ann Marathoner"
    )

    # Move a session to Bob (and to another day): it exists once, under Bob.
    moving = ann_sessions[2]
    moved = http.put(
        f"/v1/training-sessions/{moving['id']}",
        json={"athlete_id": bob["id"], "date": "2031-02-21", "duration": 31, "distance": 6.1},
    )
    assert moved.status_code == 200, moved.text
    moved_body = moved.json()
    assert moved_body["athlete_id"] == bob["id"]
    assert moved_body["athlete_name"] == "bob Rower"
    assert moved_body["createdAt"] == moving["createdAt"]
    assert moved_body["updatedAt"] >= moving["updatedAt"]
    assert moved_body["notes"] is None
    assert http.get(f"/v1/training-sessions/{moving['id']}").json() == moved_body
    everything = _all_pages(http, 2, **year)
    assert [s["id"] for s in everything].count(moving["id"]) == 1
    assert len(everything) == 7
    assert _list(http, athleteId=ann["id"])["pagination"]["total"] == 4
    assert moving["id"] in {s["id"] for s in _list(http, athleteId=bob["id"])["data"]}
    assert http.get(f"/v1/athletes/{bob['id']}/statistics").json()["totalSessions"] == 3

    # Deleting an athlete who has sessions needs cascade=true.
    refused = http.delete(f"/v1/athletes/{ann['id']}")
    assert refused.status_code == 400
    body = refused.json()
    assert body["error"] == "ATHLETE_HAS_SESSIONS"
    assert body["sessionCount"] == 4
    assert body["detail"]["error"] == "ATHLETE_HAS_SESSIONS"
    assert body["detail"]["sessionCount"] == 4
    assert body["message"] == body["detail"]["message"]
    refused_false = http.delete(f"/v1/athletes/{ann['id']}", params={"cascade": "false"})
    assert refused_false.status_code == 400
    assert http.get(f"/v1/athletes/{ann['id']}").status_code == 200

    gone = http.delete(f"/v1/athletes/{ann['id']}", params={"cascade": "true"})
    assert gone.status_code == 204
    _assert_not_found(http.get(f"/v1/athletes/{ann['id']}"), "Athlete", ann["id"])
    for session in ann_sessions:
        if session["id"] != moving["id"]:
            _assert_not_found(
                http.get(f"/v1/training-sessions/{session['id']}"),
                "Training session",
                session["id"],
            )
    assert _list(http, **year)["pagination"]["total"] == 3
    assert http.get("/v1/training-sessions/statistics", params=year).json()["totalSessions"] == 3
    assert ann["id"] not in {a["id"] for a in http.get("/v1/athletes").json()}

    # Deleting a session, then deleting it again.
    assert http.delete(f"/v1/training-sessions/{bob_sessions[0]['id']}").status_code == 204
    _assert_not_found(
        http.delete(f"/v1/training-sessions/{bob_sessions[0]['id']}"),
        "Training session",
        bob_sessions[0]["id"],
    )
    assert _list(http, athleteId=bob["id"])["pagination"]["total"] == 2


def test_error_bodies(running: Running) -> None:
    http = running.http
    _assert_not_found(
        http.get("/v1/training-sessions/no-such-session"), "Training session", "no-such-session"
    )
    _assert_not_found(http.get("/v1/athletes/no-such-athlete"), "Athlete", "no-such-athlete")
    _assert_not_found(
        http.put("/v1/athletes/no-such-athlete", json={"name": "X"}), "Athlete", "no-such-athlete"
    )
    _assert_not_found(
        http.post(
            "/v1/training-sessions",
            json={
                "athlete_id": "no-such-athlete",
                "date": "2040-01-01",
                "duration": 1,
                "distance": 1,
            },
        ),
        "Athlete",
        "no-such-athlete",
    )

    carl = _athlete(http, "Carl")
    invalid = http.post(
        "/v1/training-sessions",
        json={"athlete_id": carl["id"], "date": "2040-01-01", "duration": -1, "distance": 1},
    )
    assert invalid.status_code == 422
    assert isinstance(invalid.json()["detail"], list)
    assert http.get("/v1/training-sessions", params={"limit": 0}).status_code == 422
    assert http.get("/v1/training-sessions", params={"startDate": "2040-13-01"}).status_code == 422
    broken = http.post(
        "/v1/athletes", content=b'{"name": ', headers={"content-type": "application/json"}
    )
    assert broken.status_code == 422
    # Nothing was stored by the refused requests.
    assert _list(http, athleteId=carl["id"])["pagination"]["total"] == 0


def test_no_traceback_in_the_server_log(running: Running) -> None:
    running.http.get("/v1/training-sessions/still-no-such-session")
    log = running.server.process.log()
    assert "Traceback" not in log
    assert running.server.process.alive()
