"""/v1/athletes"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.responses import JSONResponse

from training_tracker.api.auth import (
    PrincipalDep,
    require_athlete,
    require_staff,
    visible_athletes,
)
from training_tracker.api.conditional import (
    IdempotencyKeyHeader,
    IfMatchDep,
    idempotent,
    with_etag,
)
from training_tracker.api.deps import AthletesDep, Id, SessionsDep
from training_tracker.api.schemas import AthleteInput, AthleteOut, ErrorOut, StatisticsOut
from training_tracker.domain.models import Athlete
from training_tracker.services.idempotency import DuplicateRequestError

router = APIRouter(prefix="/v1/athletes", tags=["athletes"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "Athlete not found"}
}
PRECONDITION: dict[int | str, dict[str, Any]] = {
    412: {"model": ErrorOut, "description": "PRECONDITION_FAILED: If-Match names another version"}
}
# A body that can't be decoded at all (not UTF-8) is refused before validation.
UNREADABLE: dict[int | str, dict[str, Any]] = {400: {"description": "Body could not be parsed"}}


@router.get("", response_model=list[AthleteOut])
def list_athletes(athletes: AthletesDep, principal: PrincipalDep) -> list[AthleteOut]:
    """Every athlete, by name (case-insensitive), then id (an athlete token: only itself)."""
    return [AthleteOut.of(a) for a in visible_athletes(principal, athletes)]


@router.post(
    "",
    response_model=AthleteOut,
    status_code=status.HTTP_201_CREATED,
    responses={
        **UNREADABLE,
        422: {"description": "Invalid body, or IDEMPOTENCY_KEY_REUSED with another body"},
    },
)
def create_athlete(
    request: Request,
    body: AthleteInput,
    athletes: AthletesDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKeyHeader = None,
) -> JSONResponse:
    """With an Idempotency-Key, a retry answers as the first request did (ETag included)."""
    require_staff(principal, "create athletes")
    once = idempotent(request, idempotency_key, body)
    if (replayed := once.replay()) is not None:
        return replayed

    def present(a: Athlete) -> tuple[AthleteOut, int]:
        return AthleteOut.of(a), a.version

    try:
        athlete = athletes.create(**body.profile(), answer=once.record(201, present))
    except DuplicateRequestError:
        return once.replay_after_race()
    return once.respond(201, *present(athlete))


@router.get("/{athlete_id}", response_model=AthleteOut, responses=NOT_FOUND)
def get_athlete(
    athlete_id: Id, athletes: AthletesDep, principal: PrincipalDep, response: Response
) -> AthleteOut:
    require_athlete(principal, athlete_id)
    athlete = athletes.get(athlete_id)
    with_etag(response, athlete.version)
    return AthleteOut.of(athlete)


@router.put(
    "/{athlete_id}",
    response_model=AthleteOut,
    responses={
        **NOT_FOUND,
        **PRECONDITION,
        **UNREADABLE,
        422: {"description": "Invalid body, or INVALID_PROFILE: resting not below maximum"},
    },
)
def update_athlete(
    athlete_id: Id,
    body: AthleteInput,
    athletes: AthletesDep,
    principal: PrincipalDep,
    if_match: IfMatchDep,
    response: Response,
) -> AthleteOut:
    """Fields absent from the body keep their stored values (a v1 client that sends only
    `name` keeps the heart rates); `null` clears one."""
    require_athlete(principal, athlete_id)
    athlete = athletes.update(athlete_id, body.profile(), if_match=if_match)
    with_etag(response, athlete.version)
    return AthleteOut.of(athlete)


@router.delete(
    "/{athlete_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={
        **NOT_FOUND,
        **PRECONDITION,
        400: {"model": ErrorOut, "description": "ATHLETE_HAS_SESSIONS"},
    },
)
def delete_athlete(
    athlete_id: Id,
    athletes: AthletesDep,
    principal: PrincipalDep,
    if_match: IfMatchDep,
    cascade: Annotated[bool, Query(description="Also delete the athlete's sessions")] = False,
) -> Response:
    require_staff(principal, "delete athletes")
    athletes.delete(athlete_id, cascade=cascade, if_match=if_match)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{athlete_id}/statistics", response_model=StatisticsOut, responses=NOT_FOUND)
def athlete_statistics(
    athlete_id: Id,
    athletes: AthletesDep,
    sessions: SessionsDep,
    principal: PrincipalDep,
    start_date: Annotated[date | None, Query(alias="startDate")] = None,
    end_date: Annotated[date | None, Query(alias="endDate")] = None,
) -> StatisticsOut:
    require_athlete(principal, athlete_id)
    athletes.get(athlete_id)
    return StatisticsOut.of(sessions.statistics(athlete_id, start_date, end_date))
