"""The wire names each schema publishes, in order: the v1 contract and the additions beside it.

Schema models declare fields under domain names and derive wire names; this pins the result,
so a rename or a slipped alias fails here rather than in a client. A new field is added to
the list on purpose.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import make_athlete, make_session

WIRE_NAMES = {
    "AthleteInput": [
        "name",
        "restingHeartRate",
        "maxHeartRate",
        "sex",
        "timezone",
        "startingFitness",
        "startingFatigue",
        "startingDate",
    ],
    "AthleteOut": [
        "id",
        "name",
        "restingHeartRate",
        "maxHeartRate",
        "sex",
        "timezone",
        "startingFitness",
        "startingFatigue",
        "startingDate",
    ],
    "TrainingSessionInput": [
        "athlete_id",
        "date",
        "duration",
        "distance",
        "notes",
        "sport",
        "rpe",
        "avgHeartRate",
        "maxHeartRate",
    ],
    "TrainingSessionOut": [
        "id",
        "athlete_id",
        "athlete_name",
        "date",
        "duration",
        "distance",
        "notes",
        "createdAt",
        "updatedAt",
        "sport",
        "rpe",
        "avgHeartRate",
        "maxHeartRate",
        "load",
        "loadMethod",
        "startTime",
        "elapsedTime",
        "sourceFile",
        "hasOriginal",
    ],
    "Pagination": ["total", "limit", "offset", "hasMore"],
    "SessionPagination": ["total", "limit", "offset", "hasMore", "nextCursor"],
    "TrainingSessionListResponse": ["data", "pagination"],
    "StatisticsOut": [
        "totalSessions",
        "totalDuration",
        "totalDistance",
        "averageDuration",
        "averageDistance",
        "averagePace",
    ],
    "DayLoadOut": [
        "date",
        "load",
        "atl",
        "ctl",
        "tsb",
        "acwr",
        "rampRate",
        "acwrZone",
        "projected",
    ],
    "WeekLoadOut": [
        "weekStart",
        "sessions",
        "load",
        "monotony",
        "strain",
        "plannedLoad",
        "compliance",
    ],
    "TrainingLoadOut": ["athleteId", "startDate", "endDate", "days", "weeks"],
    "BoardRowOut": [
        "athleteId",
        "name",
        "atl",
        "ctl",
        "tsb",
        "acwr",
        "acwrZone",
        "rampRate",
        "projected",
        "hrvFlag",
        "restingHeartRateFlag",
    ],
    "BoardResponse": ["data", "pagination"],
    "PlannedSessionInput": ["date", "duration", "sport", "rpe", "load", "title", "notes"],
    "PlannedSessionOut": [
        "id",
        "athleteId",
        "date",
        "duration",
        "sport",
        "rpe",
        "load",
        "plannedLoad",
        "title",
        "notes",
        "sessionId",
        "createdAt",
        "updatedAt",
    ],
    "PlannedSessionList": ["startDate", "endDate", "data", "nextCursor"],
    "WellnessInput": [
        "restingHeartRate",
        "hrv",
        "sleepHours",
        "sleepQuality",
        "soreness",
        "fatigue",
        "stress",
        "mood",
        "weight",
        "notes",
    ],
    "WellnessOut": [
        "athleteId",
        "date",
        "restingHeartRate",
        "hrv",
        "sleepHours",
        "sleepQuality",
        "soreness",
        "fatigue",
        "stress",
        "mood",
        "weight",
        "notes",
        "updatedAt",
    ],
    "TrendOut": ["rolling", "baselineLow", "baselineHigh", "flag"],
    "WellnessList": ["startDate", "endDate", "data"],
    "SessionRefOut": ["id", "date"],
    "ImportErrorOut": ["code", "message"],
    "ImportItemOut": ["name", "status", "sessions", "duplicateOf", "error", "warnings", "line"],
    "ImportCountsOut": ["created", "duplicate", "failed", "sessionsCreated"],
    "ImportResponse": ["files", "counts"],
}


@pytest.fixture
def components(client: TestClient) -> dict[str, Any]:
    schemas: dict[str, Any] = client.get("/openapi.json").json()["components"]["schemas"]
    return schemas


@pytest.mark.parametrize("schema", sorted(WIRE_NAMES))
def test_published_wire_names(components: dict[str, Any], schema: str) -> None:
    assert list(components[schema]["properties"]) == WIRE_NAMES[schema]


def test_responses_carry_the_published_names_in_order(client: TestClient) -> None:
    athlete = make_athlete(client)
    assert list(athlete) == WIRE_NAMES["AthleteOut"]
    session = make_session(client, athlete["id"], duration=30.5)
    assert list(session) == WIRE_NAMES["TrainingSessionOut"]
    assert session["duration"] == 30.5  # a JSON number, not "30.5"
    page = client.get("/v1/training-sessions").json()
    assert list(page["pagination"]) == WIRE_NAMES["SessionPagination"]


def test_domain_spellings_of_wire_names_are_not_read(client: TestClient) -> None:
    """v1 ignores unknown body fields; `resting_heart_rate` is one, like any other."""
    athlete = make_athlete(client)
    response = client.put(
        f"/v1/athletes/{athlete['id']}", json={"name": "Ada", "resting_heart_rate": 50}
    )
    assert response.status_code == 200
    assert response.json()["restingHeartRate"] is None
    sent = {"athleteId": athlete["id"], "date": "2024-05-01", "duration": 1, "distance": 1}
    refused = client.post("/v1/training-sessions", json=sent)
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "athlete_id"]
