"""The v1 wire format. Field names, including the mixed naming, are part of the contract."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Self

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from training_tracker.domain.load import DayLoad, LoadMethod, Sex, Sport, WeekLoad
from training_tracker.domain.models import Athlete, SessionDetails, TrainingSession
from training_tracker.domain.statistics import Statistics

# Large enough for any real session, small enough that sums stay exact in DynamoDB numbers.
MAX_QUANTITY = 1_000_000


def _no_control_characters(value: str) -> str:
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise ValueError("must not contain control characters")
    if not value.strip():
        raise ValueError("must not be blank")
    return value


def _json_number(value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("must be a JSON number")
    return value


def _json_integer(value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("must be a whole JSON number such as 6")
    return value


def _iso_date(value: object) -> object:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("must be a date written as YYYY-MM-DD")
    return value


Name = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_no_control_characters)]
Quantity = Annotated[
    float, BeforeValidator(_json_number), Field(ge=0, le=MAX_QUANTITY, allow_inf_nan=False)
]
IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Rpe = Annotated[
    int,
    BeforeValidator(_json_integer),
    Field(ge=1, le=10, description="Session RPE on the CR-10 scale, 1-10"),
]
HeartRate = Annotated[
    float,
    BeforeValidator(_json_number),
    Field(ge=20, le=250, allow_inf_nan=False, description="beats per minute, 20-250"),
]


def to_decimal(value: float) -> Decimal:
    """The shortest decimal that reads back as the same float: 45.5 stays 45.5."""
    return Decimal(repr(value))


def _optional_decimal(value: float | None) -> Decimal | None:
    return None if value is None else to_decimal(value)


def _optional_float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


class AthleteInput(BaseModel):
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
    restingHeartRate: HeartRate | None = None  # noqa: N815
    maxHeartRate: HeartRate | None = None  # noqa: N815
    sex: Sex | None = Field(default=None, description="Chooses TRIMP's weighting")

    @model_validator(mode="after")
    def _resting_below_max(self) -> Self:
        rest, top = self.restingHeartRate, self.maxHeartRate
        if rest is not None and top is not None and rest >= top:
            raise ValueError("restingHeartRate must be lower than maxHeartRate")
        return self

    def profile(self) -> dict[str, Any]:
        """The fields this body sets, by domain attribute name (absent ones left out)."""
        values: dict[str, Any] = {
            "name": self.name,
            "resting_heart_rate": _optional_decimal(self.restingHeartRate),
            "max_heart_rate": _optional_decimal(self.maxHeartRate),
            "sex": self.sex,
        }
        sent = {_ATHLETE_ATTRIBUTES[f] for f in self.model_fields_set} | {"name"}
        return {k: v for k, v in values.items() if k in sent}


_ATHLETE_ATTRIBUTES = {
    "name": "name",
    "restingHeartRate": "resting_heart_rate",
    "maxHeartRate": "max_heart_rate",
    "sex": "sex",
}


class AthleteOut(BaseModel):
    id: str
    name: str
    restingHeartRate: float | None  # noqa: N815
    maxHeartRate: float | None  # noqa: N815
    sex: Sex | None

    @staticmethod
    def of(athlete: Athlete) -> AthleteOut:
        return AthleteOut(
            id=athlete.id,
            name=athlete.name,
            restingHeartRate=_optional_float(athlete.resting_heart_rate),
            maxHeartRate=_optional_float(athlete.max_heart_rate),
            sex=athlete.sex,
        )


class TrainingSessionInput(BaseModel):
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
    athlete_id: str = Field(min_length=1, max_length=128)
    date: IsoDate
    duration: Quantity = Field(description="minutes")
    distance: Quantity = Field(description="kilometres")
    notes: str | None = Field(default=None, max_length=1000)
    sport: Sport | None = None
    rpe: Rpe | None = None
    avgHeartRate: HeartRate | None = None  # noqa: N815
    maxHeartRate: HeartRate | None = None  # noqa: N815

    @model_validator(mode="after")
    def _average_within_max(self) -> Self:
        average, top = self.avgHeartRate, self.maxHeartRate
        if average is not None and top is not None and average > top:
            raise ValueError("avgHeartRate must not be greater than maxHeartRate")
        return self

    def details(self) -> SessionDetails:
        return SessionDetails(
            athlete_id=self.athlete_id,
            date=self.date,
            duration=to_decimal(self.duration),
            distance=to_decimal(self.distance),
            notes=self.notes,
            sport=self.sport,
            rpe=self.rpe,
            avg_heart_rate=_optional_decimal(self.avgHeartRate),
            max_heart_rate=_optional_decimal(self.maxHeartRate),
        )


class TrainingSessionOut(BaseModel):
    id: str
    athlete_id: str
    athlete_name: str
    date: date
    duration: float
    distance: float
    notes: str | None
    createdAt: datetime  # noqa: N815
    updatedAt: datetime  # noqa: N815
    sport: Sport | None
    rpe: int | None
    avgHeartRate: float | None  # noqa: N815
    maxHeartRate: float | None  # noqa: N815
    load: float | None = Field(description="Read-only: sRPE or TRIMP load, see loadMethod")
    loadMethod: LoadMethod | None  # noqa: N815

    @staticmethod
    def of(session: TrainingSession) -> TrainingSessionOut:
        return TrainingSessionOut(
            id=session.id,
            athlete_id=session.athlete_id,
            athlete_name=session.athlete_name,
            date=session.date,
            duration=float(session.duration),
            distance=float(session.distance),
            notes=session.notes,
            createdAt=session.created_at,
            updatedAt=session.updated_at,
            sport=session.sport,
            rpe=session.rpe,
            avgHeartRate=_optional_float(session.avg_heart_rate),
            maxHeartRate=_optional_float(session.max_heart_rate),
            load=_optional_float(session.load),
            loadMethod=session.load_method,
        )


class Pagination(BaseModel):
    total: int
    limit: int
    offset: int
    hasMore: bool  # noqa: N815


class SessionPagination(Pagination):
    nextCursor: str | None = Field(  # noqa: N815
        default=None,
        description="Opaque: pass as `cursor` (with the same athleteId, startDate, endDate "
        "and limit) for the next page; null on the last page",
    )


class TrainingSessionListResponse(BaseModel):
    data: list[TrainingSessionOut]
    pagination: SessionPagination


class StatisticsOut(BaseModel):
    totalSessions: int  # noqa: N815
    totalDuration: float  # noqa: N815
    totalDistance: float  # noqa: N815
    averageDuration: float  # noqa: N815
    averageDistance: float  # noqa: N815
    averagePace: float  # noqa: N815

    @staticmethod
    def of(stats: Statistics) -> StatisticsOut:
        return StatisticsOut(
            totalSessions=stats.total_sessions,
            totalDuration=stats.total_duration,
            totalDistance=stats.total_distance,
            averageDuration=stats.average_duration,
            averageDistance=stats.average_distance,
            averagePace=stats.average_pace,
        )


class DayLoadOut(BaseModel):
    date: date
    load: float
    atl: float
    ctl: float
    tsb: float
    acwr: float | None

    @staticmethod
    def of(day: DayLoad) -> DayLoadOut:
        return DayLoadOut(
            date=day.date, load=day.load, atl=day.atl, ctl=day.ctl, tsb=day.tsb, acwr=day.acwr
        )


class WeekLoadOut(BaseModel):
    weekStart: date  # noqa: N815
    sessions: int
    load: float
    monotony: float | None
    strain: float | None

    @staticmethod
    def of(week: WeekLoad) -> WeekLoadOut:
        return WeekLoadOut(
            weekStart=week.week_start,
            sessions=week.sessions,
            load=week.load,
            monotony=week.monotony,
            strain=week.strain,
        )


class TrainingLoadOut(BaseModel):
    athleteId: str  # noqa: N815
    startDate: date  # noqa: N815
    endDate: date  # noqa: N815
    days: list[DayLoadOut]
    weeks: list[WeekLoadOut]


class BoardRowOut(BaseModel):
    athleteId: str  # noqa: N815
    name: str
    atl: float
    ctl: float
    tsb: float
    acwr: float | None
    acwrZone: str | None = Field(  # noqa: N815
        description='"low" < 0.8 ≤ "optimal" ≤ 1.3 < "high" ≤ 1.5 < "very-high"; '
        "a rule of thumb, not a diagnosis"
    )


class BoardResponse(BaseModel):
    data: list[BoardRowOut]
    pagination: Pagination


class ErrorOut(BaseModel):
    """Domain errors: `error`, `message` and extras such as `sessionCount`, again under `detail`."""

    model_config = ConfigDict(extra="allow")
    error: str
    message: str
    detail: dict[str, object]
