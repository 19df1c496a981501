"""The documented answers routes share, so each is worded once in the OpenAPI schema.

Every status a route can answer is listed with its body and headers; the OpenAPI test and
the Schemathesis run against a real server fail on anything undeclared.
"""

from __future__ import annotations

from typing import Any

from training_tracker.api.schemas import ErrorOut, PlainErrorOut, ValidationErrorOut

Responses = dict[int | str, dict[str, Any]]

RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again",
        "schema": {"type": "string", "pattern": "^[0-9]+$"},
    }
}
ETAG = {
    "ETag": {
        "description": 'The version just read or written, for If-Match ("3")',
        "schema": {"type": "string", "pattern": '^"[0-9]+"$'},
    }
}
WWW_AUTHENTICATE = {
    "WWW-Authenticate": {
        "description": 'Bearer challenge (RFC 6750), with error="invalid_token" when one was sent',
        "schema": {"type": "string"},
    }
}


def _error(status: int, description: str, headers: dict[str, Any] | None = None) -> Responses:
    answer: dict[str, Any] = {"model": ErrorOut, "description": description}
    if headers:
        answer["headers"] = headers
    return {status: answer}


def _either(status: int, description: str, model: Any) -> Responses:
    """A status two layers answer: the framework's body, or a domain error's."""
    return {status: {"model": model, "description": description}}


def success(status: int, *, etag: bool = False, **extra: Any) -> Responses:
    """The success answer's extras: its ETag header, OpenAPI links."""
    answer: dict[str, Any] = dict(extra)
    if etag:
        answer["headers"] = ETAG
    return {status: answer}


# Every /v1 operation (app.py mounts the routers with these).
AUTHENTICATED: Responses = {
    **_error(401, "UNAUTHORIZED: missing, malformed, unknown or revoked token", WWW_AUTHENTICATE),
    **_error(429, "RATE_LIMITED: too many requests from this client", RETRY_AFTER),
    **_error(503, "STORE_UNAVAILABLE: the store can't be reached; retry later", RETRY_AFTER),
}
FORBIDDEN = _error(403, "FORBIDDEN: an athlete token may not do this")
ATHLETE_NOT_FOUND = _error(404, "NOT_FOUND: no such athlete, or not one this token may see")
SESSION_NOT_FOUND = _error(404, "NOT_FOUND: no such session or athlete, or not this token's")
CONFLICT = _error(409, "CONFLICT: kept colliding with concurrent writes; try again")
PRECONDITION = _error(412, "PRECONDITION_FAILED: If-Match names another version")
TOO_LARGE = _error(413, "PAYLOAD_TOO_LARGE: the body is over the server's limit")
ATHLETE_HAS_SESSIONS = _error(400, "ATHLETE_HAS_SESSIONS (with sessionCount)")
INVALID_CURSOR = _error(400, "INVALID_CURSOR: not issued by this server for this query")
INVALID = _either(422, "The request does not fit the schema", ValidationErrorOut)
DOMAIN_422 = ValidationErrorOut | ErrorOut
# A body route: unparsable (400), too large (413), or failing validation or a domain rule (422).
BODY: Responses = {
    **_either(400, "The body could not be parsed", PlainErrorOut),
    **TOO_LARGE,
    **_either(
        422,
        "The body does not fit the schema, or IDEMPOTENCY_KEY_REUSED with another body",
        DOMAIN_422,
    ),
}
INVALID_PROFILE = _either(
    422,
    "The body does not fit the schema, or INVALID_PROFILE: restingHeartRate not below "
    "maxHeartRate once merged with the stored profile",
    DOMAIN_422,
)
INVALID_RANGE = _either(
    422,
    "A parameter does not fit the schema, or INVALID_RANGE: startDate after endDate, or "
    "the range longer than 1096 days",
    DOMAIN_422,
)

# Parts of the above under the names routes used before (400 or 422 of a body route).
UNAUTHORIZED: Responses = {401: AUTHENTICATED[401]}
UNREADABLE: Responses = {400: BODY[400]}
IDEMPOTENCY: Responses = {422: BODY[422]}
UPLOAD_TOO_LARGE = _error(413, "PAYLOAD_TOO_LARGE: the upload is over MAX_UPLOAD_BYTES")
NO_FILES: Responses = {422: {"description": "No `files` part"}}
NO_ORIGINAL = _error(404, "Session not found, or it was not imported from a file")
# Starlette's multipart parser refuses a malformed form body with a plain 400.
BAD_MULTIPART: Responses = {400: {"description": "The multipart body could not be parsed"}}
PLAN_NOT_FOUND = _error(404, "Athlete or planned session not found")
PLAN_COMPLETED = _error(
    409,
    "PLAN_COMPLETED (with sessionId): the plan was completed already; or CONFLICT: kept "
    "colliding with concurrent writes",
)
WELLNESS_NOT_FOUND = _error(404, "Athlete, or that day's report, not found")
INVALID_YEAR_RANGE: Responses = {
    422: {"description": "Invalid parameter, or INVALID_RANGE (start after end, over 366 days)"}
}
