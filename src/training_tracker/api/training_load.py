"""/v1/athletes/{id}/training-load and /v1/training-load (the coach's board)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from training_tracker.api.auth import PrincipalDep, athlete_filter, require_athlete
from training_tracker.api.deps import CursorsDep, Id, TrainingLoadDep
from training_tracker.api.params import (
    BoardDate,
    Cursor,
    Limit,
    LoadEndDate,
    LoadStartDate,
    Offset,
)
from training_tracker.api.read_routes import read_route
from training_tracker.api.responses import (
    ATHLETE_NOT_FOUND,
    INVALID,
    INVALID_CURSOR,
    INVALID_RANGE,
    Responses,
)
from training_tracker.api.schemas import (
    BoardResponse,
    BoardRowOut,
    Pagination,
    TrainingLoadOut,
)
from training_tracker.errors import InvalidCursorError

router = APIRouter(tags=["training load"])


@router.get(
    "/v1/athletes/{athlete_id}/training-load",
    response_model=TrainingLoadOut,
    responses={**ATHLETE_NOT_FOUND, **INVALID_RANGE},
)
@read_route
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


BOARD_NEXT_PAGE: Responses = {
    200: {
        "description": "One page of the board",
        "headers": {
            "Link": {
                "description": 'When more rows follow: `<url of the next page>; rel="next"`, '
                "its `cursor` parameter opaque; that page reads only its own athletes",
                "schema": {"type": "string"},
            }
        },
    }
}


@router.get(
    "/v1/training-load",
    response_model=BoardResponse,
    responses={**BOARD_NEXT_PAGE, **INVALID, **INVALID_CURSOR},
)
@read_route
def board(
    request: Request,
    response: Response,
    service: TrainingLoadDep,
    principal: PrincipalDep,
    signer: CursorsDep,
    on: BoardDate = None,
    limit: Limit = 50,
    offset: Offset = 0,
    cursor: Cursor = None,
) -> BoardResponse:
    """The coach's board: every athlete's ATL, CTL, TSB, ACWR and ramp rate on one date
    (a later date is projected through planned sessions), with their HRV and resting heart
    rate against their own baseline; sorted like the athletes list (an athlete token: its
    own row). The ACWR zone is a rule of thumb, not a diagnosis.

    A page reads its own athletes (and those `offset` skips) and the athletes count, never
    every athlete. Page with `offset` (v1) or with `cursor` (from the `Link` header of the
    previous page), which reads only the page's athletes however deep. Rules across
    parameters: `cursor`
    is only valid with the date and limit it was issued for, and not together with a
    non-zero `offset` (else 400 INVALID_CURSOR)."""
    query: list[Any] = ["board", on and on.isoformat(), limit, principal.token_id]
    after = None
    if cursor is not None:
        if offset:
            raise InvalidCursorError("pass either cursor or offset, not both")
        fields = signer.open(cursor, query, keep="date and limit")
        try:
            after, offset = (str(fields["n"]), str(fields["i"])), int(fields["o"])
        except (KeyError, TypeError, ValueError) as error:
            raise InvalidCursorError("cursor is malformed") from error
    page = service.board(
        on, limit=limit, offset=offset, only=athlete_filter(principal, None), after=after
    )
    if page.more and page.rows:
        last = page.rows[-1].athlete
        position = {"n": last.name, "i": last.id, "o": offset + len(page.rows)}
        following = request.url.remove_query_params("offset").include_query_params(
            limit=limit, cursor=signer.seal(position, query)
        )
        response.headers["Link"] = f'<{following.path}?{following.query}>; rel="next"'
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
        pagination=Pagination(total=page.total, limit=limit, offset=offset, has_more=page.more),
    )
