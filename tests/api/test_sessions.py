"""The v1 training-session endpoints, through the app, on every engine."""

from __future__ import annotations

from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import make_athlete, make_session


def test_create_and_get_round_trips_every_field(client: TestClient) -> None:
    athlete = make_athlete(client)
    created = make_session(client, athlete["id"], duration=45.5, distance=10.2, notes="Tempo")
    assert created["athlete_id"] == athlete["id"]
    assert created["athlete_name"] == "Ada"
    assert created["date"] == "2024-05-01"
    assert created["duration"] == 45.5
    assert created["distance"] == 10.2
    assert created["notes"] == "Tempo"
    assert datetime.fromisoformat(created["createdAt"]).utcoffset() is not None
    assert created["createdAt"] == created["updatedAt"]
    fetched = client.get(f"/v1/training-sessions/{created['id']}")
    assert fetched.status_code == 200
    assert fetched.json() == created


# Within the decimal places a duration allows (2); more are refused (test_hostile_input.py).
@pytest.mark.parametrize("value", [0, 1, 45.5, 0.1, 0.01, 9999.99, 20160])
def test_numbers_come_back_equal(client: TestClient, value: float) -> None:
    athlete = make_athlete(client)
    created = make_session(client, athlete["id"], duration=value, distance=value)
    fetched = client.get(f"/v1/training-sessions/{created['id']}").json()
    assert fetched["duration"] == value
    assert fetched["distance"] == value
    listed = client.get("/v1/training-sessions").json()["data"][0]
    assert listed["duration"] == value


def test_notes_default_to_null(client: TestClient) -> None:
    created = make_session(client, make_athlete(client)["id"])
    assert created["notes"] is None


def test_create_for_missing_athlete_is_404_and_stores_nothing(client: TestClient) -> None:
    body = {"athlete_id": "ghost", "date": "2024-05-01", "duration": 1, "distance": 1}
    response = client.post("/v1/training-sessions", json=body)
    assert response.status_code == 404
    assert response.json()["message"] == "Athlete with id 'ghost' not found"
    assert client.get("/v1/training-sessions").json()["pagination"]["total"] == 0


def test_update_keeps_created_at_and_moves_updated_at(client: TestClient) -> None:
    athlete = make_athlete(client)
    created = make_session(client, athlete["id"])
    body = {"athlete_id": athlete["id"], "date": "2024-05-02", "duration": 50, "distance": 11}
    updated = client.put(f"/v1/training-sessions/{created['id']}", json=body)
    assert updated.status_code == 200, updated.text
    result = updated.json()
    assert result["createdAt"] == created["createdAt"]
    assert datetime.fromisoformat(result["updatedAt"]) > datetime.fromisoformat(
        created["updatedAt"]
    )
    assert (result["date"], result["duration"], result["distance"]) == ("2024-05-02", 50, 11)
    assert client.get(f"/v1/training-sessions/{created['id']}").json() == result


def test_move_to_another_athlete_leaves_exactly_one_session(client: TestClient) -> None:
    first, second = make_athlete(client, "First"), make_athlete(client, "Second")
    created = make_session(client, first["id"], duration=30, distance=6)
    body = {"athlete_id": second["id"], "date": "2024-07-09", "duration": 30, "distance": 6}
    moved = client.put(f"/v1/training-sessions/{created['id']}", json=body).json()
    assert moved["athlete_id"] == second["id"]
    assert moved["athlete_name"] == "Second"
    everything = client.get("/v1/training-sessions").json()
    assert [s["id"] for s in everything["data"]] == [created["id"]]
    assert everything["pagination"]["total"] == 1
    assert (
        client.get("/v1/training-sessions", params={"athleteId": first["id"]}).json()["data"] == []
    )
    assert client.get(f"/v1/athletes/{first['id']}/statistics").json()["totalSessions"] == 0
    assert client.get(f"/v1/athletes/{second['id']}/statistics").json()["totalDuration"] == 30
    assert client.delete(f"/v1/athletes/{first['id']}").status_code == 204
    assert client.delete(f"/v1/athletes/{second['id']}").status_code == 400


def test_update_errors(client: TestClient) -> None:
    athlete = make_athlete(client)
    created = make_session(client, athlete["id"])
    body = {"athlete_id": athlete["id"], "date": "2024-05-02", "duration": 50, "distance": 11}
    missing = client.put("/v1/training-sessions/nope", json=body)
    assert missing.status_code == 404
    assert missing.json()["message"] == "Training session with id 'nope' not found"
    to_ghost = client.put(
        f"/v1/training-sessions/{created['id']}", json={**body, "athlete_id": "ghost"}
    )
    assert to_ghost.status_code == 404
    assert to_ghost.json()["message"] == "Athlete with id 'ghost' not found"
    bad = client.put(f"/v1/training-sessions/{created['id']}", json={**body, "duration": -1})
    assert bad.status_code == 422
    assert client.get(f"/v1/training-sessions/{created['id']}").json() == created


def test_delete_session(client: TestClient) -> None:
    created = make_session(client, make_athlete(client)["id"])
    assert client.delete(f"/v1/training-sessions/{created['id']}").status_code == 204
    assert client.get(f"/v1/training-sessions/{created['id']}").status_code == 404
    second = client.delete(f"/v1/training-sessions/{created['id']}")
    assert second.status_code == 404
    assert second.json()["detail"]["error"] == "NOT_FOUND"


def test_list_is_newest_first_with_filters_and_pagination(client: TestClient) -> None:
    ada, bob = make_athlete(client, "Ada"), make_athlete(client, "Bob")
    days = ["2024-01-31", "2024-02-01", "2024-02-15", "2024-02-29", "2024-03-01", "2024-04-30"]
    made = [make_session(client, (ada, bob)[i % 2]["id"], date=d) for i, d in enumerate(days)]
    made += [make_session(client, ada["id"], date="2024-02-15") for _ in range(3)]
    expected = sorted(made, key=lambda s: (s["date"], s["id"]), reverse=True)

    every = client.get("/v1/training-sessions", params={"limit": 100}).json()
    assert [s["id"] for s in every["data"]] == [s["id"] for s in expected]
    v1_fields = {"total": 9, "limit": 100, "offset": 0, "hasMore": False}
    assert every["pagination"] == {**v1_fields, "nextCursor": None}  # nextCursor: an addition

    for limit in (1, 2, 4):
        for offset in range(0, 10):
            page = client.get(
                "/v1/training-sessions", params={"limit": limit, "offset": offset}
            ).json()
            assert [s["id"] for s in page["data"]] == [
                s["id"] for s in expected[offset : offset + limit]
            ]
            assert page["pagination"]["hasMore"] == (offset + limit < 9)

    ranged = client.get(
        "/v1/training-sessions",
        params={"startDate": "2024-02-01", "endDate": "2024-02-29", "limit": 3, "offset": 1},
    ).json()
    in_range = [s for s in expected if "2024-02-01" <= s["date"] <= "2024-02-29"]
    assert ranged["pagination"]["total"] == len(in_range)
    assert [s["id"] for s in ranged["data"]] == [s["id"] for s in in_range[1:4]]

    adas = client.get(
        "/v1/training-sessions", params={"athleteId": ada["id"], "offset": 2, "limit": 2}
    ).json()
    ada_sessions = [s for s in expected if s["athlete_id"] == ada["id"]]
    assert adas["pagination"]["total"] == len(ada_sessions)
    assert [s["id"] for s in adas["data"]] == [s["id"] for s in ada_sessions[2:4]]

    empty = client.get("/v1/training-sessions", params={"startDate": "2025-01-01"}).json()
    assert empty == {
        "data": [],
        "pagination": {
            "total": 0,
            "limit": 50,
            "offset": 0,
            "hasMore": False,
            "nextCursor": None,
        },
    }
    reversed_range = client.get(
        "/v1/training-sessions", params={"startDate": "2024-03-01", "endDate": "2024-02-01"}
    ).json()
    assert reversed_range["pagination"]["total"] == 0
    unknown = client.get("/v1/training-sessions", params={"athleteId": "ghost"}).json()
    assert unknown["pagination"]["total"] == 0


def test_global_statistics_with_ranges(client: TestClient) -> None:
    ada = make_athlete(client)
    make_session(client, ada["id"], date="2024-01-10", duration=60, distance=10)
    make_session(client, ada["id"], date="2024-02-10", duration=30, distance=0)
    make_session(client, ada["id"], date="2024-03-10", duration=10, distance=3.3)
    stats = client.get("/v1/training-sessions/statistics").json()
    assert stats == {
        "totalSessions": 3,
        "totalDuration": 100.0,
        "totalDistance": 13.3,
        "averageDuration": 33.33,
        "averageDistance": 4.43,
        "averagePace": 7.52,
    }
    february = client.get(
        "/v1/training-sessions/statistics",
        params={"startDate": "2024-02-01", "endDate": "2024-02-29"},
    ).json()
    assert february["totalSessions"] == 1
    assert february["averagePace"] == 0.0
    none = client.get("/v1/training-sessions/statistics", params={"startDate": "2030-01-01"}).json()
    assert none == {
        "totalSessions": 0,
        "totalDuration": 0.0,
        "totalDistance": 0.0,
        "averageDuration": 0.0,
        "averageDistance": 0.0,
        "averagePace": 0.0,
    }


BAD_SESSION_FIELDS = [
    {"duration": -1},
    {"distance": -0.5},
    {"duration": "45"},
    {"duration": True},
    {"duration": None},
    {"duration": 1e308},
    {"date": "2024-13-01"},
    {"date": "2024-02-30"},
    {"date": "yesterday"},
    {"date": 20240501},
    {"date": "2024-05-01T10:00:00"},
    {"notes": "x" * 1001},
    {"notes": 5},
    {"athlete_id": ""},
    {"athlete_id": 7},
]


@pytest.mark.parametrize("fields", BAD_SESSION_FIELDS)
def test_bad_session_bodies_are_422_and_store_nothing(
    client: TestClient, fields: dict[str, object]
) -> None:
    athlete = make_athlete(client)
    body = {
        "athlete_id": athlete["id"],
        "date": "2024-05-01",
        "duration": 10,
        "distance": 1,
        **fields,
    }
    response = client.post("/v1/training-sessions", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"][0] == "body"
    assert client.get("/v1/training-sessions").json()["pagination"]["total"] == 0


def test_missing_fields_and_malformed_json(client: TestClient) -> None:
    for body in ({}, {"athlete_id": "x"}, {"date": "2024-01-01", "duration": 1, "distance": 1}):
        assert client.post("/v1/training-sessions", json=body).status_code == 422
    response = client.post(
        "/v1/training-sessions",
        content=b'{"athlete_id": ',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 422
    nan = client.post(
        "/v1/training-sessions",
        content=b'{"athlete_id": "a", "date": "2024-01-01", "duration": NaN, "distance": 1}',
        headers={"content-type": "application/json"},
    )
    assert nan.status_code == 422


def test_notes_at_the_limit_are_accepted(client: TestClient) -> None:
    created = make_session(client, make_athlete(client)["id"], notes="é" * 1000)
    assert client.get(f"/v1/training-sessions/{created['id']}").json()["notes"] == "é" * 1000


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 101},
        {"limit": "ten"},
        {"offset": -1},
        {"startDate": "2024-1-1"},
        {"endDate": "x"},
    ],
)
def test_bad_list_parameters_are_422(client: TestClient, params: dict[str, object]) -> None:
    response = client.get("/v1/training-sessions", params=params)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "query"


def test_bad_statistics_parameters_are_422(client: TestClient) -> None:
    assert (
        client.get("/v1/training-sessions/statistics", params={"startDate": "soon"}).status_code
        == 422
    )


def test_body_over_one_megabyte_is_413_and_stores_nothing(client: TestClient) -> None:
    athlete = make_athlete(client)
    big = (
        b'{"athlete_id": "%s", "date": "2024-05-01", "duration": 1, "distance": 1, "notes": "%s"}'
        % (
            athlete["id"].encode(),
            b"x" * 1_100_000,
        )
    )
    response = client.post(
        "/v1/training-sessions", content=big, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["error"] == "PAYLOAD_TOO_LARGE"

    def chunks():  # no Content-Length: the limit must hold while streaming too
        for _ in range(12):
            yield b" " * 100_000

    streamed = client.post(
        "/v1/athletes", content=chunks(), headers={"content-type": "application/json"}
    )
    assert streamed.status_code == 413
    assert client.get("/v1/training-sessions").json()["pagination"]["total"] == 0


def test_overlong_ids_are_rejected_without_reaching_the_store(client: TestClient) -> None:
    assert client.get("/v1/training-sessions/" + "x" * 2000).status_code == 422
    assert client.get("/v1/athletes/" + "x" * 2000).status_code == 422
