"""/v1/athletes/{id}/training-load and /v1/training-load (the coach's board)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query

from training_tracker.api.auth import PrincipalDep, athlete_filter, require_athlete
from training_tracker.api.deps import Id, TrainingLoadDep
from training_tracker.api.schemas import (
    BoardResponse,
    BoardRowOut,
    DayLoadOut,
    ErrorOut,
    Pagination,
    TrainingLoadOut,
    WeekLoadOut,
)

router = APIRouter(tags=["training load"])
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "Athlete not found"},
    422: {"description": "Invalid parameter, or INVALID_RANGE (start after end, over 3 years)"},
}


@router.get(
    "/v1/athletes/{athlete_id}/training-load", response_model=TrainingLoadOut, responses=ERRORS
)
def athlete_training_load(
    athlete_id: Id,
    service: TrainingLoadDep,
    principal: PrincipalDep,
    start_date: Annotated[
        date | None, Query(alias="startDate", description="Inclusive; default endDate - 41 days")
    ] = None,
    end_date: Annotated[
        date | None, Query(alias="endDate", description="Inclusive; default today (UTC)")
    ] = None,
) -> TrainingLoadOut:
    """One entry per day in the range (rest days included) with load, ATL, CTL, TSB and
    ACWR, computed from the athlete's whole history; one entry per ISO week overlapping the
    range with sessions, load, monotony and strain. See docs/training-load.md."""
    require_athlete(principal, athlete_id)
    result = service.athlete_load(athlete_id, start_date, end_date)
    return TrainingLoadOut(
        athleteId=result.athlete_id,
        startDate=result.start,
        endDate=result.end,
        days=[DayLoadOut.of(d) for d in result.load.days],
        weeks=[WeekLoadOut.of(w) for w in result.load.weeks],
    )


@router.get("/v1/training-load", response_model=BoardResponse)
def board(
    service: TrainingLoadDep,
    principal: PrincipalDep,
    on: Annotated[date | None, Query(alias="date", description="Default today (UTC)")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
) -> BoardResponse:
    """The coach's board: every athlete's ATL, CTL, TSB and ACWR on one date, sorted like
    the athletes list (an athlete token: its own row). The ACWR zone is a rule of thumb,
    not a diagnosis."""
    page = service.board(on, limit=limit, offset=offset, only=athlete_filter(principal, None))
    return BoardResponse(
        data=[
            BoardRowOut(
                athleteId=row.athlete.id,
                name=row.athlete.name,
                atl=row.day.atl,
                ctl=row.day.ctl,
                tsb=row.day.tsb,
                acwr=row.day.acwr,
                acwrZone=row.zone,
            )
            for row in page.rows
        ],
        pagination=Pagination(
            total=page.total, limit=limit, offset=offset, hasMore=offset + limit < page.total
        ),
    )
