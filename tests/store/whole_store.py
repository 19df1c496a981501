"""A store with one of everything, written through the API, and what the API answers about
it: the material of the export/restore tests."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from tests.api.helpers import make_athlete, make_session
from tests.importers.builders import gpx
from training_tracker.domain.access import Role
from training_tracker.services.tokens import TokenService
from training_tracker.store.port import Table
from training_tracker.store.repository import Repository
from training_tracker.store.tokens import TokenStore

PLANS = "/v1/athletes/{}/planned-sessions"
WELLNESS = "/v1/athletes/{}/wellness"
RANGE = {"startDate": "2024-01-01", "endDate": "2024-12-31"}


def fill(client: TestClient, table: Table) -> dict[str, str]:
    """Athletes (one with a full profile), sessions of several kinds, an imported file, a
    plan, a wellness day, a token and an Idempotency-Key answer; the athletes' ids."""
    ada = make_athlete(client, "Ada")
    bo = make_athlete(client, "bo")
    profile = {
        "name": "Ada",
        "resting_heart_rate": 52,
        "max_heart_rate": 191.5,
        "sex": "female",
        "timezone": "Europe/Paris",
    }
    assert client.put(f"/v1/athletes/{ada['id']}", json=profile).status_code == 200
    make_session(client, ada["id"], notes="tempo ✓", rpe=7, sport="run")
    make_session(client, ada["id"], date="2024-05-03", duration=30, distance=0)
    make_session(client, bo["id"], date="2024-06-30", duration=61.25, distance=12.125)
    make_session(client, bo["id"], date="2024-07-01", avg_heart_rate=150)
    answered = client.post(
        "/v1/training-sessions",
        json={"athlete_id": bo["id"], "date": "2024-07-02", "duration": 20, "distance": 3},
        headers={"Idempotency-Key": "retry-me"},
    )
    assert answered.status_code == 201, answered.text
    walk = gpx(datetime(2024, 5, 5, 7, tzinfo=UTC), kind="walking")
    imported = client.post(
        f"/v1/athletes/{ada['id']}/activity-files",
        files=[("files", ("walk.gpx", walk, "application/gpx+xml"))],
    )
    assert imported.status_code in (200, 201, 207), imported.text
    plan = {"date": "2024-06-03", "duration": 60, "rpe": 6, "title": "long run"}
    assert client.post(PLANS.format(ada["id"]), json=plan).status_code == 201
    day = {"hrv": 61.5, "sleep_hours": 7.25, "mood": 4, "notes": "fine"}
    assert client.put(f"{WELLNESS.format(ada['id'])}/2024-06-01", json=day).status_code in (
        200,
        201,
    )
    repository = Repository(table, page_size=50)
    TokenService(TokenStore(table, page_size=50), repository).create(Role.COACH, name="coach")
    return {"ada": ada["id"], "bo": bo["id"]}


def _without_links(value: Any) -> Any:
    """Cursors are signed with each store's own key: leave them out of comparisons."""
    if isinstance(value, dict):
        return {k: _without_links(v) for k, v in value.items() if k != "nextCursor"}
    if isinstance(value, list):
        return [_without_links(v) for v in value]
    return value


def answers(client: TestClient, athletes: dict[str, str]) -> dict[str, Any]:
    """What the API says about the store: lists, statistics, each athlete's pages."""
    paths = [
        "/v1/athletes",
        "/v1/training-sessions?limit=100",
        "/v1/training-sessions?limit=2&offset=1",
        "/v1/training-sessions/statistics",
        "/v1/training-sessions/statistics?startDate=2024-05-02&endDate=2024-06-30",
    ]
    for athlete_id in athletes.values():
        paths += [
            f"/v1/athletes/{athlete_id}",
            f"/v1/athletes/{athlete_id}/statistics",
            f"/v1/training-sessions?athleteId={athlete_id}",
            f"{PLANS.format(athlete_id)}?startDate=2024-01-01&endDate=2024-12-31",
            f"{WELLNESS.format(athlete_id)}?startDate=2024-05-01&endDate=2024-06-30",
            f"/v1/athletes/{athlete_id}/training-load?startDate=2024-04-20&endDate=2024-07-10",
        ]
    found = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, (path, response.text)
        found[path] = _without_links(response.json())
    return found


def record_lines(path: Path) -> tuple[dict[str, Any], list[str], dict[str, Any]]:
    """An export's header, its record lines in a stable order, and its trailer."""
    lines = gzip.decompress(path.read_bytes()).decode().splitlines()
    return json.loads(lines[0]), sorted(lines[1:-1]), json.loads(lines[-1])
