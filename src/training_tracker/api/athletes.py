"""/v1/athletes"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from training_tracker.api.auth import (
    PrincipalDep,
    require_athlete,
    require_staff,
    visible_athletes,
)
from training_tracker.api.deps import AthletesDep, Id, SessionsDep
from training_tracker.api.schemas import AthleteInput, AthleteOut, ErrorOut, StatisticsOut

router = APIRouter(prefix="/v1/athletes", tags=["athletes"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "Athlete not found"}
}


@router.get("", response_model=list[AthleteOut])
def list_athletes(athletes: AthletesDep, principal: PrincipalDep) -> list[AthleteOut]:
    """Every athlete, by name (case-insensitive), then id (an athlete token: only itself)."""
    return [AthleteOut.of(a) for a in visible_athletes(principal, athletes)]


@router.post("", response_model=AthleteOut, status_code=status.HTTP_201_CREATED)
def create_athlete(
    body: AthleteInput, athletes: AthletesDep, principal: PrincipalDep
) -> AthleteOut:
    require_staff(principal, "create athletes")
    return AthleteOut.of(athletes.create(**body.profile()))


@router.get("/{athlete_id}", response_model=AthleteOut, responses=NOT_FOUND)
def get_athlete(athlete_id: Id, athletes: AthletesDep, principal: PrincipalDep) -> AthleteOut:
    require_athlete(principal, athlete_id)
    return AthleteOut.of(athletes.get(athlete_id))


@router.put(
    "/{athlete_id}",
    response_model=AthleteOut,
    responses={
        **NOT_FOUND,
        422: {"description": "Invalid body, or INVALID_PROFILE: resting not below maximum"},
    },
)
def update_athlete(
    athlete_id: Id, body: AthleteInput, athletes: AthletesDep, principal: PrincipalDep
) -> AthleteOut:
    """Fields absent from the body keep their stored values (a v1 client that sends only
    `name` keeps the heart rates); `null` clears one."""
    require_athlete(principal, athlete_id)
    return AthleteOut.of(athletes.update(athlete_id, body.profile()))


@router.delete(
    "/{athlete_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={**NOT_FOUND, 400: {"model": ErrorOut, "description": "ATHLETE_HAS_SESSIONS"}},
)
def delete_athlete(
    athlete_id: Id,
    athletes: AthletesDep,
    principal: PrincipalDep,
    cascade: Annotated[bool, Query(description="Also delete the athlete's sessions")] = False,
) -> Response:
    require_staff(principal, "delete athletes")
    athletes.delete(athlete_id, cascade=cascade)
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
