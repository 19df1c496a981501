"""A session lasts at most 14 days (20160 minutes): logged, changed or imported, a longer
one is refused and changes nothing; the schema says so."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import make_athlete, make_session
from tests.api.test_imports import upload
from tests.importers.builders import strava_csv, zipped

LONGEST = 14 * 24 * 60


def body(athlete_id: str, duration: Any) -> dict[str, Any]:
    return {"athlete_id": athlete_id, "date": "2024-05-01", "duration": duration, "distance": 1}


def test_the_longest_session_is_accepted(client: TestClient) -> None:
    athlete = make_athlete(client)
    created = make_session(client, athlete["id"], duration=LONGEST)
    assert created["duration"] == LONGEST


@pytest.mark.parametrize("duration", [LONGEST + 0.01, LONGEST + 1, 1_000_000])
def test_a_longer_session_is_422_and_stores_nothing(client: TestClient, duration: float) -> None:
    athlete = make_athlete(client)
    answer = client.post("/v1/training-sessions", json=body(athlete["id"], duration))
    assert answer.status_code == 422, answer.text
    (problem,) = answer.json()["detail"]
    assert problem["loc"] == ["body", "duration"]
    assert str(LONGEST) in problem["msg"]
    assert client.get("/v1/training-sessions").json()["pagination"]["total"] == 0
    assert client.get(f"/v1/athletes/{athlete['id']}/statistics").json()["totalSessions"] == 0


def test_changing_a_session_to_a_longer_one_is_422_and_keeps_it(client: TestClient) -> None:
    athlete = make_athlete(client)
    created = make_session(client, athlete["id"], duration=90)
    url = f"/v1/training-sessions/{created['id']}"
    answer = client.put(url, json=body(athlete["id"], LONGEST + 1))
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"] == ["body", "duration"]
    assert client.get(url).json() == created
    statistics = client.get(f"/v1/athletes/{athlete['id']}/statistics").json()
    assert statistics["totalDuration"] == 90


def test_the_schema_publishes_the_bound(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    duration = schemas["TrainingSessionInput"]["properties"]["duration"]
    assert (duration["minimum"], duration["maximum"]) == (0, LONGEST)


def test_imports_refuse_a_longer_session_and_keep_the_rest(client: TestClient) -> None:
    athlete = make_athlete(client)
    rows = [
        {"Activity ID": "71", "Activity Date": "May 1, 2024, 6:00:00 AM", "Moving Time": "1800"},
        {
            "Activity ID": "72",
            "Activity Date": "May 2, 2024, 6:00:00 AM",
            "Moving Time": str((LONGEST + 1) * 60),
        },
    ]
    csv_text = f"date,duration,distance\n2024-05-03,30,5\n2024-05-04,{LONGEST + 1},5\n"
    answer = upload(
        client,
        athlete["id"],
        ("export.zip", zipped({"activities.csv": strava_csv(rows)})),
        ("mine.csv", csv_text.encode()),
    )
    failures = {f["name"]: f["error"] for f in answer["files"] if f["status"] == "failed"}
    assert answer["counts"]["created"] == 2, answer
    assert len(failures) == 2, answer
    strava = next(error for name, error in failures.items() if "72" in name or "export" in name)
    assert strava["code"] == "DURATION_TOO_LONG"
    assert str(LONGEST) in strava["message"]
    assert "duration" in failures["mine.csv:3"]["message"]
    assert str(LONGEST) in failures["mine.csv:3"]["message"]
    listed = client.get("/v1/training-sessions", params={"athleteId": athlete["id"]}).json()
    assert sorted(s["duration"] for s in listed["data"]) == [30, 30]
