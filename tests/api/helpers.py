"""Small builders for API tests."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient


def make_athlete(client: TestClient, name: str = "Ada") -> dict[str, Any]:
    response = client.post("/v1/athletes", json={"name": name})
    assert response.status_code == 201, response.text
    return response.json()


def make_session(client: TestClient, athlete_id: str, **fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "athlete_id": athlete_id,
        "date": "2024-05-01",
        "duration": 45.5,
        "distance": 10.2,
    }
    body.update(fields)
    response = client.post("/v1/training-sessions", json=body)
    assert response.status_code == 201, response.text
    return response.json()
