"""Query parameters several routes take: their wire names, bounds and wording, once."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from training_tracker.api.schemas import IsoDate

StartDate = Annotated[IsoDate | None, Query(alias="startDate", description="Inclusive")]
EndDate = Annotated[IsoDate | None, Query(alias="endDate", description="Inclusive")]
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
    IsoDate | None, Query(alias="startDate", description="Inclusive; default endDate - 41 days")
]
LoadEndDate = Annotated[
    IsoDate | None, Query(alias="endDate", description="Inclusive; default today (UTC)")
]
BoardDate = Annotated[IsoDate | None, Query(alias="date", description="Default today (UTC)")]
Cascade = Annotated[bool, Query(description="Also delete the athlete's sessions")]
