"""Session load, athlete heart rates and the training-load endpoints, through the app, on
every engine. Expected values are worked by hand in docs/training-load.md."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import make_athlete, make_session
from training_tracker.domain.models import Athlete, TrainingSession
from training_tracker.store.bulk import bulk_items
from training_tracker.store.port import Table


def load_of(client: TestClient, athlete_id: str, start: str, end: str) -> dict[str, Any]:
    response = client.get(
        f"/v1/athletes/{athlete_id}/training-load", params={"startDate": start, "endDate": end}
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def by_date(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {d["date"]: d for d in body["days"]}


def hr_athlete(client: TestClient, **fields: Any) -> dict[str, Any]:
    body = {"name": "Hal", "restingHeartRate": 60, "maxHeartRate": 190, "sex": "male", **fields}
    response = client.post("/v1/athletes", json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


# -- session fields and load ----------------------------------------------------------------


def test_v1_session_has_null_new_fields(client: TestClient) -> None:
    athlete = make_athlete(client)
    session = make_session(client, athlete["id"])
    for name in ("sport", "rpe", "avgHeartRate", "maxHeartRate", "load", "loadMethod"):
        assert session[name] is None, name
    assert client.get(f"/v1/training-sessions/{session['id']}").json() == session


def test_srpe_load_is_rpe_times_minutes(client: TestClient) -> None:
    athlete = make_athlete(client)
    session = make_session(client, athlete["id"], sport="run", rpe=7, duration=45.5)
    assert (session["sport"], session["rpe"]) == ("run", 7)
    assert (session["load"], session["loadMethod"]) == (318.5, "srpe")
    listed = client.get("/v1/training-sessions", params={"athleteId": athlete["id"]}).json()
    assert listed["data"][0]["load"] == 318.5


def test_rpe_written_as_a_whole_float_is_that_integer(client: TestClient) -> None:
    """JSON Schema's `integer` includes 6.0, so the schema-valid value is accepted as 6."""
    athlete = make_athlete(client)
    session = make_session(client, athlete["id"], rpe=6.0, duration=10)
    assert session["rpe"] == 6
    assert isinstance(session["rpe"], int)
    assert session["load"] == 60


def test_trimp_load_from_heart_rates(client: TestClient) -> None:
    # 60 min, average 151, resting 60, maximum 190: HRr 0.7 → men 26.88 · e^(1.92·0.7) =
    # 103.07, women 36.12 · e^(1.67·0.7) = 116.26; unknown sex uses the men's weighting.
    him = hr_athlete(client)
    her = hr_athlete(client, name="Hera", sex="female")
    unknown = hr_athlete(client, name="Uno", sex=None)
    for athlete, expected in ((him, 103.07), (her, 116.26), (unknown, 103.07)):
        session = make_session(client, athlete["id"], duration=60, avgHeartRate=151)
        assert (session["load"], session["loadMethod"]) == (expected, "trimp")
        assert session["avgHeartRate"] == 151
    # RPE wins over heart rate; no athlete heart rates means no load.
    both = make_session(client, him["id"], duration=60, avgHeartRate=151, rpe=5)
    assert (both["load"], both["loadMethod"]) == (300, "srpe")
    plain = make_athlete(client, "Plain")
    none = make_session(client, plain["id"], duration=60, avgHeartRate=151, maxHeartRate=170)
    assert (none["load"], none["loadMethod"]) == (None, None)


def test_update_and_move_recompute_the_load(client: TestClient) -> None:
    him = hr_athlete(client)
    plain = make_athlete(client, "Plain")
    session = make_session(client, him["id"], duration=60, avgHeartRate=151)
    body = {"athlete_id": plain["id"], "date": "2024-05-01", "duration": 60, "distance": 10}
    moved = client.put(f"/v1/training-sessions/{session['id']}", json={**body, "avgHeartRate": 151})
    assert (moved.json()["load"], moved.json()["loadMethod"]) == (None, None)
    back = client.put(
        f"/v1/training-sessions/{session['id']}", json={**body, "athlete_id": him["id"], "rpe": 2}
    )
    assert back.json()["load"] == 120
    day = by_date(load_of(client, him["id"], "2024-05-01", "2024-05-01"))["2024-05-01"]
    assert day["load"] == 120
    assert (
        by_date(load_of(client, plain["id"], "2024-05-01", "2024-05-01"))["2024-05-01"]["load"] == 0
    )


@pytest.mark.parametrize(
    ("fields", "location"),
    [
        ({"rpe": True}, "rpe"),
        ({"rpe": 6.5}, "rpe"),
        ({"rpe": "6"}, "rpe"),
        ({"rpe": 0}, "rpe"),
        ({"rpe": 11}, "rpe"),
        ({"sport": "swimming"}, "sport"),
        ({"avgHeartRate": 19}, "avgHeartRate"),
        ({"maxHeartRate": 251}, "maxHeartRate"),
        ({"avgHeartRate": "150"}, "avgHeartRate"),
        ({"avgHeartRate": False}, "avgHeartRate"),
        ({"avgHeartRate": 170, "maxHeartRate": 160}, None),
    ],
)
def test_invalid_session_fields_are_422(
    client: TestClient, fields: dict[str, Any], location: str | None
) -> None:
    athlete = make_athlete(client)
    body = {"athlete_id": athlete["id"], "date": "2024-05-01", "duration": 30, "distance": 5}
    response = client.post("/v1/training-sessions", json={**body, **fields})
    assert response.status_code == 422, response.text
    errors = response.json()["detail"]
    if location is None:
        assert "avgHeartRate must not be greater than maxHeartRate" in errors[0]["msg"]
    else:
        assert errors[0]["loc"][-1] == location
    assert client.get("/v1/training-sessions").json()["pagination"]["total"] == 0


def test_average_equal_to_max_heart_rate_is_fine(client: TestClient) -> None:
    athlete = make_athlete(client)
    session = make_session(client, athlete["id"], avgHeartRate=160.5, maxHeartRate=160.5)
    assert (session["avgHeartRate"], session["maxHeartRate"]) == (160.5, 160.5)


# -- athlete profile ------------------------------------------------------------------------


def test_athlete_profile_fields_round_trip(client: TestClient) -> None:
    plain = make_athlete(client, "Plain")
    assert plain["restingHeartRate"] is None
    assert plain["sex"] is None
    athlete = hr_athlete(client, restingHeartRate=48.5)
    assert (athlete["restingHeartRate"], athlete["maxHeartRate"]) == (48.5, 190)
    assert athlete["sex"] == "male"
    assert client.get(f"/v1/athletes/{athlete['id']}").json() == athlete


@pytest.mark.parametrize(
    "fields",
    [
        {"restingHeartRate": 190, "maxHeartRate": 190},
        {"restingHeartRate": 19},
        {"maxHeartRate": 300},
        {"maxHeartRate": True},
        {"sex": "other"},
    ],
)
def test_invalid_athlete_fields_are_422(client: TestClient, fields: dict[str, Any]) -> None:
    response = client.post("/v1/athletes", json={"name": "X", **fields})
    assert response.status_code == 422, response.text
    assert client.get("/v1/athletes").json() == []


def test_put_keeps_absent_fields_and_clears_explicit_nulls(client: TestClient) -> None:
    athlete = hr_athlete(client)
    url = f"/v1/athletes/{athlete['id']}"
    renamed = client.put(url, json={"name": "Hal B"}).json()  # a v1 client
    assert renamed == {**athlete, "name": "Hal B"}
    assert client.get(url).json() == renamed
    cleared = client.put(url, json={"name": "Hal B", "sex": None, "maxHeartRate": None}).json()
    assert cleared == {**renamed, "sex": None, "maxHeartRate": None}
    assert client.get(url).json() == cleared


def test_put_checks_the_merged_profile(client: TestClient) -> None:
    athlete = hr_athlete(client)
    response = client.put(
        f"/v1/athletes/{athlete['id']}", json={"name": "Hal", "restingHeartRate": 195}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == body["detail"]["error"] == "INVALID_PROFILE"
    assert "restingHeartRate" in body["message"]
    assert client.get(f"/v1/athletes/{athlete['id']}").json() == athlete


def test_athlete_heart_rate_change_recomputes_trimp_loads(client: TestClient) -> None:
    athlete = hr_athlete(client)
    trimp = make_session(client, athlete["id"], date="2024-05-01", duration=60, avgHeartRate=151)
    srpe = make_session(client, athlete["id"], date="2024-05-02", duration=50, rpe=6)
    before = load_of(client, athlete["id"], "2024-05-01", "2024-05-02")
    assert by_date(before)["2024-05-01"]["load"] == 103.07
    # Maximum 190 → 165: HRr = 91 / 105, load = 60 · HRr · 0.64 · e^(1.92 · HRr)
    url = f"/v1/athletes/{athlete['id']}"
    response = client.put(url, json={"name": "Hal", "maxHeartRate": 165})
    assert response.status_code == 200
    reserve = Decimal(91) / Decimal(105)
    expected = float(
        (60 * reserve * Decimal("0.64") * (Decimal("1.92") * reserve).exp()).quantize(
            Decimal("0.01")
        )
    )
    assert expected == 175.73
    assert client.get(f"/v1/training-sessions/{trimp['id']}").json()["load"] == expected
    assert client.get(f"/v1/training-sessions/{srpe['id']}").json()["load"] == 300
    after = load_of(client, athlete["id"], "2024-05-01", "2024-05-02")
    assert by_date(after)["2024-05-01"]["load"] == expected
    assert by_date(after)["2024-05-02"]["ctl"] > by_date(before)["2024-05-02"]["ctl"]
    # Sex changes the weighting; clearing the maximum leaves the session without a load.
    client.put(url, json={"name": "Hal", "maxHeartRate": 190, "sex": "female"})
    assert client.get(f"/v1/training-sessions/{trimp['id']}").json()["load"] == 116.26
    client.put(url, json={"name": "Hal", "maxHeartRate": None})
    cleared = client.get(f"/v1/training-sessions/{trimp['id']}").json()
    assert (cleared["load"], cleared["loadMethod"]) == (None, None)
    assert (
        by_date(load_of(client, athlete["id"], "2024-05-01", "2024-05-01"))["2024-05-01"]["load"]
        == 0
    )


# -- GET /v1/athletes/{id}/training-load ----------------------------------------------------


def test_single_300_load_day(client: TestClient) -> None:
    athlete = make_athlete(client)
    make_session(client, athlete["id"], date="2024-05-01", duration=50, rpe=6)
    body = load_of(client, athlete["id"], "2024-04-30", "2024-05-02")
    assert (body["athleteId"], body["startDate"], body["endDate"]) == (
        athlete["id"],
        "2024-04-30",
        "2024-05-02",
    )
    common = {"projected": False}
    assert body["days"] == [
        {"date": "2024-04-30", "load": 0, "atl": 0, "ctl": 0, "tsb": 0, "acwr": None}
        | {"rampRate": 0, "acwrZone": None, **common},
        {"date": "2024-05-01", "load": 300, "atl": 39.94, "ctl": 7.06, "tsb": 0, "acwr": 3.63}
        | {"rampRate": 7.06, "acwrZone": "building", **common},
        {"date": "2024-05-02", "load": 0, "atl": 34.62, "ctl": 6.89, "tsb": -32.88, "acwr": 2.92}
        | {"rampRate": 6.89, "acwrZone": "building", **common},
    ]
    # The week of Monday 29 April: one session, load 300 on one day of seven.
    (week,) = body["weeks"]
    assert week["weekStart"] == "2024-04-29"
    assert (week["sessions"], week["load"]) == (1, 300)
    # mean 300/7, population deviation (300/7)·√6 → monotony 1/√6 = 0.41, strain 300/√6
    assert (week["monotony"], week["strain"]) == (0.41, 122.47)


def test_monotony_and_strain_of_a_hand_worked_week(client: TestClient) -> None:
    athlete = make_athlete(client)
    monday = date(2024, 5, 6)
    for offset, (rpe, minutes) in enumerate(
        [(5, 100), (4, 50), (4, 50), (7, 50), (5, 70), (5, 50), (5, 50)]
    ):  # loads 500, 200, 200, 350, 350, 250, 250
        day = (monday + timedelta(days=offset)).isoformat()
        make_session(client, athlete["id"], date=day, rpe=rpe, duration=minutes)
    make_session(client, athlete["id"], date="2024-05-08", duration=20)  # no load, still counts
    body = load_of(client, athlete["id"], "2024-05-08", "2024-05-08")
    assert body["weeks"] == [
        {"weekStart": "2024-05-06", "sessions": 8, "load": 2100, "monotony": 3.0, "strain": 6300}
        | {"plannedLoad": 0, "compliance": None}
    ]


def test_history_before_the_range_counts_and_rest_days_are_present(client: TestClient) -> None:
    athlete = make_athlete(client)
    for day, rpe in (("2024-03-30", 5), ("2024-04-02", 8), ("2024-04-20", 3), ("2024-05-03", 6)):
        make_session(client, athlete["id"], date=day, duration=60, rpe=rpe)
    whole = by_date(load_of(client, athlete["id"], "2024-03-01", "2024-05-10"))
    assert len(whole) == 71
    trained = {"2024-03-30", "2024-04-02", "2024-04-20", "2024-05-03"}
    assert all(whole[d]["load"] == 0 for d in whole if d not in trained)
    rpes = dict(zip(sorted(trained), (5, 8, 3, 6), strict=True))
    assert all(whole[d]["load"] == 60 * rpe for d, rpe in rpes.items())
    assert whole["2024-03-29"] == {
        "date": "2024-03-29",
        "load": 0,
        "atl": 0,
        "ctl": 0,
        "tsb": 0,
        "acwr": None,
        "rampRate": 0,
        "acwrZone": None,
        "projected": False,
    }
    for start, end in (("2024-04-21", "2024-04-21"), ("2024-04-10", "2024-05-10")):
        part = load_of(client, athlete["id"], start, end)
        assert part["days"] == [whole[d["date"]] for d in part["days"]]
        assert part["days"][0]["date"] == start
        assert part["days"][-1]["date"] == end
        assert part["days"][0]["ctl"] > 0


def test_sessions_after_the_end_count_only_in_the_last_week(client: TestClient) -> None:
    athlete = make_athlete(client)
    make_session(client, athlete["id"], date="2024-05-15", duration=45, rpe=6)  # Wednesday
    make_session(client, athlete["id"], date="2024-05-17", duration=60, rpe=5)  # Friday
    body = load_of(client, athlete["id"], "2024-05-13", "2024-05-15")
    assert [d["load"] for d in body["days"]] == [0, 0, 270]
    assert body["weeks"][0]["sessions"] == 2
    assert body["weeks"][0]["load"] == 570


def test_deleting_a_session_removes_its_load(client: TestClient) -> None:
    athlete = make_athlete(client)
    keep = make_session(client, athlete["id"], date="2024-05-01", duration=50, rpe=6)
    gone = make_session(client, athlete["id"], date="2024-04-01", duration=50, rpe=6)
    client.delete(f"/v1/training-sessions/{gone['id']}")
    body = load_of(client, athlete["id"], "2024-05-01", "2024-05-01")
    assert body["days"][0]["atl"] == 39.94  # as if April never happened
    client.delete(f"/v1/training-sessions/{keep['id']}")
    assert load_of(client, athlete["id"], "2024-05-01", "2024-05-01")["days"][0]["atl"] == 0


def test_default_range_is_the_42_days_ending_today(client: TestClient) -> None:
    athlete = make_athlete(client)
    today = datetime.now(UTC).date()
    make_session(client, athlete["id"], date=today.isoformat(), duration=50, rpe=6)
    body = client.get(f"/v1/athletes/{athlete['id']}/training-load").json()
    assert body["endDate"] == today.isoformat()
    assert body["startDate"] == (today - timedelta(days=41)).isoformat()
    assert len(body["days"]) == 42
    assert body["days"][-1]["atl"] == 39.94
    only_end = client.get(
        f"/v1/athletes/{athlete['id']}/training-load", params={"endDate": "2024-05-31"}
    ).json()
    assert (only_end["startDate"], len(only_end["days"])) == ("2024-04-20", 42)


def test_training_load_errors(client: TestClient) -> None:
    missing = client.get("/v1/athletes/nope/training-load")
    assert missing.status_code == 404
    assert missing.json()["detail"] == {
        "error": "NOT_FOUND",
        "message": "Athlete with id 'nope' not found",
    }
    athlete = make_athlete(client)
    url = f"/v1/athletes/{athlete['id']}/training-load"
    backwards = client.get(url, params={"startDate": "2024-05-02", "endDate": "2024-05-01"})
    assert backwards.status_code == 422
    assert backwards.json()["error"] == backwards.json()["detail"]["error"] == "INVALID_RANGE"
    too_long = client.get(url, params={"startDate": "2021-01-01", "endDate": "2024-01-02"})
    assert too_long.status_code == 422
    assert too_long.json()["detail"]["error"] == "INVALID_RANGE"
    assert too_long.json()["maxDays"] == 1096
    longest = client.get(url, params={"startDate": "2021-01-01", "endDate": "2024-01-01"})
    assert longest.status_code == 200
    assert len(longest.json()["days"]) == 1096
    assert client.get(url, params={"startDate": "soon"}).status_code == 422


# -- GET /v1/training-load (the coach's board) ----------------------------------------------


def fill(table: Table, athletes: list[Athlete], loads: dict[str, dict[date, int]]) -> None:
    """Sessions of the given loads (sRPE: rpe 5, load/5 minutes), written in bulk."""
    created = datetime(2024, 1, 1, tzinfo=UTC)
    sessions = [
        TrainingSession(
            id=f"{athlete_id}-{day}",
            athlete_id=athlete_id,
            athlete_name=next(a.name for a in athletes if a.id == athlete_id),
            date=day,
            duration=Decimal(load) / 5,
            distance=Decimal(1),
            rpe=5,
            load=Decimal(load),
            created_at=created,
            updated_at=created,
        )
        for athlete_id, days in loads.items()
        for day, load in days.items()
    ]
    table.batch_put(bulk_items(athletes, sessions))


def test_board_rows_and_zones(client: TestClient, table: Table) -> None:
    on = date(2024, 5, 15)
    athletes = [
        Athlete(id="a-1", name="ana"),
        Athlete(id="a-2", name="Cleo"),
        Athlete(id="a-3", name="Dev"),
        Athlete(id="a-4", name="Eve"),
        Athlete(id="a-5", name="Ben"),
    ]
    days = [on - timedelta(days=n) for n in range(90)]
    fill(
        table,
        athletes,
        {
            "a-1": {on: 300},  # first day: acwr 3.63, too little history for a zone
            "a-2": {d: 100 for d in days},  # steady for 90 days: acwr ≈ 1
            "a-4": {d: 100 for d in days[7:]},  # a week off after 83 days
            "a-5": {**{d: 100 for d in days[7:]}, **{d: 200 for d in days[:7]}},  # a hard week
        },
    )
    response = client.get("/v1/training-load", params={"date": on.isoformat()})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["pagination"] == {"total": 5, "limit": 50, "offset": 0, "hasMore": False}
    assert [r["name"] for r in body["data"]] == ["ana", "Ben", "Cleo", "Dev", "Eve"]
    rows = {r["athleteId"]: r for r in body["data"]}
    assert rows["a-1"] == {
        "athleteId": "a-1",
        "name": "ana",
        "atl": 39.94,
        "ctl": 7.06,
        "tsb": 0,
        "acwr": 3.63,
        "acwrZone": "building",
        "rampRate": 7.06,
        "projected": False,
        "hrvFlag": None,
        "restingHeartRateFlag": None,
    }
    assert rows["a-3"] == {
        "athleteId": "a-3",
        "name": "Dev",
        "atl": 0,
        "ctl": 0,
        "tsb": 0,
        "acwr": None,
        "acwrZone": None,
        "rampRate": 0,
        "projected": False,
        "hrvFlag": None,
        "restingHeartRateFlag": None,
    }
    assert rows["a-2"]["acwrZone"] == "optimal"
    assert 0.95 < rows["a-2"]["acwr"] <= 1.0
    assert rows["a-4"]["acwrZone"] == "low"
    assert rows["a-5"]["acwrZone"] == "high"
    assert 1.3 < rows["a-5"]["acwr"] <= 1.5
    for athlete_id, row in rows.items():  # a row is that day of the athlete's own series
        day = load_of(client, athlete_id, on.isoformat(), on.isoformat())["days"][0]
        assert {k: row[k] for k in ("atl", "ctl", "tsb", "acwr")} == {
            k: day[k] for k in ("atl", "ctl", "tsb", "acwr")
        }
    # History after the date does not count.
    earlier = client.get("/v1/training-load", params={"date": "2024-05-14"}).json()
    assert {r["athleteId"]: r["atl"] for r in earlier["data"]}["a-1"] == 0


def test_board_pages_and_defaults(client: TestClient) -> None:
    for name in ("Cy", "al", "Bo"):
        make_athlete(client, name)
    page = client.get("/v1/training-load", params={"limit": 2, "offset": 1}).json()
    assert [r["name"] for r in page["data"]] == ["Bo", "Cy"]
    assert page["pagination"] == {"total": 3, "limit": 2, "offset": 1, "hasMore": False}
    first = client.get("/v1/training-load", params={"limit": 1}).json()
    assert first["pagination"]["hasMore"] is True
    # the Link header's cursor walks the same pages, each reading only its own athletes
    answer = client.get("/v1/training-load", params={"limit": 1, "offset": 1})
    walked, offsets = [r["name"] for r in answer.json()["data"]], []
    while "link" in answer.headers:
        url = answer.headers["link"].split(";")[0].strip("<>")
        assert "offset" not in url
        cursor = dict(p.split("=", 1) for p in url.split("?", 1)[1].split("&"))["cursor"]
        answer = client.get(url)
        assert answer.status_code == 200, answer.text
        walked += [r["name"] for r in answer.json()["data"]]
        offsets.append(answer.json()["pagination"]["offset"])
    assert walked == ["Bo", "Cy"]
    assert offsets == [2]
    assert answer.json()["pagination"]["hasMore"] is False
    for misuse in ({"limit": 2, "cursor": cursor}, {"limit": 1, "offset": 1, "cursor": cursor}):
        assert client.get("/v1/training-load", params=misuse).status_code == 400, misuse
    assert client.get("/v1/training-load", params={"limit": 1, "cursor": "x.y"}).status_code == 400
    assert client.get("/v1/training-load", params={"offset": 5}).json()["data"] == []
    for bad in ({"limit": 0}, {"limit": 101}, {"offset": -1}, {"date": "2024-13-01"}):
        assert client.get("/v1/training-load", params=bad).status_code == 422, bad


def documented_example(heading: str) -> dict[str, Any]:
    """The JSON example under `heading` in docs/training-load.md."""
    text = (Path(__file__).parents[2] / "docs" / "training-load.md").read_text()
    block = text.split(heading, 1)[1].split("```json", 1)[1].split("```", 1)[0]
    example: dict[str, Any] = json.loads(block)
    return example


def test_the_documented_example_through_http(client: TestClient) -> None:
    ana = hr_athlete(client, name="Ana")
    plan = [
        ("2024-04-29", "run", 45, {"rpe": 6}),
        ("2024-05-01", "ride", 90, {"rpe": 5}),
        ("2024-05-02", "strength", 40, {"rpe": 7}),
        ("2024-05-04", "run", 60, {"avgHeartRate": 151}),
        ("2024-05-06", "run", 50, {"rpe": 4}),
        ("2024-05-08", "ride", 120, {"rpe": 6}),
        ("2024-05-09", "swim", 30, {"rpe": 5}),
        ("2024-05-09", "walk", 40, {}),
        ("2024-05-11", "run", 75, {"rpe": 7}),
        ("2024-05-13", "run", 40, {"rpe": 3}),
        ("2024-05-15", "row", 45, {"rpe": 6}),
        ("2024-05-17", "ride", 60, {"rpe": 5}),
    ]
    for day, sport, minutes, extra in plan:
        make_session(client, ana["id"], date=day, sport=sport, duration=minutes, **extra)
    expected = documented_example("### `GET /v1/athletes/{id}/training-load?startDate=2024-05-09")
    body = load_of(client, ana["id"], "2024-05-09", "2024-05-15")
    assert body == {**expected, "athleteId": ana["id"]}


# -- a seeded start ------------------------------------------------------------------------


def test_starting_fitness_and_fatigue_seed_the_series(client: TestClient) -> None:
    seed = {"startingFitness": 50, "startingFatigue": 60, "startingDate": "2024-05-01"}
    athlete = hr_athlete(client, **seed)
    assert {k: athlete[k] for k in seed} == seed
    # A session before the seed date no longer counts from the seed date on.
    make_session(client, athlete["id"], date="2024-04-20", duration=60, rpe=8)
    days = by_date(load_of(client, athlete["id"], "2024-04-30", "2024-05-07"))
    # the seed day, by hand: tsb 50 - 60 = -10, atl 60·e^(-1/7) = 52.01, ctl 50·e^(-1/42)
    # = 48.82, acwr (0.75·60)/(27/29·50) = 0.97, a zone at once, ramp unknown for 6 days
    first = days["2024-05-01"]
    assert (first["tsb"], first["atl"], first["ctl"], first["acwr"]) == (-10, 52.01, 48.82, 0.97)
    assert (first["acwrZone"], first["rampRate"]) == ("optimal", None)
    assert days["2024-05-07"]["rampRate"] == -7.68  # 50·e^(-7/42) - 50
    assert days["2024-04-30"]["ctl"] < 20  # before the seed: the log alone
    # PUT without the fields keeps them; explicit nulls clear all three.
    url = f"/v1/athletes/{athlete['id']}"
    kept = client.put(url, json={"name": "Hal"}).json()
    assert {k: kept[k] for k in seed} == seed
    cleared = client.put(url, json={"name": "Hal", **dict.fromkeys(seed)}).json()
    assert {k: cleared[k] for k in seed} == dict.fromkeys(seed)
    unseeded = by_date(load_of(client, athlete["id"], "2024-05-01", "2024-05-01"))
    assert unseeded["2024-05-01"]["tsb"] != -10


@pytest.mark.parametrize(
    "fields",
    [
        {"startingFitness": 50},
        {"startingFitness": 50, "startingFatigue": 60},
        {"startingDate": "2024-05-01"},
    ],
)
def test_starting_fields_go_together(client: TestClient, fields: dict[str, Any]) -> None:
    response = client.post("/v1/athletes", json={"name": "Ida", **fields})
    assert response.status_code == 422
    assert response.json()["error"] == "INVALID_PROFILE"
    assert all(a["name"] != "Ida" for a in client.get("/v1/athletes").json())
    # and a PUT that would leave a partial seed, merged with what is stored
    athlete = hr_athlete(client, startingFitness=40, startingFatigue=40, startingDate="2024-05-01")
    partial = client.put(
        f"/v1/athletes/{athlete['id']}", json={"name": "Hal", "startingDate": None}
    )
    assert (partial.status_code, partial.json()["error"]) == (422, "INVALID_PROFILE")
    assert client.get(f"/v1/athletes/{athlete['id']}").json() == athlete


@pytest.mark.parametrize(
    "fields",
    [
        {"startingFitness": -1, "startingFatigue": 1, "startingDate": "2024-05-01"},
        {"startingFitness": 1, "startingFatigue": 10_001, "startingDate": "2024-05-01"},
        {"startingFitness": "50", "startingFatigue": 1, "startingDate": "2024-05-01"},
        {"startingFitness": 1, "startingFatigue": 1, "startingDate": "May 1st"},
    ],
)
def test_bad_starting_values_are_422(client: TestClient, fields: dict[str, Any]) -> None:
    response = client.post("/v1/athletes", json={"name": "Ida", **fields})
    assert response.status_code == 422
    assert client.get("/v1/athletes").json() == []
