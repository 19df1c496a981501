"""The v1 wire format. Field names, including the mixed naming, are part of the contract."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

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


def _iso_date(value: object) -> object:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("must be a date written as YYYY-MM-DD")
    return value


Name = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_no_control_characters)]
Quantity = Annotated[
    float, BeforeValidator(_json_number), Field(ge=0, le=MAX_QUANTITY, allow_inf_nan=False)
]
IsoDate = Annotated[date, BeforeValidator(_iso_date)]


def to_decimal(value: float) -> Decimal:
    """The shortest decimal that reads back as the same float: 45.5 stays 45.5."""
    return Decimal(repr(value))


class AthleteInput(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"name": "Ada Runner"}]})
    name: Name


class AthleteOut(BaseModel):
    id: str
    name: str

    @staticmethod
    def of(athlete: Athlete) -> AthleteOut:
        return AthleteOut(id=athlete.id, name=athlete.name)


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
                }
            ]
        }
    )
    athlete_id: str = Field(min_length=1, max_length=128)
    date: IsoDate
    duration: Quantity = Field(description="minutes")
    distance: Quantity = Field(description="kilometres")
    notes: str | None = Field(default=None, max_length=1000)

    def details(self) -> SessionDetails:
        return SessionDetails(
            athlete_id=self.athlete_id,
            date=self.date,
            duration=to_decimal(self.duration),
            distance=to_decimal(self.distance),
            notes=self.notes,
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
        )


class Pagination(BaseModel):
    total: int
    limit: int
    offset: int
    hasMore: bool  # noqa: N815


class TrainingSessionListResponse(BaseModel):
    data: list[TrainingSessionOut]
    pagination: Pagination


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


class ErrorOut(BaseModel):
    """Domain errors: `error`, `message` and extras such as `sessionCount`, again under `detail`."""

    model_config = ConfigDict(extra="allow")
    error: str
    message: str
    detail: dict[str, object]
