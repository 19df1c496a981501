"""The documented error answers routes share, so each is worded once in the OpenAPI schema."""

from __future__ import annotations

from typing import Any

from training_tracker.api.schemas import ErrorOut

Responses = dict[int | str, dict[str, Any]]


def _error(status: int, description: str) -> Responses:
    return {status: {"model": ErrorOut, "description": description}}


UNAUTHORIZED = _error(401, "Missing or invalid token")
ATHLETE_NOT_FOUND = _error(404, "Athlete not found")
SESSION_NOT_FOUND = _error(404, "Session or athlete not found")
PRECONDITION = _error(412, "PRECONDITION_FAILED: If-Match names another version")
ATHLETE_HAS_SESSIONS = _error(400, "ATHLETE_HAS_SESSIONS")
INVALID_CURSOR = _error(400, "INVALID_CURSOR")
# A body that can't be decoded at all (not UTF-8) is refused before validation.
UNREADABLE: Responses = {400: {"description": "Body could not be parsed"}}
IDEMPOTENCY: Responses = {
    422: {"description": "Invalid body, or IDEMPOTENCY_KEY_REUSED with another body"}
}
INVALID_PROFILE: Responses = {
    422: {"description": "Invalid body, or INVALID_PROFILE: resting not below maximum"}
}
INVALID_RANGE: Responses = {
    422: {"description": "Invalid parameter, or INVALID_RANGE (start after end, over 3 years)"}
}
