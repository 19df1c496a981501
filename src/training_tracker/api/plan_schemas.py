"""Wire format of planned sessions (declared under domain names, camelCase on the wire)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import ConfigDict, Field

from training_tracker.api.fields import (
    CalendarDate,
    JsonNumber,
    Name,
    Notes,
    Rpe,
    bounded,
    decimal_places,
)
from training_tracker.api.schemas import WireIn, WireOut
from training_tracker.domain.plans import MAX_PLANNED_LOAD, PlanDetails
from training_tracker.domain.session_load import MAX_SESSION_MINUTES, Sport

Minutes = Annotated[
    float,
    bounded(ge=0, le=MAX_SESSION_MINUTES, places=2, unit="planned minutes"),
    JsonNumber,
    decimal_places(2),
]
PlannedLoad = Annotated[
    float,
    bounded(ge=0, le=float(MAX_PLANNED_LOAD), places=2, unit="load units"),
    JsonNumber,
    decimal_places(2),
]


class PlannedSessionInput(WireIn):
    """A planned session: date and planned minutes, and a planned RPE or a planned load."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"date": "2024-06-03", "sport": "run", "duration": 60, "rpe": 6, "title": "Tempo"},
                {"date": "2024-06-05", "sport": "ride", "duration": 120, "load": 150},
            ]
        },
    )
    date: CalendarDate
    duration: Minutes
    sport: Sport | None = None
    rpe: Rpe | None = Field(default=None, description="Planned session RPE (CR-10)")
    load: PlannedLoad | None = Field(
        default=None, description="Planned load; wins over rpe x duration when both are given"
    )
    title: Name | None = None
    notes: Notes | None = None

    def details(self) -> PlanDetails:
        return PlanDetails(**self.domain_values())


class PlannedSessionOut(WireOut):
    id: str
    athlete_id: str
    date: date
    duration: float
    sport: Sport | None
    rpe: int | None
    load: float | None
    planned_load: float | None = Field(
        description="What the projection counts: load, else rpe x duration, else null"
    )
    title: str | None
    notes: str | None
    created_at: datetime
    updated_at: datetime


class PlannedSessionList(WireOut):
    start_date: date
    end_date: date
    data: list[PlannedSessionOut]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null after the last page"
    )
