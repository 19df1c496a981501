"""/v1/athletes/{id}/wellness: daily wellness reports and their trends (docs/wellness.md)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from training_tracker.api.auth import PrincipalDep, require_athlete
from training_tracker.api.deps import Id, WellnessDep
from training_tracker.api.fields import CALENDAR, DATE_SCHEMA
from training_tracker.api.params import QueryDate, date_query
from training_tracker.api.read_routes import read_route
from training_tracker.api.responses import (
    BODY,
    CONFLICT,
    INVALID_YEAR_RANGE,
    WELLNESS_NOT_FOUND,
)
from training_tracker.api.wellness_schemas import (
    WellnessDayOut,
    WellnessInput,
    WellnessList,
    WellnessOut,
)

router = APIRouter(prefix="/v1/athletes/{athlete_id}/wellness", tags=["wellness"])
Day = Annotated[
    date,
    Path(description=f"The day reported, YYYY-MM-DD, {CALENDAR}", json_schema_extra=DATE_SCHEMA),
    QueryDate,
]


@router.get(
    "",
    response_model=WellnessList,
    responses={**WELLNESS_NOT_FOUND, **INVALID_YEAR_RANGE},
)
@read_route
def list_wellness(
    athlete_id: Id,
    wellness: WellnessDep,
    principal: PrincipalDep,
    start_date: Annotated[
        date | None, QueryDate, date_query("startDate", "Inclusive; default endDate - 27 days")
    ] = None,
    end_date: Annotated[
        date | None, QueryDate, date_query("endDate", "Inclusive; default today (UTC)")
    ] = None,
) -> WellnessList:
    """The reported days in the range, oldest first, each with its HRV and resting heart
    rate trends against the athlete's baseline (null without enough history). Reads the
    range and the 66 days before it."""
    require_athlete(principal, athlete_id)
    first, last, days = wellness.list(athlete_id, start_date, end_date)
    return WellnessList(start_date=first, end_date=last, data=[WellnessDayOut.of(d) for d in days])


@router.get("/{day}", response_model=WellnessOut, responses=WELLNESS_NOT_FOUND)
@read_route
def get_wellness(
    athlete_id: Id, day: Day, wellness: WellnessDep, principal: PrincipalDep
) -> WellnessOut:
    require_athlete(principal, athlete_id)
    return WellnessOut.model_validate(wellness.get(athlete_id, day))


@router.put(
    "/{day}",
    response_model=WellnessOut,
    responses={**WELLNESS_NOT_FOUND, **CONFLICT, **BODY},
)
def put_wellness(
    athlete_id: Id,
    day: Day,
    body: WellnessInput,
    wellness: WellnessDep,
    principal: PrincipalDep,
) -> WellnessOut:
    """Records the day's report, replacing any earlier one for that day (absent fields
    become null).

    Rule across fields (422): give at least one wellness field with a value."""
    require_athlete(principal, athlete_id)
    return WellnessOut.model_validate(wellness.put(athlete_id, day, body.details()))


@router.delete(
    "/{day}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=WELLNESS_NOT_FOUND,
)
def delete_wellness(
    athlete_id: Id, day: Day, wellness: WellnessDep, principal: PrincipalDep
) -> Response:
    require_athlete(principal, athlete_id)
    wellness.delete(athlete_id, day)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
