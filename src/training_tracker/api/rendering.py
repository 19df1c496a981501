"""A page of sessions rendered straight from domain objects, without response models.

Given a model, FastAPI validates it against the route's `response_model` again before
serializing it, and validating twenty `TrainingSessionOut` from a session's attributes cost
more than reading the page from the store. So the list route hands over its JSON:
each session becomes a plain dict under the wire names, and pydantic serializes the page by
a typed dict whose fields are the model's own (same names, same types, so the same number,
date and enum formatting). `response_model` still documents the answer in the OpenAPI
schema; `tests/api/test_rendering.py` holds the two renderings byte for byte equal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, TypeAdapter
from starlette.responses import Response
from typing_extensions import TypedDict

from training_tracker.api.schemas import SessionPagination, TrainingSessionOut
from training_tracker.domain.models import TrainingSession


def wire_fields(model: type[BaseModel]) -> dict[str, Any]:
    """The model's fields by wire name, with their types, in the model's order."""
    return {field.alias or name: field.annotation for name, field in model.model_fields.items()}


SessionWire = TypedDict("SessionWire", wire_fields(TrainingSessionOut))  # type: ignore[misc]
_SESSION_LIST = TypeAdapter(
    TypedDict(  # type: ignore[operator]
        "SessionListWire", {"data": list[SessionWire], "pagination": SessionPagination}
    )
)


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
        page = {"data": [session_wire(s) for s in sessions], "pagination": pagination}
        super().__init__(_SESSION_LIST.dump_json(page))
