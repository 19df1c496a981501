"""Planned load and wellness trends, worked by hand (docs/planning.md, docs/wellness.md)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from training_tracker.domain.plans import PlanDetails, planned_load, planned_loads
from training_tracker.domain.session_load import Sport
from training_tracker.domain.wellness import (
    BASELINE_DAYS,
    Flag,
    Trend,
    hrv_trend,
    resting_hr_trend,
)

DAY = date(2024, 6, 30)


def plan(on: date, **fields: object) -> PlanDetails:
    return PlanDetails(date=on, duration=Decimal(fields.pop("duration", 60)), **fields)  # type: ignore[arg-type]


def test_planned_load_prefers_the_explicit_load_then_srpe() -> None:
    assert planned_load(plan(DAY, load=Decimal("87.5"), rpe=9)) == Decimal("87.50")
    # 45 min at planned RPE 6: 270
    assert planned_load(plan(DAY, duration=45, rpe=6, sport=Sport.RUN)) == Decimal("270.00")
    assert planned_load(plan(DAY, duration=45)) is None


def test_planned_loads_sum_per_day_and_skip_plans_without_load() -> None:
    plans = [
        plan(DAY, rpe=5),  # 300
        plan(DAY, load=Decimal(40)),  # 40
        plan(DAY + timedelta(days=1)),  # no load
        plan(DAY + timedelta(days=2), duration=30, rpe=4),  # 120
    ]
    assert planned_loads(plans) == {DAY: Decimal(340), DAY + timedelta(days=2): Decimal(120)}


def history(values: list[float], last: date) -> dict[date, Decimal]:
    """`values` on consecutive days ending `last`."""
    return {
        last - timedelta(days=len(values) - 1 - i): Decimal(str(v)) for i, v in enumerate(values)
    }


def test_resting_heart_rate_above_its_baseline_by_hand() -> None:
    # Baseline: the 60 days before the last 7, alternating 48 and 52: mean 50, sample
    # deviation √(60 · 4 / 59) = 2.0169, band 50 ± 0.5 · 2.0169 = [48.99, 51.01].
    week = DAY - timedelta(days=7)
    baseline = history([48, 52] * 30, week)
    high = resting_hr_trend({**baseline, **history([53] * 7, DAY)}, DAY)
    assert high == Trend(53.0, 48.99, 51.01, Flag.HIGH)
    usual = resting_hr_trend({**baseline, **history([50, 51, 49, 50, 50, 51, 49], DAY)}, DAY)
    assert usual == Trend(50.0, 48.99, 51.01, Flag.NORMAL)
    low = resting_hr_trend({**baseline, **history([47] * 7, DAY)}, DAY)
    assert low is not None
    assert low.flag is Flag.LOW


def test_hrv_is_compared_in_log_space_by_hand() -> None:
    # Baseline alternating 50 and 70 ms: mean ln = (ln 50 + ln 70) / 2, e^mean = √3500 =
    # 59.16 ms; sample deviation of ln 0.169656, band e^(mean ± 0.084828) = [54.35, 64.40].
    week = DAY - timedelta(days=7)
    baseline = history([50, 70] * 30, week)
    trend = hrv_trend({**baseline, **history([45] * 7, DAY)}, DAY)
    assert trend == Trend(45.0, 54.35, 64.4, Flag.LOW)
    # A week alternating 50 and 70 like the baseline: geometric mean between them, normal.
    same = hrv_trend({**baseline, **history([50, 70, 50, 70, 50, 70, 50], DAY)}, DAY)
    assert same is not None
    assert same.flag is Flag.NORMAL


def test_no_trend_without_enough_values() -> None:
    week = DAY - timedelta(days=7)
    # Two values in the week (3 needed).
    sparse = {
        **history([48, 52] * 30, week),
        DAY: Decimal(60),
        DAY - timedelta(days=3): Decimal(60),
    }
    assert resting_hr_trend(sparse, DAY) is None
    # Thirteen values in the baseline (14 needed).
    short = {**history([48, 52] * 6 + [50], week), **history([60] * 7, DAY)}
    assert resting_hr_trend(short, DAY) is None
    # Values older than the baseline window do not count.
    old = history([48, 52] * 30, week - timedelta(days=BASELINE_DAYS))
    assert resting_hr_trend({**old, **history([60] * 7, DAY)}, DAY) is None
