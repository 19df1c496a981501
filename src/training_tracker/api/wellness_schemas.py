"""Wire format of daily wellness (declared under domain names, camelCase on the wire)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Self

from pydantic import ConfigDict, Field, model_validator

from training_tracker.api.fields import JsonInteger, JsonNumber, Notes
from training_tracker.api.schemas import HeartRate, WireIn, WireOut
from training_tracker.domain.wellness import Flag, WellnessDetails
from training_tracker.services.wellness import WellnessDay


def _bounded(low: float, high: float, description: str) -> object:
    return Field(ge=low, le=high, allow_inf_nan=False, description=description)


# The Field comes first, so its bounds are published as JSON Schema's minimum/maximum.
Hrv = Annotated[float, _bounded(1, 300, "rMSSD in ms, 1-300"), JsonNumber]
SleepHours = Annotated[float, _bounded(0, 24, "hours, 0-24"), JsonNumber]
Weight = Annotated[float, _bounded(20, 300, "kg, 20-300"), JsonNumber]
Scale = Annotated[int, Field(ge=1, le=5, description="1-5, see docs/wellness.md"), JsonInteger]


class WellnessInput(WireIn):
    """One morning's report; every field optional, at least one given. Scales are 1-5:
    sleepQuality and mood 5 = very good; soreness, fatigue and stress 5 = worst."""

    model_config = ConfigDict(
        json_schema_extra={
            "minProperties": 1,
            "examples": [
                {"restingHeartRate": 48, "hrv": 72, "sleepHours": 7.5, "sleepQuality": 4},
                {"soreness": 2, "fatigue": 3, "stress": 2, "mood": 4, "weight": 61.2},
            ],
        },
    )
    resting_heart_rate: HeartRate | None = None
    hrv: Hrv | None = None
    sleep_hours: SleepHours | None = None
    sleep_quality: Scale | None = None
    soreness: Scale | None = None
    fatigue: Scale | None = None
    stress: Scale | None = None
    mood: Scale | None = None
    weight: Weight | None = None
    notes: Notes | None = None

    @model_validator(mode="after")
    def _something(self) -> Self:
        if all(getattr(self, name) is None for name in type(self).model_fields):
            raise ValueError("give at least one wellness field")
        return self

    def details(self) -> WellnessDetails:
        return WellnessDetails(**self.domain_values())


class WellnessOut(WireOut):
    athlete_id: str
    date: date
    resting_heart_rate: float | None
    hrv: float | None
    sleep_hours: float | None
    sleep_quality: int | None
    soreness: int | None
    fatigue: int | None
    stress: int | None
    mood: int | None
    weight: float | None
    notes: str | None
    updated_at: datetime


class TrendOut(WireOut):
    """The 7-day rolling mean against the band of the 60 days before it."""

    rolling: float
    baseline_low: float
    baseline_high: float
    flag: Flag = Field(description="low, normal or high against the athlete's own baseline")


class WellnessDayOut(WellnessOut):
    hrv_trend: TrendOut | None
    resting_heart_rate_trend: TrendOut | None

    @staticmethod
    def of(day: WellnessDay) -> WellnessDayOut:
        return WellnessDayOut.model_validate(
            {
                **WellnessOut.model_validate(day.wellness).model_dump(by_alias=False),
                "hrv_trend": day.hrv,
                "resting_heart_rate_trend": day.resting_heart_rate,
            }
        )


class WellnessList(WireOut):
    start_date: date
    end_date: date
    data: list[WellnessDayOut]
