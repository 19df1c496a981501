"""Query parameters several routes take: their wire names, bounds and wording, once."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Query
from pydantic import BeforeValidator

from training_tracker.api.fields import CALENDAR, DATE_SCHEMA, parse_date


def _date_query(alias: str, description: str) -> object:
    return Query(
        alias=alias,
        description=f"{description}; YYYY-MM-DD, {CALENDAR}",
        json_schema_extra=DATE_SCHEMA,
    )


# Strictly YYYY-MM-DD in the calendar (not a timestamp such as 0): 422 INVALID_DATE otherwise.
QueryDate = BeforeValidator(parse_date)
StartDate = Annotated[date | None, QueryDate, _date_query("startDate", "Inclusive")]
EndDate = Annotated[date | None, QueryDate, _date_query("endDate", "Inclusive")]
AthleteIdFilter = Annotated[str | None, Query(alias="athleteId", max_length=128)]
Limit = Annotated[int, Query(ge=1, le=100)]
Offset = Annotated[int, Query(ge=0, le=1_000_000_000)]
Cursor = Annotated[
    str | None,
    Query(
        max_length=2048,
        description="pagination.nextCursor of the previous page (instead of offset)",
    ),
]
LoadStartDate = Annotated[
    date | None, QueryDate, _date_query("startDate", "Inclusive; default endDate - 41 days")
]
LoadEndDate = Annotated[
    date | None, QueryDate, _date_query("endDate", "Inclusive; default today (UTC)")
]
BoardDate = Annotated[date | None, QueryDate, _date_query("date", "Default today (UTC)")]
Cascade = Annotated[bool, Query(description="Also delete the athlete's sessions")]
