"""Wire format of daily wellness (camelCase on the wire, snake_case in Python)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic.alias_generators import to_camel

from training_tracker.api.schemas import HeartRate, _json_integer, _json_number, to_decimal
from training_tracker.domain.wellness import Flag, Trend, Wellness, WellnessDetails
from training_tracker.services.wellness import WellnessDay


def _bounded(low: float, high: float, description: str) -> object:
    return Field(ge=low, le=high, allow_inf_nan=False, description=description)


Hrv = Annotated[float, BeforeValidator(_json_number), _bounded(1, 300, "rMSSD in ms, 1-300")]
SleepHours = Annotated[float, BeforeValidator(_json_number), _bounded(0, 24, "hours, 0-24")]
Weight = Annotated[float, BeforeValidator(_json_number), _bounded(20, 300, "kg, 20-300")]
Scale = Annotated[
    int, BeforeValidator(_json_integer), Field(ge=1, le=5, description="1-5, see docs/wellness.md")
]


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else to_decimal(value)


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


class _Camel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


class WellnessInput(_Camel):
    """One morning's report; every field optional, at least one given. Scales are 1-5:
    sleepQuality and mood 5 = very good; soreness, fatigue and stress 5 = worst."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        json_schema_extra={
            "examples": [
                {"restingHeartRate": 48, "hrv": 72, "sleepHours": 7.5, "sleepQuality": 4},
                {"soreness": 2, "fatigue": 3, "stress": 2, "mood": 4, "weight": 61.2},
            ]
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
    notes: str | None = Field(default=None, max_length=1000)

    @model_validator(mode="after")
    def _something(self) -> Self:
        if all(getattr(self, name) is None for name in type(self).model_fields):
            raise ValueError("give at least one wellness field")
        return self

    def details(self) -> WellnessDetails:
        return WellnessDetails(
            resting_heart_rate=_decimal(self.resting_heart_rate),
            hrv=_decimal(self.hrv),
            sleep_hours=_decimal(self.sleep_hours),
            sleep_quality=self.sleep_quality,
            soreness=self.soreness,
            fatigue=self.fatigue,
            stress=self.stress,
            mood=self.mood,
            weight=_decimal(self.weight),
            notes=self.notes,
        )


class WellnessOut(_Camel):
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

    @staticmethod
    def of(day: Wellness) -> WellnessOut:
        return WellnessOut(
            athlete_id=day.athlete_id,
            date=day.date,
            resting_heart_rate=_float(day.resting_heart_rate),
            hrv=_float(day.hrv),
            sleep_hours=_float(day.sleep_hours),
            sleep_quality=day.sleep_quality,
            soreness=day.soreness,
            fatigue=day.fatigue,
            stress=day.stress,
            mood=day.mood,
            weight=_float(day.weight),
            notes=day.notes,
            updated_at=day.updated_at,
        )


class TrendOut(_Camel):
    """The 7-day rolling mean against the band of the 60 days before it."""

    rolling: float
    baseline_low: float
    baseline_high: float
    flag: Flag = Field(description="low, normal or high against the athlete's own baseline")

    @staticmethod
    def of(trend: Trend | None) -> TrendOut | None:
        if trend is None:
            return None
        return TrendOut(
            rolling=trend.rolling,
            baseline_low=trend.baseline_low,
            baseline_high=trend.baseline_high,
            flag=trend.flag,
        )


class WellnessDayOut(WellnessOut):
    hrv_trend: TrendOut | None
    resting_heart_rate_trend: TrendOut | None

    @staticmethod
    def of_day(day: WellnessDay) -> WellnessDayOut:
        return WellnessDayOut(
            **WellnessOut.of(day.wellness).model_dump(),
            hrv_trend=TrendOut.of(day.hrv),
            resting_heart_rate_trend=TrendOut.of(day.resting_heart_rate),
        )


class WellnessList(_Camel):
    start_date: date
    end_date: date
    data: list[WellnessDayOut]
