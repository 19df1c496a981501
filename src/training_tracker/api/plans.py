"""/v1/athletes/{id}/planned-sessions: an athlete's planned sessions (docs/planning.md)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response, status
from fastapi.responses import JSONResponse

from training_tracker.api.auth import PrincipalDep, require_athlete
from training_tracker.api.conditional import IdempotencyKeyHeader, idempotent
from training_tracker.api.cursor import Position
from training_tracker.api.deps import CursorsDep, Id, PlansDep
from training_tracker.api.links import SESSION
from training_tracker.api.params import Cursor, QueryDate, date_query
from training_tracker.api.plan_schemas import (
    PlanCompletionInput,
    PlannedSessionInput,
    PlannedSessionList,
    PlannedSessionOut,
)
from training_tracker.api.read_routes import read_route
from training_tracker.api.responses import (
    BODY,
    CONFLICT,
    INVALID_CURSOR,
    INVALID_YEAR_RANGE,
    PLAN_COMPLETED,
    PLAN_NOT_FOUND,
    success,
)
from training_tracker.api.schemas import TrainingSessionOut
from training_tracker.domain.models import TrainingSession
from training_tracker.services.idempotency import DuplicateRequestError

router = APIRouter(prefix="/v1/athletes/{athlete_id}/planned-sessions", tags=["planned sessions"])
PlanId = Annotated[str, Path(min_length=1, max_length=128, description="Server-generated id")]


@router.post(
    "",
    response_model=PlannedSessionOut,
    status_code=status.HTTP_201_CREATED,
    responses={**PLAN_NOT_FOUND, **CONFLICT, **BODY},
)
def create_plan(
    athlete_id: Id, body: PlannedSessionInput, plans: PlansDep, principal: PrincipalDep
) -> PlannedSessionOut:
    """Plans a session. Plans are not sessions: statistics never count them; the
    training-load projection and the weeks' planned load do."""
    require_athlete(principal, athlete_id)
    return PlannedSessionOut.model_validate(plans.create(athlete_id, body.details()))


@router.get(
    "",
    response_model=PlannedSessionList,
    responses={**PLAN_NOT_FOUND, **INVALID_CURSOR, **INVALID_YEAR_RANGE},
)
@read_route
def list_plans(
    athlete_id: Id,
    plans: PlansDep,
    principal: PrincipalDep,
    signer: CursorsDep,
    start_date: Annotated[
        date | None, QueryDate, date_query("startDate", "Inclusive; default today (UTC)")
    ] = None,
    end_date: Annotated[
        date | None, QueryDate, date_query("endDate", "Inclusive; default startDate + 27 days")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 100,
    cursor: Cursor = None,
) -> PlannedSessionList:
    """The athlete's plans dated startDate..endDate, by date. One Query reading only the
    plans returned; a full page gives a `nextCursor`."""
    require_athlete(principal, athlete_id)
    query: list[Any] = [athlete_id, start_date and start_date.isoformat()]
    query += [end_date and end_date.isoformat(), limit]
    after = None
    if cursor is not None:
        position = signer.decode(cursor, query)
        after = (position.date, position.id)
    first, last, page = plans.list(athlete_id, start_date, end_date, limit=limit, after=after)
    next_cursor = None
    if page.more and page.plans:
        final = page.plans[-1]
        next_cursor = signer.encode(Position(final.date, final.id, 0), query)
    return PlannedSessionList(
        start_date=first,
        end_date=last,
        data=[PlannedSessionOut.model_validate(p) for p in page.plans],
        next_cursor=next_cursor,
    )


@router.get("/{plan_id}", response_model=PlannedSessionOut, responses=PLAN_NOT_FOUND)
@read_route
def get_plan(
    athlete_id: Id, plan_id: PlanId, plans: PlansDep, principal: PrincipalDep
) -> PlannedSessionOut:
    require_athlete(principal, athlete_id)
    return PlannedSessionOut.model_validate(plans.get(athlete_id, plan_id))


@router.put(
    "/{plan_id}",
    response_model=PlannedSessionOut,
    responses={**PLAN_NOT_FOUND, **CONFLICT, **BODY},
)
def update_plan(
    athlete_id: Id,
    plan_id: PlanId,
    body: PlannedSessionInput,
    plans: PlansDep,
    principal: PrincipalDep,
) -> PlannedSessionOut:
    """Replaces the plan (absent optional fields become null); a new date moves it."""
    require_athlete(principal, athlete_id)
    return PlannedSessionOut.model_validate(plans.update(athlete_id, plan_id, body.details()))


@router.delete(
    "/{plan_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses={**PLAN_NOT_FOUND, **CONFLICT},
)
def delete_plan(
    athlete_id: Id, plan_id: PlanId, plans: PlansDep, principal: PrincipalDep
) -> Response:
    require_athlete(principal, athlete_id)
    plans.delete(athlete_id, plan_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{plan_id}/complete",
    response_model=TrainingSessionOut,
    status_code=status.HTTP_201_CREATED,
    responses={
        **success(201, etag=True, links=SESSION),
        **PLAN_NOT_FOUND,
        **PLAN_COMPLETED,
        **BODY,
    },
)
def complete_plan(
    request: Request,
    athlete_id: Id,
    plan_id: PlanId,
    plans: PlansDep,
    principal: PrincipalDep,
    body: PlanCompletionInput | None = None,
    idempotency_key: IdempotencyKeyHeader = None,
) -> JSONResponse:
    """Logs the training session that did the plan and marks the plan done with its id
    (`sessionId`), both in one transaction. Absent fields take the plan's values (date,
    planned minutes, sport, planned RPE, title and notes; distance 0); the answer is the
    session, as POST /v1/training-sessions gives it. With an Idempotency-Key, a retry
    answers as the first request did.

    Rules across fields and stored state:
    avgHeartRate must not be greater than maxHeartRate (else 422); a plan completed already
    is 409 PLAN_COMPLETED with its `sessionId`; an Idempotency-Key used before with another
    body is 422 IDEMPOTENCY_KEY_REUSED."""
    require_athlete(principal, athlete_id)
    sent = body or PlanCompletionInput()
    once = idempotent(request, idempotency_key, sent)
    if (replayed := once.replay()) is not None:
        return replayed

    def present(s: TrainingSession) -> tuple[TrainingSessionOut, int]:
        return TrainingSessionOut.model_validate(s), s.version

    try:
        session = plans.complete(
            athlete_id, plan_id, sent.actuals(), answer=once.record(201, present)
        )
    except DuplicateRequestError:
        return once.replay_after_race()
    return once.respond(201, *present(session))
