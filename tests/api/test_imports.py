"""POST /v1/athletes/{id}/activity-files and GET /v1/training-sessions/{id}/original."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import make_athlete
from tests.importers.builders import gpx, strava_csv, tcx, zipped
from tests.importers.fit_writer import FitWriter, one_hour_run

START = datetime(2024, 5, 1, 6, 0, tzinfo=UTC)
RUN = one_hour_run(START, seconds=300)


def upload(client: TestClient, athlete_id: str, *files: tuple[str, bytes]) -> Any:
    response = client.post(
        f"/v1/athletes/{athlete_id}/activity-files",
        files=[("files", (name, data, "application/octet-stream")) for name, data in files],
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_upload_creates_sessions_and_reports_each_file(client: TestClient) -> None:
    athlete = make_athlete(client)
    answer = upload(
        client,
        athlete["id"],
        ("run.fit", RUN),
        ("ride.tcx.gz", gzip.compress(tcx(START))),
        ("broken.fit", RUN[:20] + b"\x00" * 5),
        ("walk.gpx", gpx(START, kind="walking")),
    )
    statuses = {f["name"]: f["status"] for f in answer["files"]}
    assert statuses == {
        "run.fit": "created",
        "ride.tcx.gz": "created",
        "broken.fit": "failed",
        "walk.gpx": "created",
    }
    assert answer["counts"] == {"created": 3, "duplicate": 0, "failed": 1, "sessionsCreated": 3}
    run = answer["files"][0]["sessions"][0]
    assert (run["date"], run["sport"], run["distance"], run["avgHeartRate"]) == (
        "2024-05-01",
        "run",
        10.0,
        150.0,
    )
    assert run["athlete_name"] == "Ada"
    broken = answer["files"][2]
    assert broken["error"]["code"] in {"TRUNCATED", "CORRUPT_FILE"}
    assert broken["error"]["message"]
    listed = client.get("/v1/training-sessions", params={"athleteId": athlete["id"]}).json()
    assert listed["pagination"]["total"] == 3
    assert client.get(f"/v1/athletes/{athlete['id']}/statistics").json()["totalSessions"] == 3


def test_second_upload_is_a_duplicate_naming_the_first_sessions(client: TestClient) -> None:
    athlete = make_athlete(client)
    first = upload(client, athlete["id"], ("run.fit", RUN))["files"][0]["sessions"][0]
    again = upload(client, athlete["id"], ("renamed.fit.gz", gzip.compress(RUN)))
    (item,) = again["files"]
    assert item["status"] == "duplicate"
    assert item["duplicateOf"] == [{"id": first["id"], "date": "2024-05-01"}]
    assert again["counts"]["duplicate"] == 1
    total = client.get("/v1/training-sessions", params={"athleteId": athlete["id"]}).json()
    assert total["pagination"]["total"] == 1
    # Another athlete importing the same file gets their own session.
    other = make_athlete(client, "Bo")
    assert upload(client, other["id"], ("run.fit", RUN))["files"][0]["status"] == "created"


def test_same_device_activity_with_other_bytes_is_a_duplicate(client: TestClient) -> None:
    athlete = make_athlete(client)
    upload(client, athlete["id"], ("run.fit", RUN))
    resaved = FitWriter().file_id(created=START)  # same device id and creation time
    resaved.session(START, sport="running", timer_s=100, elapsed_s=100, distance_m=500)
    item = upload(client, athlete["id"], ("edited.fit", resaved.bytes()))["files"][0]
    assert item["status"] == "duplicate"
    assert len(item["duplicateOf"]) == 1


def test_multisport_file_is_one_item_with_a_session_per_leg(client: TestClient) -> None:
    athlete = make_athlete(client)
    writer = FitWriter().file_id(created=START)
    writer.session(START, sport="swimming", timer_s=600, elapsed_s=600, distance_m=500)
    writer.session(START, sport="cycling", timer_s=1800, elapsed_s=1800, distance_m=15000)
    writer.session(START, sport="running", timer_s=900, elapsed_s=900, distance_m=3000)
    (item,) = upload(client, athlete["id"], ("tri.fit", writer.bytes()))["files"]
    assert [s["sport"] for s in item["sessions"]] == ["swim", "ride", "run"]
    totals = client.get(f"/v1/athletes/{athlete['id']}/statistics").json()
    assert totals["totalSessions"] == 3
    assert totals["totalDistance"] == 18.5
    again = upload(client, athlete["id"], ("tri.fit", writer.bytes()))["files"][0]
    assert again["status"] == "duplicate"
    assert len(again["duplicateOf"]) == 3


def test_csv_rows_are_items_with_their_line(client: TestClient) -> None:
    athlete = make_athlete(client)
    csv_text = (
        "date,duration,distance,sport,rpe,notes\n"
        "2024-05-01,30,5,run,6,easy\n"
        "2024-05-02,abc,5,run,6,bad\n"
        "2024-05-03,40,8,ride,,\n"
    )
    answer = upload(client, athlete["id"], ("mine.csv", csv_text.encode()))
    rows = [(f["name"], f["status"], f["line"]) for f in answer["files"]]
    assert rows == [
        ("mine.csv:2", "created", 2),
        ("mine.csv:3", "failed", 3),
        ("mine.csv:4", "created", 4),
    ]
    assert "duration" in answer["files"][1]["error"]["message"]
    assert answer["files"][0]["sessions"][0]["load"] == 180.0  # sRPE: 30 min x RPE 6
    again = upload(client, athlete["id"], ("mine.csv", csv_text.encode()))
    assert [f["status"] for f in again["files"]] == ["duplicate", "failed", "duplicate"]


def test_strava_export_through_the_api(client: TestClient) -> None:
    athlete = make_athlete(client)
    rows = [
        {
            "Activity ID": "55",
            "Activity Date": "May 1, 2024, 6:00:00 AM",
            "Activity Name": "Long run",
            "Filename": "activities/55.fit.gz",
            "Perceived Exertion": "5",
        },
        {"Activity ID": "56", "Activity Date": "May 2, 2024, 6:00:00 AM", "Moving Time": "1800"},
    ]
    export = zipped(
        {"activities.csv": strava_csv(rows), "activities/55.fit.gz": gzip.compress(RUN)}
    )
    answer = upload(client, athlete["id"], ("export.zip", export))
    assert answer["counts"]["created"] == 2
    run = next(f for f in answer["files"] if f["name"].endswith("55.fit.gz"))["sessions"][0]
    assert (run["notes"], run["rpe"]) == ("Long run", 5)
    # The file alone later is the same activity.
    assert upload(client, athlete["id"], ("55.fit", RUN))["files"][0]["status"] == "duplicate"


def test_original_download_follows_the_session(client: TestClient) -> None:
    athlete = make_athlete(client)
    item = upload(client, athlete["id"], ("run.fit.gz", gzip.compress(RUN)))["files"][0]
    session_id = item["sessions"][0]["id"]
    response = client.get(f"/v1/training-sessions/{session_id}/original")
    assert response.status_code == 200
    assert response.content == RUN
    assert response.headers["content-type"] == "application/vnd.ant.fit"
    assert 'filename="run.fit"' in response.headers["content-disposition"]
    typed = client.post(
        "/v1/training-sessions",
        json={"athlete_id": athlete["id"], "date": "2024-05-01", "duration": 1, "distance": 1},
    ).json()
    missing = client.get(f"/v1/training-sessions/{typed['id']}/original")
    assert missing.status_code == 404
    assert missing.json()["error"] == "NOT_FOUND"
    assert client.get("/v1/training-sessions/nope/original").status_code == 404


def test_unknown_athlete_and_missing_files_are_4xx(client: TestClient) -> None:
    response = client.post(
        "/v1/athletes/nobody/activity-files", files=[("files", ("a.fit", RUN, "x/y"))]
    )
    assert response.status_code == 404
    athlete = make_athlete(client)
    assert client.post(f"/v1/athletes/{athlete['id']}/activity-files").status_code == 422
    form = client.post(f"/v1/athletes/{athlete['id']}/activity-files", data={"files": "text"})
    assert form.status_code == 422


def test_upload_limit_is_its_own_and_json_routes_keep_theirs(client: TestClient) -> None:
    athlete = make_athlete(client)
    big = gpx(START, points=8000)  # about 1.6 MB: over the JSON limit, within the upload one
    assert len(big) > 1_048_576
    item = upload(client, athlete["id"], ("big.gpx", big))["files"][0]
    assert item["status"] == "created"
    too_big_json = client.post(
        "/v1/training-sessions",
        content=b"{" + b" " * 1_100_000 + b"}",
        headers={"content-type": "application/json"},
    )
    assert too_big_json.status_code == 413


def test_the_endpoint_is_in_the_openapi_schema(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    upload_op = schema["paths"]["/v1/athletes/{athlete_id}/activity-files"]["post"]
    assert "multipart/form-data" in upload_op["requestBody"]["content"]
    assert {"200", "404", "413", "422"} <= set(upload_op["responses"])
    original = schema["paths"]["/v1/training-sessions/{session_id}/original"]["get"]
    assert {"200", "404"} <= set(original["responses"])


def test_athlete_timezone_dates_files_without_an_offset(client: TestClient) -> None:
    created = client.post("/v1/athletes", json={"name": "Kei", "timezone": "Asia/Tokyo"})
    assert created.status_code == 201
    athlete = created.json()
    assert athlete["timezone"] == "Asia/Tokyo"
    late = datetime(2024, 5, 1, 23, 0, tzinfo=UTC)
    session = upload(client, athlete["id"], ("late.gpx", gpx(late)))["files"][0]["sessions"][0]
    assert session["date"] == "2024-05-02"
    assert session["startTime"] == "2024-05-02T08:00:00+09:00"
    assert session["elapsedTime"] == 10.0
    assert session["sourceFile"] == "late.gpx"
    assert session["hasOriginal"] is True
    cleared = client.put(f"/v1/athletes/{athlete['id']}", json={"name": "Kei", "timezone": None})
    assert cleared.json()["timezone"] is None
    kept = client.put(f"/v1/athletes/{athlete['id']}", json={"name": "Kei B"})
    assert kept.json()["timezone"] is None


def test_typed_sessions_have_no_import_fields(client: TestClient) -> None:
    athlete = make_athlete(client)
    body = {"athlete_id": athlete["id"], "date": "2024-05-01", "duration": 1, "distance": 1}
    session = client.post("/v1/training-sessions", json=body).json()
    assert (session["startTime"], session["elapsedTime"], session["sourceFile"]) == (None,) * 3
    assert session["hasOriginal"] is False
    assert make_athlete(client, "Tz")["timezone"] is None


@pytest.mark.parametrize("zone", ["Mars/Olympus", "../../etc/passwd", "utc ", "", 5, "x" * 100])
def test_bad_timezones_are_422_and_store_nothing(client: TestClient, zone: Any) -> None:
    response = client.post("/v1/athletes", json={"name": "Bad", "timezone": zone})
    assert response.status_code == 422
    assert client.get("/v1/athletes").json() == []
