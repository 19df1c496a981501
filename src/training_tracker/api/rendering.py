"""A page of sessions rendered straight from domain objects, without response models.

Given a model, FastAPI validates it against the route's `response_model` again before
serializing it, and validating twenty `TrainingSessionOut` from a session's attributes cost
more than reading the page from the store. So the list route hands over its JSON: each
session becomes a plain dict under the wire names, holding the values the model would
(floats for exact decimals), and msgspec writes it, several times faster than pydantic and
in the same notation for every value the domain can hold. `response_model` still documents
the answer in the OpenAPI schema; `tests/api/test_rendering.py` holds the two renderings
byte for byte equal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec
from starlette.responses import Response

from training_tracker.api.schemas import SessionPagination
from training_tracker.domain.models import TrainingSession

_JSON = msgspec.json.Encoder()


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def session_wire(s: TrainingSession) -> dict[str, Any]:
    """TrainingSessionOut's fields, read off the session: exact decimals become the floats
    the schema publishes, as the model would make them."""
    source = s.source
    return {
        "id": s.id,
        "athlete_id": s.athlete_id,
        "athlete_name": s.athlete_name,
        "date": s.date,
        "duration": float(s.duration),
        "distance": float(s.distance),
        "notes": s.notes,
        "createdAt": s.created_at,
        "updatedAt": s.updated_at,
        "sport": s.sport,
        "rpe": s.rpe,
        "avgHeartRate": _number(s.avg_heart_rate),
        "maxHeartRate": _number(s.max_heart_rate),
        "load": _number(s.load),
        "loadMethod": s.load_method,
        "startTime": None if source is None else source.start,
        "elapsedTime": None if source is None else _number(source.elapsed),
        "sourceFile": None if source is None else source.file_name,
        "hasOriginal": source is not None and source.original is not None,
    }


class SessionListResponse(Response):
    """TrainingSessionListResponse's JSON for a page of sessions."""

    media_type = "application/json"

    def __init__(self, sessions: Sequence[TrainingSession], pagination: SessionPagination) -> None:
        page = {
            "data": [session_wire(s) for s in sessions],
            "pagination": pagination.model_dump(by_alias=True),
        }
        super().__init__(_JSON.encode(page))
