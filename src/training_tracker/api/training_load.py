"""/v1/athletes/{id}/training-load and /v1/training-load (the coach's board)."""

from __future__ import annotations

from fastapi import APIRouter

from training_tracker.api.auth import PrincipalDep, athlete_filter, require_athlete
from training_tracker.api.deps import Id, TrainingLoadDep
from training_tracker.api.params import BoardDate, Limit, LoadEndDate, LoadStartDate, Offset
from training_tracker.api.responses import ATHLETE_NOT_FOUND, INVALID, INVALID_RANGE
from training_tracker.api.schemas import (
    BoardResponse,
    BoardRowOut,
    Pagination,
    TrainingLoadOut,
)

router = APIRouter(tags=["training load"])


@router.get(
    "/v1/athletes/{athlete_id}/training-load",
    response_model=TrainingLoadOut,
    responses={**ATHLETE_NOT_FOUND, **INVALID_RANGE},
)
def athlete_training_load(
    athlete_id: Id,
    service: TrainingLoadDep,
    principal: PrincipalDep,
    start_date: LoadStartDate = None,
    end_date: LoadEndDate = None,
) -> TrainingLoadOut:
    """One entry per day in the range (rest days included) with load, ATL, CTL, TSB, ACWR
    and ramp rate, computed from a fixed warm-up before the range (or a seeded start); days
    after today are projected through planned sessions. One entry per ISO week overlapping
    the range with sessions, load, monotony, strain and the planned load. See
    docs/training-load.md.

    Rules across parameters (422 INVALID_RANGE): startDate must not be after endDate, and
    the range, defaults included, is at most 1096 days."""
    require_athlete(principal, athlete_id)
    result = service.athlete_load(athlete_id, start_date, end_date)
    return TrainingLoadOut(
        athlete_id=result.athlete_id,
        start_date=result.start,
        end_date=result.end,
        days=result.load.days,
        weeks=result.load.weeks,
    )


@router.get("/v1/training-load", response_model=BoardResponse, responses=INVALID)
def board(
    service: TrainingLoadDep,
    principal: PrincipalDep,
    on: BoardDate = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> BoardResponse:
    """The coach's board: every athlete's ATL, CTL, TSB, ACWR and ramp rate on one date
    (a later date is projected through planned sessions), with their HRV and resting heart
    rate against their own baseline; sorted like the athletes list (an athlete token: its
    own row). The ACWR zone is a rule of thumb, not a diagnosis."""
    page = service.board(on, limit=limit, offset=offset, only=athlete_filter(principal, None))
    return BoardResponse(
        data=[
            BoardRowOut(
                athlete_id=row.athlete.id,
                name=row.athlete.name,
                atl=row.day.atl,
                ctl=row.day.ctl,
                tsb=row.day.tsb,
                acwr=row.day.acwr,
                acwr_zone=row.day.acwr_zone,
                ramp_rate=row.day.ramp_rate,
                projected=row.day.projected,
                hrv_flag=None if row.readiness.hrv is None else row.readiness.hrv.flag,
                resting_heart_rate_flag=None
                if row.readiness.resting_heart_rate is None
                else row.readiness.resting_heart_rate.flag,
            )
            for row in page.rows
        ],
        pagination=Pagination(
            total=page.total, limit=limit, offset=offset, has_more=offset + limit < page.total
        ),
    )
