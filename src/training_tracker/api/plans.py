"""/v1/athletes/{id}/planned-sessions: an athlete's planned sessions (docs/planning.md)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response, status

from training_tracker.api.auth import PrincipalDep, require_athlete
from training_tracker.api.cursor import CursorSigner, Position
from training_tracker.api.deps import Id, PlansDep
from training_tracker.api.plan_schemas import (
    PlannedSessionInput,
    PlannedSessionList,
    PlannedSessionOut,
)
from training_tracker.api.schemas import ErrorOut

router = APIRouter(prefix="/v1/athletes/{athlete_id}/planned-sessions", tags=["planned sessions"])
PlanId = Annotated[str, Path(min_length=1, max_length=128, description="Server-generated id")]
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "Athlete or planned session not found"},
}
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"model": ErrorOut, "description": "Changed or deleted meanwhile; read it again"},
}


@router.post(
    "",
    response_model=PlannedSessionOut,
    status_code=status.HTTP_201_CREATED,
    responses={**NOT_FOUND, **CONFLICT},
)
def create_plan(
    athlete_id: Id, body: PlannedSessionInput, plans: PlansDep, principal: PrincipalDep
) -> PlannedSessionOut:
    """Plans a session. Plans are not sessions: statistics never count them; the
    training-load projection and the weeks' planned load do."""
    require_athlete(principal, athlete_id)
    return PlannedSessionOut.of(plans.create(athlete_id, body.details()))


@router.get(
    "",
    response_model=PlannedSessionList,
    responses={
        **NOT_FOUND,
        400: {"model": ErrorOut, "description": "INVALID_CURSOR"},
        422: {
            "description": "Invalid parameter, or INVALID_RANGE (start after end, over 366 days)"
        },
    },
)
def list_plans(
    request: Request,
    athlete_id: Id,
    plans: PlansDep,
    principal: PrincipalDep,
    start_date: Annotated[
        date | None, Query(alias="startDate", description="Inclusive; default today (UTC)")
    ] = None,
    end_date: Annotated[
        date | None, Query(alias="endDate", description="Inclusive; default startDate + 27 days")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 100,
    cursor: Annotated[
        str | None, Query(max_length=2048, description="nextCursor of the previous page")
    ] = None,
) -> PlannedSessionList:
    """The athlete's plans dated startDate..endDate, by date. One Query reading only the
    plans returned; a full page gives a `nextCursor`."""
    require_athlete(principal, athlete_id)
    signer: CursorSigner = request.app.state.cursors
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
        data=[PlannedSessionOut.of(p) for p in page.plans],
        next_cursor=next_cursor,
    )


@router.get("/{plan_id}", response_model=PlannedSessionOut, responses=NOT_FOUND)
def get_plan(
    athlete_id: Id, plan_id: PlanId, plans: PlansDep, principal: PrincipalDep
) -> PlannedSessionOut:
    require_athlete(principal, athlete_id)
    return PlannedSessionOut.of(plans.get(athlete_id, plan_id))


@router.put("/{plan_id}", response_model=PlannedSessionOut, responses={**NOT_FOUND, **CONFLICT})
def update_plan(
    athlete_id: Id,
    plan_id: PlanId,
    body: PlannedSessionInput,
    plans: PlansDep,
    principal: PrincipalDep,
) -> PlannedSessionOut:
    """Replaces the plan (absent optional fields become null); a new date moves it."""
    require_athlete(principal, athlete_id)
    return PlannedSessionOut.of(plans.update(athlete_id, plan_id, body.details()))


@router.delete(
    "/{plan_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses={**NOT_FOUND, **CONFLICT},
)
def delete_plan(
    athlete_id: Id, plan_id: PlanId, plans: PlansDep, principal: PrincipalDep
) -> Response:
    require_athlete(principal, athlete_id)
    plans.delete(athlete_id, plan_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
