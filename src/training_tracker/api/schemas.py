"""The v1 wire format. Field names, including the mixed naming, are part of the contract.

A field is declared once, under its domain name; its wire name is the camelCase alias
(`resting_heart_rate` is `restingHeartRate`), except where v1 spells it in snake_case
(`athlete_id`, `athlete_name`), which says so with `Field(alias=...)`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.alias_generators import to_camel

from training_tracker.api.fields import (
    CalendarDate,
    JsonNumber,
    Name,
    Notes,
    Rpe,
    bounded,
    decimal_places,
    to_decimal,
)
from training_tracker.domain.load import LoadMethod, Sex, Sport
from training_tracker.domain.models import SessionDetails

# Large enough for any real session, small enough that sums stay exact in DynamoDB numbers.
MAX_QUANTITY = 1_000_000
# The Field comes first: constraints before a validator would be published as "ge"/"le"
# instead of JSON Schema's minimum/maximum.
Duration = Annotated[
    float,
    bounded(ge=0, le=MAX_QUANTITY, places=2, unit="minutes"),
    JsonNumber,
    decimal_places(2),
]
Distance = Annotated[
    float,
    bounded(ge=0, le=MAX_QUANTITY, places=3, unit="kilometres"),
    JsonNumber,
    decimal_places(3),
]
HeartRate = Annotated[
    float, bounded(ge=20, le=250, places=1, unit="beats per minute"), JsonNumber, decimal_places(1)
]


class WireIn(BaseModel):
    """A request body: read by wire name only (a snake_case `resting_heart_rate` is ignored,
    as in v1), dumped by wire name (idempotency fingerprints)."""

    model_config = ConfigDict(alias_generator=to_camel, serialize_by_alias=True)

    def domain_values(self, *, only_sent: bool = False) -> dict[str, Any]:
        """The fields by domain name, numbers as Decimal; `only_sent` leaves out absent ones."""
        values = self.model_dump(by_alias=False, exclude_unset=only_sent)
        return {k: to_decimal(v) if isinstance(v, float) else v for k, v in values.items()}


class WireOut(BaseModel):
    """A response body: built from a domain object's attributes, written by wire name."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        serialize_by_alias=True,
        from_attributes=True,
    )


class AthleteInput(WireIn):
    """On PUT, optional fields absent from the body keep their stored values; null clears."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"name": "Ada Runner"},
                {
                    "name": "Ada Runner",
                    "restingHeartRate": 52,
                    "maxHeartRate": 188,
                    "sex": "female",
                },
            ]
        }
    )
    name: Name
    resting_heart_rate: HeartRate | None = None
    max_heart_rate: HeartRate | None = None
    sex: Sex | None = Field(default=None, description="Chooses TRIMP's weighting")

    @model_validator(mode="after")
    def _resting_below_max(self) -> Self:
        rest, top = self.resting_heart_rate, self.max_heart_rate
        if rest is not None and top is not None and rest >= top:
            raise ValueError("restingHeartRate must be lower than maxHeartRate")
        return self

    def profile(self) -> dict[str, Any]:
        """The fields this body sets, by domain attribute name (absent ones left out)."""
        return self.domain_values(only_sent=True)


class AthleteOut(WireOut):
    id: str
    name: str
    resting_heart_rate: float | None
    max_heart_rate: float | None
    sex: Sex | None


class TrainingSessionInput(WireIn):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "athlete_id": "…",
                    "date": "2024-05-01",
                    "duration": 45.5,
                    "distance": 10.2,
                    "notes": "Tempo",
                    "sport": "run",
                    "rpe": 6,
                    "avgHeartRate": 152,
                    "maxHeartRate": 174,
                }
            ]
        }
    )
    athlete_id: str = Field(alias="athlete_id", min_length=1, max_length=128)
    date: CalendarDate
    duration: Duration
    distance: Distance
    notes: Notes | None = None
    sport: Sport | None = None
    rpe: Rpe | None = None
    avg_heart_rate: HeartRate | None = None
    max_heart_rate: HeartRate | None = None

    @model_validator(mode="after")
    def _average_within_max(self) -> Self:
        average, top = self.avg_heart_rate, self.max_heart_rate
        if average is not None and top is not None and average > top:
            raise ValueError("avgHeartRate must not be greater than maxHeartRate")
        return self

    def details(self) -> SessionDetails:
        return SessionDetails(**self.domain_values())


class TrainingSessionOut(WireOut):
    id: str
    athlete_id: str = Field(alias="athlete_id")
    athlete_name: str = Field(alias="athlete_name")
    date: date
    duration: float
    distance: float
    notes: str | None
    created_at: datetime
    updated_at: datetime
    sport: Sport | None
    rpe: int | None
    avg_heart_rate: float | None
    max_heart_rate: float | None
    load: float | None = Field(description="Read-only: sRPE or TRIMP load, see loadMethod")
    load_method: LoadMethod | None


class Pagination(WireOut):
    total: int
    limit: int
    offset: int
    has_more: bool


class SessionPagination(Pagination):
    next_cursor: str | None = Field(
        default=None,
        description="Opaque: pass as `cursor` (with the same athleteId, startDate, endDate "
        "and limit) for the next page; null on the last page",
    )


class TrainingSessionListResponse(WireOut):
    data: list[TrainingSessionOut]
    pagination: SessionPagination


class StatisticsOut(WireOut):
    total_sessions: int
    total_duration: float
    total_distance: float
    average_duration: float
    average_distance: float
    average_pace: float


class DayLoadOut(WireOut):
    date: date
    load: float
    atl: float
    ctl: float
    tsb: float
    acwr: float | None


class WeekLoadOut(WireOut):
    week_start: date
    sessions: int
    load: float
    monotony: float | None
    strain: float | None


class TrainingLoadOut(WireOut):
    athlete_id: str
    start_date: date
    end_date: date
    days: list[DayLoadOut]
    weeks: list[WeekLoadOut]


class BoardRowOut(WireOut):
    athlete_id: str
    name: str
    atl: float
    ctl: float
    tsb: float
    acwr: float | None
    acwr_zone: str | None = Field(
        description='"low" < 0.8 ≤ "optimal" ≤ 1.3 < "high" ≤ 1.5 < "very-high"; '
        "a rule of thumb, not a diagnosis"
    )


class BoardResponse(WireOut):
    data: list[BoardRowOut]
    pagination: Pagination


class ErrorOut(BaseModel):
    """Domain errors: `error`, `message` and extras such as `sessionCount`, again under `detail`."""

    model_config = ConfigDict(extra="allow")
    error: str
    message: str
    detail: dict[str, object]


class ValidationIssueOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str
    loc: list[str | int]
    msg: str


class ValidationErrorOut(BaseModel):
    """A request that does not fit the schema (v1: FastAPI's standard body)."""

    detail: list[ValidationIssueOut]


class PlainErrorOut(BaseModel):
    """Refused before any route ran, e.g. a body that is not UTF-8 JSON."""

    detail: str
