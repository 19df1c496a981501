"""Daily wellness: what an athlete reports each morning, and their HRV and resting heart
rate against their own baseline.

Plain Python, no I/O. Scales, windows and sources are in docs/wellness.md.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

# The rolling mean compared with the baseline, and the baseline before it.
ROLLING_DAYS = 7
MIN_ROLLING_VALUES = 3
BASELINE_DAYS = 60
MIN_BASELINE_VALUES = 14
# The normal band: baseline mean ± this many standard deviations of the daily values.
BAND_SD = Decimal("0.5")
# Everything a trend needs before the first day asked for.
LOOKBACK_DAYS = BASELINE_DAYS + ROLLING_DAYS - 1


@dataclass(frozen=True, kw_only=True)
class WellnessDetails:
    """One morning's report. Scales are 1-5 (docs/wellness.md says which end is good)."""

    resting_heart_rate: Decimal | None = None  # bpm
    hrv: Decimal | None = None  # rMSSD, ms
    sleep_hours: Decimal | None = None
    sleep_quality: int | None = None  # 1 very poor .. 5 very good
    soreness: int | None = None  # 1 none .. 5 very sore
    fatigue: int | None = None  # 1 fresh .. 5 exhausted
    stress: int | None = None  # 1 relaxed .. 5 very stressed
    mood: int | None = None  # 1 very low .. 5 very good
    weight: Decimal | None = None  # kg
    notes: str | None = None


@dataclass(frozen=True, kw_only=True)
class Wellness(WellnessDetails):
    athlete_id: str
    date: date
    updated_at: datetime


class Flag(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"


@dataclass(frozen=True)
class Trend:
    """A 7-day rolling mean against the baseline band of the days before it."""

    rolling: float
    baseline_low: float
    baseline_high: float
    flag: Flag


def _trend(
    values: Mapping[date, float],
    day: date,
    to_model: Callable[[float], float],
    from_model: Callable[[float], float],
) -> Trend | None:
    recent = [
        to_model(values[d]) for i in range(ROLLING_DAYS) if (d := day - timedelta(days=i)) in values
    ]
    before = day - timedelta(days=ROLLING_DAYS)
    baseline = [
        to_model(values[d])
        for i in range(BASELINE_DAYS)
        if (d := before - timedelta(days=i)) in values
    ]
    if len(recent) < MIN_ROLLING_VALUES or len(baseline) < MIN_BASELINE_VALUES:
        return None
    rolling = statistics.fmean(recent)
    mean = statistics.fmean(baseline)
    half_band = float(BAND_SD) * statistics.stdev(baseline)
    low, high = mean - half_band, mean + half_band
    flag = Flag.LOW if rolling < low else Flag.HIGH if rolling > high else Flag.NORMAL
    return Trend(
        round(from_model(rolling), 2),
        round(from_model(low), 2),
        round(from_model(high), 2),
        flag,
    )


def hrv_trend(hrv: Mapping[date, Decimal], day: date) -> Trend | None:
    """HRV on `day`: the 7-day mean of ln(rMSSD) against the band of the 60 days before
    those 7, shown back in ms; None without 3 values in the week and 14 in the baseline."""
    values = {d: float(v) for d, v in hrv.items() if v > 0}
    return _trend(values, day, math.log, math.exp)


def resting_hr_trend(resting: Mapping[date, Decimal], day: date) -> Trend | None:
    """Resting heart rate on `day`, as `hrv_trend` but on bpm directly."""
    values = {d: float(v) for d, v in resting.items()}
    return _trend(values, day, float, float)
