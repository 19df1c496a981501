"""The ceiling: a bare FastAPI endpoint answering a constant page of 20 sessions."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

SESSION = {
    "id": "2b5a7c1e-5f9e-4d43-9a43-0d1f3f1c6a11",
    "athlete_id": "6f1d2c3b-8a7e-4f60-b2d5-1c9e8f7a6b54",
    "athlete_name": "Athlete 00042",
    "date": "2025-12-30",
    "duration": 45.0,
    "distance": 9.12,
    "notes": "Tempo",
    "createdAt": "2025-12-30T18:12:00Z",
    "updatedAt": "2025-12-30T18:12:00Z",
}
PAGE: list[dict[str, Any]] = [dict(SESSION) for _ in range(20)]

app = FastAPI()


@app.get("/sessions")
def sessions() -> list[dict[str, Any]]:
    return PAGE
