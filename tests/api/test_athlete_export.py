"""GET /v1/athletes/{id}/export: what it sends, to whom, and that the CSV imports back into
exactly the sessions it came from. Runs on both engines with pages of two sessions, so every
export here crosses several store pages."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi.testclient import TestClient

from tests.api.helpers import make_athlete, make_session
from training_tracker.importers.sessions_csv import COLUMNS

PROFILE = {"name": "Zoë O'Neil", "restingHeartRate": 50, "maxHeartRate": 190, "sex": "female"}
# Everything a client states about a session, in the cases a CSV could get wrong: unstated
# fields, notes a spreadsheet would run, that start with the escape itself, that span lines,
# carry quotes, commas, tabs, padding and accents, and two sessions alike in every field.
SESSIONS: list[dict[str, Any]] = [
    {"date": "2024-05-01", "duration": 45.5, "distance": 10.2},
    {
        "date": "2024-05-01",
        "duration": 60,
        "distance": 12,
        "sport": "run",
        "rpe": 6,
        "avgHeartRate": 150,
        "maxHeartRate": 172,
        "notes": 'Tempo, then "strides"\nfelt good',
    },
    {"date": "2024-05-02", "duration": 30, "distance": 0, "sport": "strength", "notes": "=1+1"},
    {"date": "2024-05-03", "duration": 20.25, "distance": 4, "notes": "'=kept as written"},
    {"date": "2024-05-04", "duration": 90, "distance": 40, "sport": "ride", "notes": "'tis"},
    {"date": "2024-05-05", "duration": 15, "distance": 3, "notes": "  padded\tand tabbed  "},
    {"date": "2024-05-06", "duration": 25, "distance": 5, "notes": "-5 °C, Zoë — 5\u00d7400 m ✓"},
    {"date": "2024-05-07", "duration": 40, "distance": 8, "sport": "swim", "rpe": 3},
    {"date": "2024-05-07", "duration": 40, "distance": 8, "sport": "swim", "rpe": 3},
    {"date": "2023-12-31", "duration": 1_000_000, "distance": 1_000_000, "avgHeartRate": 20},
]
# What the server owns or derives from where a session lives, not from what it states.
OWNED = {"id", "athlete_id", "athlete_name", "createdAt", "updatedAt", "sourceFile"}


def _athlete_with_sessions(client: TestClient) -> dict[str, Any]:
    response = client.post("/v1/athletes", json=PROFILE)
    assert response.status_code == 201, response.text
    athlete: dict[str, Any] = response.json()
    for fields in SESSIONS:
        make_session(client, athlete["id"], **fields)
    return athlete


def export(client: TestClient, athlete_id: str, kind: str, **headers: str) -> Any:
    response = client.get(
        f"/v1/athletes/{athlete_id}/export", params={"format": kind}, headers=headers
    )
    assert response.status_code == 200, response.text
    return response


def stated(sessions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The sessions as their athlete would compare them: every field but the owned ones."""
    kept = [{k: v for k, v in s.items() if k not in OWNED} for s in sessions]
    return sorted(kept, key=repr)


def upload_csv(client: TestClient, athlete_id: str, text: str) -> dict[str, Any]:
    response = client.post(
        f"/v1/athletes/{athlete_id}/activity-files",
        files=[("files", ("export.csv", text.encode(), "text/csv"))],
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_csv_has_the_documented_columns_and_a_row_per_session_oldest_first(
    client: TestClient,
) -> None:
    athlete = _athlete_with_sessions(client)
    response = export(client, athlete["id"], "csv")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == (
        'attachment; filename="zoe-o-neil-training-sessions.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.text, newline="")))
    assert tuple(rows[0]) == COLUMNS
    body = [dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]]
    assert len(body) == len(SESSIONS)
    assert [r["date"] for r in body] == sorted(s["date"] for s in SESSIONS)
    assert {r["athlete_id"] for r in body} == {athlete["id"]}
    formula = next(r for r in body if r["date"] == "2024-05-02")
    assert formula["notes"] == "'=1+1"  # a spreadsheet shows it, never runs it
    assert formula["sport"] == "strength"
    unstated = next(r for r in body if r["date"] == "2024-05-01" and r["duration"] == "45.5")
    assert (unstated["sport"], unstated["rpe"], unstated["notes"]) == ("", "", "")


def test_json_is_the_sessions_the_api_returns(client: TestClient) -> None:
    athlete = _athlete_with_sessions(client)
    exported = export(client, athlete["id"], "json")
    assert exported.headers["content-type"] == "application/json"
    assert exported.headers["content-disposition"].endswith('-training-sessions.json"')
    listed = client.get(
        "/v1/training-sessions", params={"athleteId": athlete["id"], "limit": 100}
    ).json()["data"]
    assert sorted(exported.json(), key=lambda s: s["id"]) == sorted(listed, key=lambda s: s["id"])
    assert [s["date"] for s in exported.json()] == sorted(s["date"] for s in SESSIONS)


def test_an_athlete_without_sessions_exports_a_header_or_an_empty_array(
    client: TestClient,
) -> None:
    athlete = make_athlete(client, "Ada")
    assert export(client, athlete["id"], "csv").text == ",".join(COLUMNS) + "\r\n"
    assert export(client, athlete["id"], "json").json() == []
    assert export(client, athlete["id"], "csv").headers["content-disposition"] == (
        'attachment; filename="ada-training-sessions.csv"'
    )


def test_csv_is_the_default_and_a_name_without_ascii_falls_back_to_the_id(
    client: TestClient,
) -> None:
    athlete = make_athlete(client, "张伟")
    response = client.get(f"/v1/athletes/{athlete['id']}/export")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    disposition = response.headers["content-disposition"]
    assert disposition == f'attachment; filename="{athlete["id"]}-training-sessions.csv"'


def test_unknown_athlete_is_404_and_a_bad_format_422(client: TestClient) -> None:
    missing = client.get("/v1/athletes/nobody/export", params={"format": "csv"})
    assert missing.status_code == 404
    assert missing.json()["error"] == "NOT_FOUND"
    athlete = make_athlete(client)
    for bad in ("xml", "CSV", ""):
        refused = client.get(f"/v1/athletes/{athlete['id']}/export", params={"format": bad})
        assert refused.status_code == 422, bad
        assert refused.json()["detail"][0]["loc"] == ["query", "format"]


def test_round_trip_into_another_athlete_creates_the_same_sessions(client: TestClient) -> None:
    source = _athlete_with_sessions(client)
    text = export(client, source["id"], "csv").text
    target = client.post("/v1/athletes", json={**PROFILE, "name": "Twin"}).json()
    answer = upload_csv(client, target["id"], text)
    assert answer["counts"]["created"] == answer["counts"]["sessionsCreated"] == len(SESSIONS)
    assert answer["counts"]["failed"] == answer["counts"]["duplicate"] == 0
    before = export(client, source["id"], "json").json()
    after = export(client, target["id"], "json").json()
    assert stated(after) == stated(before)  # load and loadMethod included: same profile
    # Imported again into the athlete it now lives with: every row a duplicate.
    again = upload_csv(client, target["id"], text)
    assert again["counts"]["duplicate"] == len(SESSIONS)
    assert again["counts"]["created"] == 0
    assert len(export(client, target["id"], "json").json()) == len(SESSIONS)


def test_round_trip_into_the_same_athlete_creates_nothing(client: TestClient) -> None:
    athlete = _athlete_with_sessions(client)
    before = export(client, athlete["id"], "json").json()
    answer = upload_csv(client, athlete["id"], export(client, athlete["id"], "csv").text)
    assert answer["counts"]["duplicate"] == len(SESSIONS)
    assert answer["counts"]["created"] == answer["counts"]["failed"] == 0
    by_id = {s["id"]: s["date"] for s in before}
    for item in answer["files"]:  # each row names the very session it was exported from
        (ref,) = item["duplicateOf"]
        assert by_id[ref["id"]] == ref["date"]
    assert export(client, athlete["id"], "json").json() == before


def test_a_row_whose_session_was_deleted_is_created_again(client: TestClient) -> None:
    athlete = make_athlete(client)
    kept = make_session(client, athlete["id"], date="2024-06-01")
    gone = make_session(client, athlete["id"], date="2024-06-02", notes="restored")
    text = export(client, athlete["id"], "csv").text
    assert client.delete(f"/v1/training-sessions/{gone['id']}").status_code == 204
    answer = upload_csv(client, athlete["id"], text)
    assert [f["status"] for f in answer["files"]] == ["duplicate", "created"]
    assert answer["files"][0]["duplicateOf"][0]["id"] == kept["id"]
    restored = answer["files"][1]["sessions"][0]
    assert (restored["date"], restored["notes"]) == ("2024-06-02", "restored")
