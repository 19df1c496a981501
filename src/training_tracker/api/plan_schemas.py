"""Wire format of planned sessions (declared under domain names, camelCase on the wire)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Self

from pydantic import ConfigDict, Field, model_validator

from training_tracker.api.fields import (
    CalendarDate,
    JsonNumber,
    Name,
    Notes,
    Rpe,
    bounded,
    decimal_places,
)
from training_tracker.api.schemas import Distance, Duration, HeartRate, WireIn, WireOut
from training_tracker.domain.plans import MAX_PLANNED_LOAD, Actuals, PlanDetails
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


class PlanCompletionInput(WireIn):
    """What was really done; an absent (or null) field takes the plan's value."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {},
                {"duration": 55, "distance": 11.2, "rpe": 7, "avgHeartRate": 151},
            ]
        },
    )
    date: CalendarDate | None = Field(default=None, description="Default: the plan's date")
    duration: Duration | None = Field(default=None, description="Default: the planned minutes")
    distance: Distance | None = Field(default=None, description="Kilometres; default 0")
    sport: Sport | None = Field(default=None, description="Default: the plan's sport")
    rpe: Rpe | None = Field(default=None, description="Default: the planned RPE")
    avg_heart_rate: HeartRate | None = None
    max_heart_rate: HeartRate | None = None
    notes: Notes | None = Field(default=None, description="Default: the plan's title and notes")

    @model_validator(mode="after")
    def _average_within_max(self) -> Self:
        average, top = self.avg_heart_rate, self.max_heart_rate
        if average is not None and top is not None and average > top:
            raise ValueError("avgHeartRate must not be greater than maxHeartRate")
        return self

    def actuals(self) -> Actuals:
        return Actuals(**self.domain_values())


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
    session_id: str | None = Field(
        description="The training session logged when the plan was completed; null while open"
    )
    created_at: datetime
    updated_at: datetime


class PlannedSessionList(WireOut):
    start_date: date
    end_date: date
    data: list[PlannedSessionOut]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null after the last page"
    )
