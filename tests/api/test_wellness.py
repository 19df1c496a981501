"""Daily wellness through the app on every engine: put/get/delete a day, validation, the
ranged list with trends against the baseline (docs/wellness.md)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import make_athlete

DAY = date(2024, 6, 30)


def url(athlete_id: str, day: date | str | None = None) -> str:
    base = f"/v1/athletes/{athlete_id}/wellness"
    return base if day is None else f"{base}/{day}"


def put(client: TestClient, athlete_id: str, day: date, **fields: Any) -> dict[str, Any]:
    response = client.put(url(athlete_id, day), json=fields)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_a_day_is_put_read_replaced_and_deleted(client: TestClient) -> None:
    athlete = make_athlete(client)
    first = put(
        client,
        athlete["id"],
        DAY,
        restingHeartRate=48,
        hrv=72.5,
        sleepHours=7.5,
        sleepQuality=4,
        soreness=2,
        fatigue=3,
        stress=1,
        mood=5,
        weight=61.2,
        notes="slept well",
    )
    assert {k: v for k, v in first.items() if k != "updatedAt"} == {
        "athleteId": athlete["id"],
        "date": "2024-06-30",
        "restingHeartRate": 48,
        "hrv": 72.5,
        "sleepHours": 7.5,
        "sleepQuality": 4,
        "soreness": 2,
        "fatigue": 3,
        "stress": 1,
        "mood": 5,
        "weight": 61.2,
        "notes": "slept well",
    }
    assert client.get(url(athlete["id"], DAY)).json() == first
    # PUT replaces the whole day: absent fields become null.
    second = put(client, athlete["id"], DAY, hrv=65)
    assert (second["hrv"], second["restingHeartRate"], second["notes"]) == (65, None, None)
    assert client.get(url(athlete["id"], DAY)).json() == second
    assert client.delete(url(athlete["id"], DAY)).status_code == 204
    gone = client.get(url(athlete["id"], DAY))
    assert gone.status_code == 404
    assert gone.json()["error"] == "NOT_FOUND"
    assert client.delete(url(athlete["id"], DAY)).status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"notes": None},
        {"hrv": 0},
        {"hrv": 301},
        {"hrv": "70"},
        {"restingHeartRate": 10},
        {"sleepHours": 25},
        {"sleepQuality": 0},
        {"mood": 6},
        {"fatigue": 2.5},
        {"stress": True},
        {"weight": 5},
        {"notes": "x" * 1001},
    ],
)
def test_bad_reports_are_refused_and_change_nothing(client: TestClient, body: Any) -> None:
    athlete = make_athlete(client)
    response = client.put(url(athlete["id"], DAY), json=body)
    assert response.status_code == 422, response.text
    assert client.get(url(athlete["id"], DAY)).status_code == 404


def test_unknown_athlete_bad_dates_and_ranges(client: TestClient) -> None:
    missing = client.put(url("nope", DAY), json={"hrv": 60})
    assert missing.status_code == 404
    assert missing.json()["message"] == "Athlete with id 'nope' not found"
    assert client.get(url("nope")).status_code == 404
    assert client.get(url("nope", DAY)).json()["message"] == "Athlete with id 'nope' not found"
    athlete = make_athlete(client)
    assert client.put(url(athlete["id"], "2024-02-30"), json={"hrv": 60}).status_code == 422
    assert client.get(url(athlete["id"], "yesterday")).status_code == 422
    base = url(athlete["id"])
    backwards = client.get(base, params={"startDate": "2024-06-02", "endDate": "2024-06-01"})
    assert backwards.json()["error"] == "INVALID_RANGE"
    too_long = client.get(base, params={"startDate": "2024-01-01", "endDate": "2025-01-02"})
    assert too_long.json()["maxDays"] == 366


def test_the_list_flags_a_week_against_the_baseline(client: TestClient) -> None:
    athlete = make_athlete(client)
    week = DAY - timedelta(days=7)
    # 60 baseline days alternating 48/52 bpm and 50/70 ms, then a week of 53 bpm and 45 ms.
    for n in range(60):
        day = week - timedelta(days=n)
        put(client, athlete["id"], day, restingHeartRate=48 + 4 * (n % 2), hrv=50 + 20 * (n % 2))
    for n in range(7):
        put(client, athlete["id"], DAY - timedelta(days=n), restingHeartRate=53, hrv=45, mood=3)
    params = {"startDate": (DAY - timedelta(days=1)).isoformat(), "endDate": DAY.isoformat()}
    body = client.get(url(athlete["id"]), params=params).json()
    assert (body["startDate"], body["endDate"]) == (params["startDate"], params["endDate"])
    assert [d["date"] for d in body["data"]] == [params["startDate"], params["endDate"]]
    last = body["data"][-1]
    assert last["mood"] == 3
    # Resting: baseline mean 50, sample deviation 2.0169, band [48.99, 51.01]; week 53: high.
    assert last["restingHeartRateTrend"] == {
        "rolling": 53.0,
        "baselineLow": 48.99,
        "baselineHigh": 51.01,
        "flag": "high",
    }
    # HRV (in ln): baseline e^mean 59.16 ms, band [54.35, 64.40]; week 45 ms: low.
    assert last["hrvTrend"] == {
        "rolling": 45.0,
        "baselineLow": 54.35,
        "baselineHigh": 64.4,
        "flag": "low",
    }
    assert body["data"][0]["restingHeartRateTrend"]["flag"] == "high"


def test_no_trend_without_history(client: TestClient) -> None:
    athlete = make_athlete(client)
    put(client, athlete["id"], DAY, hrv=60, restingHeartRate=50)
    params = {"startDate": DAY.isoformat(), "endDate": DAY.isoformat()}
    (day,) = client.get(url(athlete["id"]), params=params).json()["data"]
    assert (day["hrvTrend"], day["restingHeartRateTrend"]) == (None, None)


def test_the_board_shows_todays_flags(client: TestClient) -> None:
    athlete = make_athlete(client)
    today = datetime.now(UTC).date()
    week = today - timedelta(days=7)
    for n in range(60):
        day = week - timedelta(days=n)
        put(client, athlete["id"], day, restingHeartRate=48 + 4 * (n % 2), hrv=50 + 20 * (n % 2))
    for n in range(7):
        put(client, athlete["id"], today - timedelta(days=n), restingHeartRate=50, hrv=45)
    rows = client.get("/v1/training-load").json()["data"]
    (row,) = [r for r in rows if r["athleteId"] == athlete["id"]]
    assert (row["hrvFlag"], row["restingHeartRateFlag"]) == ("low", "normal")
    # a projected date keeps today's flags
    later = (today + timedelta(days=3)).isoformat()
    (ahead,) = client.get("/v1/training-load", params={"date": later}).json()["data"]
    assert (ahead["hrvFlag"], ahead["projected"]) == ("low", True)
