"""Input that used to hurt other clients: dates far from now, numbers DynamoDB can't sum
exactly, text with lone surrogates or invisible characters. Each is refused with a 422 that
changes nothing, and what is accepted keeps every route answering. Both engines (`client`)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import make_athlete, make_session

READ_ROUTES = [
    "/v1/training-sessions",
    "/v1/training-sessions/statistics",
    "/v1/training-load",
    "/v1/athletes",
]


def session_body(athlete_id: str, **fields: Any) -> dict[str, Any]:
    return {"athlete_id": athlete_id, "date": "2024-05-01", "duration": 30, "distance": 5, **fields}


def assert_everything_answers(client: TestClient, athlete_id: str) -> None:
    for path in [*READ_ROUTES, f"/v1/athletes/{athlete_id}/statistics"]:
        response = client.get(path)
        assert response.status_code == 200, (path, response.text[:300])
    load = client.get(f"/v1/athletes/{athlete_id}/training-load")
    assert load.status_code == 200, load.text[:300]


def assert_invalid_date(response: Any, where: str) -> None:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == "INVALID_DATE"
    assert body["message"].startswith(f"{where}: ")
    assert any(p["type"] == "invalid_date" for p in body["detail"])


# -- dates ------------------------------------------------------------------------------------
@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "2200-01-01", "9999-12-31"])
def test_a_session_outside_the_calendar_is_refused(client: TestClient, day: str) -> None:
    athlete = make_athlete(client)
    assert_invalid_date(
        client.post("/v1/training-sessions", json=session_body(athlete["id"], date=day)), "date"
    )
    session = make_session(client, athlete["id"])
    moved = client.put(
        f"/v1/training-sessions/{session['id']}", json=session_body(athlete["id"], date=day)
    )
    assert_invalid_date(moved, "date")
    assert client.get(f"/v1/training-sessions/{session['id']}").json()["date"] == "2024-05-01"
    assert client.get("/v1/training-sessions").json()["pagination"]["total"] == 1
    assert_everything_answers(client, athlete["id"])


@pytest.mark.parametrize(
    "day",
    [
        "2024-5-1",
        "20240501",
        "2024-05-01T00:00:00",
        "2024-02-30",
        " 2024-05-01",
        "\uff12\uff10\uff12\uff14-05-01",
        0,
        1714521600,
    ],
)
def test_a_date_is_written_yyyy_mm_dd_and_nothing_else(client: TestClient, day: object) -> None:
    athlete = make_athlete(client)
    response = client.post("/v1/training-sessions", json=session_body(athlete["id"], date=day))
    assert_invalid_date(response, "date")
    assert client.get("/v1/training-sessions").json()["pagination"]["total"] == 0


def test_the_calendar_edges_are_accepted_and_every_route_still_answers(
    client: TestClient,
) -> None:
    ann, bob = make_athlete(client, "Ann"), make_athlete(client, "Bob")
    first = make_session(client, ann["id"], date="1900-01-01")
    last = make_session(client, bob["id"], date="2199-12-31")
    make_session(client, bob["id"], date="2024-05-01")
    assert_everything_answers(client, ann["id"])
    listed = client.get("/v1/training-sessions").json()
    assert [s["date"] for s in listed["data"]] == ["2199-12-31", "2024-05-01", "1900-01-01"]
    whole = client.get(
        "/v1/training-sessions/statistics",
        params={"startDate": "1900-01-01", "endDate": "2199-12-31"},
    ).json()
    assert whole["totalSessions"] == 3
    early = client.get(
        "/v1/training-sessions", params={"startDate": "1900-01-01", "endDate": "1900-01-31"}
    ).json()
    assert [s["id"] for s in early["data"]] == [first["id"]]
    board = client.get("/v1/training-load", params={"date": "2199-12-31"})
    assert board.status_code == 200
    for session in (first, last):
        assert client.delete(f"/v1/training-sessions/{session['id']}").status_code == 204
    assert_everything_answers(client, ann["id"])
    assert client.get("/v1/training-sessions").json()["pagination"]["total"] == 1


QUERY_DATES = [
    ("/v1/training-sessions", "startDate"),
    ("/v1/training-sessions", "endDate"),
    ("/v1/training-sessions/statistics", "startDate"),
    ("/v1/training-sessions/statistics", "endDate"),
    ("/v1/athletes/{athlete}/statistics", "startDate"),
    ("/v1/athletes/{athlete}/statistics", "endDate"),
    ("/v1/athletes/{athlete}/training-load", "startDate"),
    ("/v1/athletes/{athlete}/training-load", "endDate"),
    ("/v1/training-load", "date"),
]


@pytest.mark.parametrize(("path", "name"), QUERY_DATES)
@pytest.mark.parametrize(
    "value", ["0", "9999-12-31", "0001-01-01", "2024-13-01", "1e9", "2024-05-01Z"]
)
def test_query_dates_are_strict_and_in_the_calendar(
    client: TestClient, path: str, name: str, value: str
) -> None:
    athlete = make_athlete(client)
    make_session(client, athlete["id"])
    response = client.get(path.format(athlete=athlete["id"]), params={name: value})
    assert_invalid_date(response, name)


def test_the_schema_states_the_calendar(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    date_field = schema["components"]["schemas"]["TrainingSessionInput"]["properties"]["date"]
    assert date_field["pattern"] == r"^(19[0-9]{2}|2[01][0-9]{2})-[0-9]{2}-[0-9]{2}$"
    assert (date_field["x-minimum"], date_field["x-maximum"]) == ("1900-01-01", "2199-12-31")
    for path, name in QUERY_DATES:
        operation = schema["paths"][path.replace("{athlete}", "{athlete_id}")]["get"]
        (parameter,) = [p for p in operation["parameters"] if p["name"] == name]
        assert parameter["schema"]["pattern"] == date_field["pattern"], (path, name)
        assert "1900-01-01 to 2199-12-31" in parameter["description"], (path, name)


# -- numbers ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("duration", 1e-40),
        ("duration", 0.001),
        ("duration", 123.456789),
        ("distance", 0.0001),
        ("distance", 0.30000000000000004),
        ("avgHeartRate", 150.25),
        ("maxHeartRate", 180.05),
    ],
)
def test_numbers_with_more_decimal_places_than_allowed_are_refused(
    client: TestClient, field: str, value: float
) -> None:
    athlete = make_athlete(client)
    response = client.post(
        "/v1/training-sessions", json=session_body(athlete["id"], **{field: value})
    )
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["type"] == "too_many_decimals"
    assert client.get("/v1/training-sessions").json()["pagination"]["total"] == 0


def test_a_tiny_duration_no_longer_breaks_the_day_for_others(client: TestClient) -> None:
    ann, bob = make_athlete(client, "Ann"), make_athlete(client, "Bob")
    tiny = client.post("/v1/training-sessions", json=session_body(ann["id"], duration=1e-40))
    assert tiny.status_code == 422
    # the same day, another athlete: the shared day total stays exact
    for duration, distance in ((0.01, 0.001), (20_159.99, 999_999.999), (45.5, 10.2)):
        make_session(client, bob["id"], duration=duration, distance=distance)
    stats = client.get("/v1/training-sessions/statistics").json()
    assert stats["totalSessions"] == 3
    assert stats["totalDuration"] == 20_205.5
    assert stats["totalDistance"] == pytest.approx(1_000_010.2, abs=1e-9)


def test_allowed_places_and_negative_zero(client: TestClient) -> None:
    athlete = make_athlete(client, "Ann")
    raw = json.dumps(
        session_body(
            athlete["id"], duration=-0.0, distance=12.345, avgHeartRate=150.5, maxHeartRate=-0.0
        )
    )
    refused = client.post(
        "/v1/training-sessions", content=raw, headers={"Content-Type": "application/json"}
    )
    assert refused.status_code == 422  # a heart rate of 0 is out of range, signed or not
    raw = json.dumps(
        session_body(athlete["id"], duration=-0.0, distance=12.345, avgHeartRate=150.5)
    )
    created = client.post(
        "/v1/training-sessions", content=raw, headers={"Content-Type": "application/json"}
    )
    assert created.status_code == 201, created.text
    assert '"duration":0.0' in created.text
    assert ":-0" not in created.text
    assert created.json()["distance"] == 12.345
    assert created.json()["avgHeartRate"] == 150.5


def test_the_schema_states_decimal_places(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()["components"]["schemas"]
    session = schema["TrainingSessionInput"]["properties"]
    for field, places, top in (("duration", 2, 20160), ("distance", 3, 1_000_000)):
        assert session[field]["x-decimal-places"] == places
        assert f"at most {places} decimal places" in session[field]["description"]
        assert session[field]["minimum"] == 0
        assert session[field]["maximum"] == top
    heart = schema["AthleteInput"]["properties"]["restingHeartRate"]["anyOf"][0]
    assert heart["x-decimal-places"] == 1
    assert (heart["minimum"], heart["maximum"]) == (20, 250)


# -- text -------------------------------------------------------------------------------------
def raw_post(client: TestClient, path: str, raw: str) -> Any:
    return client.post(path, content=raw.encode(), headers={"Content-Type": "application/json"})


def test_a_lone_surrogate_is_a_422_not_a_500(client: TestClient) -> None:
    refused = raw_post(client, "/v1/athletes", '{"name": "Ann\\ud800"}')
    assert refused.status_code == 422, refused.text
    assert refused.json()["detail"][0]["type"] == "invalid_text"
    athlete = make_athlete(client)
    body = json.dumps(session_body(athlete["id"])).replace("}", ', "notes": "x\\udfff"}')
    assert raw_post(client, "/v1/training-sessions", body).status_code == 422
    renamed = client.put(
        f"/v1/athletes/{athlete['id']}",
        content=b'{"name": "\\udc00"}',
        headers={"Content-Type": "application/json"},
    )
    assert renamed.status_code == 422
    assert [a["name"] for a in client.get("/v1/athletes").json()] == ["Ada"]
    # a proper pair written as escapes is one character, and fine
    paired = raw_post(client, "/v1/athletes", '{"name": "Ann \\ud83c\\udfc3"}')
    assert paired.status_code == 201
    assert paired.json()["name"] == "Ann \U0001f3c3"


@pytest.mark.parametrize(
    "name",
    [
        "Ann\u202eeivoM",  # right-to-left override
        "Ann\u2066x\u2069",  # isolate
        "\u200bAnn",  # zero-width space
        "Ann\ufeff",  # byte order mark
        "An\u00adn",  # soft hyphen
        "Ann\u0007",
        "Ann\nBob",
        "Ann\u2028Bob",  # line separator
        "Ann\ue000",  # private use
        "\u3164",  # a filler letter that draws nothing
        "\u200d",
        "   ",
    ],
)
def test_names_refuse_control_format_and_invisible_characters(
    client: TestClient, name: str
) -> None:
    response = client.post("/v1/athletes", json={"name": name})
    assert response.status_code == 422, response.text
    assert client.get("/v1/athletes").json() == []


def test_names_are_trimmed_and_nfc_normalised(client: TestClient) -> None:
    created = client.post("/v1/athletes", json={"name": "  Zoe\u0308 Brontë\t"})
    assert created.status_code == 201, created.text
    assert created.json()["name"] == "Zo\u00eb Bront\u00eb"
    persian_name = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # with a non-joiner
    persian = client.post("/v1/athletes", json={"name": persian_name})
    assert persian.status_code == 201
    assert persian.json()["name"] == persian_name


def test_notes_keep_newlines_and_tabs_and_nothing_else_invisible(client: TestClient) -> None:
    athlete = make_athlete(client)
    created = make_session(client, athlete["id"], notes="Intervals:\r\n\t4 x 1 km\rcool down")
    assert created["notes"] == "Intervals:\n\t4 x 1 km\ncool down"
    for bad in ("a\u0000b", "a\u001bb", "a\u0085b"):
        response = client.post("/v1/training-sessions", json=session_body(athlete["id"], notes=bad))
        assert response.status_code == 422, bad
    assert client.get("/v1/training-sessions").json()["pagination"]["total"] == 1
