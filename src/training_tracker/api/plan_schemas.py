"""Wire format of planned sessions (camelCase on the wire, snake_case in Python)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.alias_generators import to_camel

from training_tracker.api.schemas import (
    IsoDate,
    Rpe,
    _json_number,
    _no_control_characters,
    to_decimal,
)
from training_tracker.domain.plans import (
    MAX_PLANNED_LOAD,
    PlanDetails,
    PlannedSession,
    planned_load,
)
from training_tracker.domain.session_load import MAX_SESSION_MINUTES, Sport

Minutes = Annotated[
    float,
    BeforeValidator(_json_number),
    Field(ge=0, le=MAX_SESSION_MINUTES, allow_inf_nan=False, description="planned minutes"),
]
PlannedLoad = Annotated[
    float,
    BeforeValidator(_json_number),
    Field(ge=0, le=float(MAX_PLANNED_LOAD), allow_inf_nan=False),
]
Title = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_no_control_characters)]


class _Camel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


class PlannedSessionInput(_Camel):
    """A planned session: date and planned minutes, and a planned RPE or a planned load."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        json_schema_extra={
            "examples": [
                {"date": "2024-06-03", "sport": "run", "duration": 60, "rpe": 6, "title": "Tempo"},
                {"date": "2024-06-05", "sport": "ride", "duration": 120, "load": 150},
            ]
        },
    )
    date: IsoDate
    duration: Minutes
    sport: Sport | None = None
    rpe: Rpe | None = Field(default=None, description="Planned session RPE (CR-10)")
    load: PlannedLoad | None = Field(
        default=None, description="Planned load; wins over rpe x duration when both are given"
    )
    title: Title | None = None
    notes: str | None = Field(default=None, max_length=1000)

    def details(self) -> PlanDetails:
        return PlanDetails(
            date=self.date,
            duration=to_decimal(self.duration),
            sport=self.sport,
            rpe=self.rpe,
            load=None if self.load is None else to_decimal(self.load),
            title=self.title,
            notes=self.notes,
        )


class PlannedSessionOut(_Camel):
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

    @staticmethod
    def of(plan: PlannedSession) -> PlannedSessionOut:
        load = planned_load(plan)
        return PlannedSessionOut(
            id=plan.id,
            athlete_id=plan.athlete_id,
            date=plan.date,
            duration=float(plan.duration),
            sport=plan.sport,
            rpe=plan.rpe,
            load=None if plan.load is None else float(plan.load),
            planned_load=None if load is None else float(load),
            title=plan.title,
            notes=plan.notes,
            created_at=plan.created_at,
            updated_at=plan.updated_at,
        )


class PlannedSessionList(_Camel):
    start_date: date
    end_date: date
    data: list[PlannedSessionOut]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null after the last page"
    )
