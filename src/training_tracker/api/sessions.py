"""/v1/training-sessions"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status
from fastapi.responses import JSONResponse

from training_tracker.api.auth import (
    PrincipalDep,
    athlete_filter,
    require_athlete,
    require_session,
    visible_session,
)
from training_tracker.api.conditional import (
    IdempotencyKeyHeader,
    IfMatchDep,
    idempotent,
    with_etag,
)
from training_tracker.api.deps import Id, SessionPagesDep, SessionsDep
from training_tracker.api.links import SESSION
from training_tracker.api.params import AthleteIdFilter, Cursor, EndDate, Limit, Offset, StartDate
from training_tracker.api.read_routes import read_route
from training_tracker.api.responses import (
    ATHLETE_NOT_FOUND,
    BODY,
    CONFLICT,
    INVALID,
    INVALID_CURSOR,
    PRECONDITION,
    SESSION_NOT_FOUND,
    success,
)
from training_tracker.api.schemas import (
    StatisticsOut,
    TrainingSessionInput,
    TrainingSessionListResponse,
    TrainingSessionOut,
)
from training_tracker.domain.models import TrainingSession
from training_tracker.services.idempotency import DuplicateRequestError

router = APIRouter(prefix="/v1/training-sessions", tags=["training sessions"])


@router.get(
    "",
    response_model=TrainingSessionListResponse,
    responses={**INVALID_CURSOR, **ATHLETE_NOT_FOUND, **INVALID},
)
@read_route
def list_sessions(
    pages: SessionPagesDep,
    principal: PrincipalDep,
    start_date: StartDate = None,
    end_date: EndDate = None,
    athlete_id: AthleteIdFilter = None,
    limit: Limit = 50,
    offset: Offset = 0,
    cursor: Cursor = None,
) -> Response:
    """Newest first; `total` counts every match. An athlete token sees its own sessions.
    Page with `offset` (v1) or with `cursor`: a cursor page reads only its own sessions and
    stays put when sessions are added before it.

    Rules across parameters: `cursor` is only valid with the athleteId, startDate, endDate
    and limit it was issued for, and not together with a non-zero `offset` (else 400
    INVALID_CURSOR). A startDate after endDate matches nothing."""
    return pages.page(
        principal,
        athlete_id=athlete_id,
        start=start_date,
        end=end_date,
        limit=limit,
        offset=offset,
        cursor=cursor,
    )


@router.post(
    "",
    response_model=TrainingSessionOut,
    status_code=status.HTTP_201_CREATED,
    responses={**success(201, etag=True, links=SESSION), **ATHLETE_NOT_FOUND, **BODY, **CONFLICT},
)
def create_session(
    request: Request,
    body: TrainingSessionInput,
    sessions: SessionsDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKeyHeader = None,
) -> JSONResponse:
    """With an Idempotency-Key, a retry answers as the first request did (ETag included).

    Rules across fields: avgHeartRate must not be greater than maxHeartRate (else 422);
    athlete_id must name an existing athlete (else 404). An Idempotency-Key used before
    with another body is 422 IDEMPOTENCY_KEY_REUSED."""
    require_athlete(principal, body.athlete_id)
    once = idempotent(request, idempotency_key, body)
    if (replayed := once.replay()) is not None:
        return replayed

    def present(s: TrainingSession) -> tuple[TrainingSessionOut, int]:
        return TrainingSessionOut.model_validate(s), s.version

    try:
        session = sessions.create(body.details(), answer=once.record(201, present))
    except DuplicateRequestError:
        return once.replay_after_race()
    return once.respond(201, *present(session))


@router.get("/statistics", response_model=StatisticsOut, responses=INVALID)
@read_route
def statistics(
    sessions: SessionsDep,
    principal: PrincipalDep,
    start_date: StartDate = None,
    end_date: EndDate = None,
) -> StatisticsOut:
    """Everyone's sessions (an athlete token: its own), from startDate to endDate; a start
    after the end counts nothing."""
    return StatisticsOut.model_validate(
        sessions.statistics(athlete_filter(principal, None), start_date, end_date)
    )


@router.get(
    "/{session_id}",
    response_model=TrainingSessionOut,
    responses={**success(200, etag=True, links=SESSION), **SESSION_NOT_FOUND, **INVALID},
)
@read_route
def get_session(
    session_id: Id, sessions: SessionsDep, principal: PrincipalDep, response: Response
) -> TrainingSessionOut:
    session = visible_session(principal, sessions.get(session_id))
    with_etag(response, session.version)
    return TrainingSessionOut.model_validate(session)


@router.put(
    "/{session_id}",
    response_model=TrainingSessionOut,
    responses={
        **success(200, etag=True, links=SESSION),
        **SESSION_NOT_FOUND,
        **PRECONDITION,
        **BODY,
        **CONFLICT,
    },
)
def update_session(
    session_id: Id,
    body: TrainingSessionInput,
    sessions: SessionsDep,
    principal: PrincipalDep,
    if_match: IfMatchDep,
    response: Response,
) -> TrainingSessionOut:
    """Replaces the session (it may move to another athlete; `createdAt` is kept).

    Rules across fields: avgHeartRate must not be greater than maxHeartRate (else 422);
    athlete_id must name an existing athlete (else 404). With If-Match, a version other
    than the stored one is 412 PRECONDITION_FAILED and changes nothing."""
    require_session(principal, sessions, session_id)
    require_athlete(principal, body.athlete_id)
    session = sessions.update(session_id, body.details(), if_match=if_match)
    with_etag(response, session.version)
    return TrainingSessionOut.model_validate(session)


@router.delete(
    "/{session_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={**SESSION_NOT_FOUND, **PRECONDITION, **CONFLICT, **INVALID},
)
def delete_session(
    session_id: Id, sessions: SessionsDep, principal: PrincipalDep, if_match: IfMatchDep
) -> Response:
    """With If-Match, a version other than the stored one is 412 PRECONDITION_FAILED
    and deletes nothing."""
    require_session(principal, sessions, session_id)
    sessions.delete(session_id, if_match=if_match)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
