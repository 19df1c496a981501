"""The one error hierarchy. Each error knows its HTTP status; one handler renders them all."""

from __future__ import annotations

from typing import Any


class TrackerError(Exception):
    """A failure a client can be told about, with a stable machine-readable code."""

    status_code = 400
    code = "BAD_REQUEST"

    def __init__(self, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {"error": self.code, "message": self.message, **self.extra}

    def headers(self) -> dict[str, str]:
        return {}


class NotFoundError(TrackerError):
    status_code = 404
    code = "NOT_FOUND"

    def __init__(self, kind: str, ident: str) -> None:
        super().__init__(f"{kind} with id '{ident}' not found")


class AthleteHasSessionsError(TrackerError):
    status_code = 400
    code = "ATHLETE_HAS_SESSIONS"

    def __init__(self, athlete_id: str, session_count: int) -> None:
        super().__init__(
            f"Athlete with id '{athlete_id}' has {session_count} training session(s); "
            "delete them first or pass cascade=true",
            sessionCount=session_count,
        )


class ConflictError(TrackerError):
    """A write lost a race with another write and could not be retried safely."""

    status_code = 409
    code = "CONFLICT"


class PlanCompletedError(ConflictError):
    """The planned session was completed already: its session is `sessionId`."""

    code = "PLAN_COMPLETED"

    def __init__(self, plan_id: str, session_id: str) -> None:
        super().__init__(
            f"Planned session with id '{plan_id}' was completed already, by training session "
            f"'{session_id}'",
            sessionId=session_id,
        )


class InvalidRequestError(TrackerError):
    status_code = 400
    code = "INVALID_REQUEST"


class InvalidRangeError(InvalidRequestError):
    """A date range the service refuses: start after end, or longer than allowed."""

    status_code = 422
    code = "INVALID_RANGE"


class InvalidProfileError(InvalidRequestError):
    """An athlete profile that is inconsistent once merged with what is stored."""

    status_code = 422
    code = "INVALID_PROFILE"


class UnauthorizedError(TrackerError):
    """No credentials, or ones that prove nothing: missing, malformed, unknown or revoked."""

    status_code = 401
    code = "UNAUTHORIZED"

    def __init__(self, message: str, *, invalid_token: bool = False) -> None:
        super().__init__(message)
        self.invalid_token = invalid_token

    def headers(self) -> dict[str, str]:
        # RFC 6750: a request without credentials gets the bare challenge.
        challenge = 'Bearer realm="training-tracker"'
        if self.invalid_token:
            challenge += ', error="invalid_token"'
        return {"WWW-Authenticate": challenge}


class ForbiddenError(TrackerError):
    """Authenticated, but the role may not do this (whatever object it names)."""

    status_code = 403
    code = "FORBIDDEN"


class PayloadTooLargeError(TrackerError):
    status_code = 413
    code = "PAYLOAD_TOO_LARGE"


class StoreUnavailableError(TrackerError):
    """The storage engine can't be reached or keeps refusing; the client may retry later."""

    status_code = 503
    code = "STORE_UNAVAILABLE"

    def __init__(self, message: str, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}


class PreconditionFailedError(TrackerError):
    """`If-Match` named a version other than the stored one: nothing was written."""

    status_code = 412
    code = "PRECONDITION_FAILED"

    def __init__(self, kind: str, ident: str, current: int) -> None:
        super().__init__(
            f"{kind} with id '{ident}' is at version {current}, not the one If-Match names; "
            "read it again and reapply the change",
            currentETag=f'"{current}"',
        )


class IdempotencyKeyReusedError(TrackerError):
    """An Idempotency-Key sent again with another request body (or to another route)."""

    status_code = 422
    code = "IDEMPOTENCY_KEY_REUSED"


class InvalidCursorError(TrackerError):
    """A cursor that was tampered with, issued for another query, or is not a cursor at all."""

    status_code = 400
    code = "INVALID_CURSOR"


class RateLimitedError(TrackerError):
    status_code = 429
    code = "RATE_LIMITED"

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many requests; retry after {retry_after} s")
        self.retry_after = retry_after

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}


class NoMigrationRecordError(TrackerError):
    """`migrate --verify` on a table no migration from the old layout has recorded."""

    status_code = 409
    code = "NO_MIGRATION_RECORD"

    def __init__(self) -> None:
        super().__init__("no migration from seed-v1 is recorded in this table: nothing to verify")


class MigrationUnderwayError(TrackerError):
    """`migrate --restart` in place once old items are being removed: a fresh plan would
    see only what is left of the old table."""

    status_code = 409
    code = "MIGRATION_UNDERWAY"

    def __init__(self, phase: str) -> None:
        super().__init__(
            f"the migration in place is in its {phase} phase, the old items are partly gone: "
            "run it again without --restart to finish it"
        )


class ImportRejectedError(TrackerError):
    """An uploaded activity file (or archive entry) that cannot be read, or must not be.

    `code` is per instance (e.g. `TRUNCATED`, `ZIP_BOMB`, `UNSAFE_XML`): an import answers
    one of these per failed file instead of failing the whole upload."""

    status_code = 422
    code = "IMPORT_REJECTED"

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class MisdirectedRequestError(TrackerError):
    """The request names a host this server does not answer for (open mode: loopback only)."""

    status_code = 421
    code = "MISDIRECTED_REQUEST"


class ExportFileError(TrackerError):
    """A file given to `restore` that is not a whole, readable export of a known version."""

    code = "INVALID_EXPORT_FILE"


class StoreNotEmptyError(TrackerError):
    """`restore` loads into an empty store only (or resumes its own interrupted run)."""

    status_code = 409
    code = "STORE_NOT_EMPTY"
