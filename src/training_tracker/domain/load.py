"""Training load: per-session load, fitness/fatigue/form, ACWR, monotony and strain.

Plain Python, no I/O. The formulas, their sources and the conventions are in
docs/training-load.md; this module is the reference implementation of that page.

Numbers that are stored (a session's load, a day's summed load) are Decimal with two
decimals, so sums of them are exact. Everything derived from them (ATL, CTL, TSB, ACWR,
monotony, strain) is computed in 28-significant-digit decimal arithmetic from the first day
of the athlete's history and rounded only when it is returned, as a float with two decimals
(what the v1 responses carry).

The inputs are per-day totals (`LoadTotals`: how many sessions and their summed load), so a
caller can feed them straight from day aggregate items without reading individual sessions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, localcontext
from enum import StrEnum


class Sport(StrEnum):
    RUN = "run"
    RIDE = "ride"
    SWIM = "swim"
    ROW = "row"
    WALK = "walk"
    HIKE = "hike"
    SKI = "ski"
    STRENGTH = "strength"
    OTHER = "other"


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


class LoadMethod(StrEnum):
    SRPE = "srpe"
    TRIMP = "trimp"


# Time constants (days) of the performance-management model and spans of the EWMA ACWR.
ATL_DAYS = 7
CTL_DAYS = 42
ACUTE_SPAN = 7
CHRONIC_SPAN = 28

# Banister's weighting exponent per sex; the male value is also used when sex is unknown.
TRIMP_K: Mapping[Sex | None, Decimal] = {
    Sex.MALE: Decimal("1.92"),
    Sex.FEMALE: Decimal("1.67"),
    None: Decimal("1.92"),
}
TRIMP_FACTOR = Decimal("0.64")

# All derived arithmetic runs in this context, whatever the caller's global decimal context.
_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)
_CENT = Decimal("0.01")
# Before the final half-up rounding to cents, values are first rounded to 1e-12. That
# absorbs the last-digit noise of 28-digit arithmetic, so a value that is exactly half a cent
# in real arithmetic (e.g. the first day's ACWR, 29/8 = 3.625) rounds up as it should.
_SETTLE = Decimal("1e-12")

with localcontext(_CONTEXT):
    _ATL_ALPHA = 1 - (Decimal(-1) / ATL_DAYS).exp()
    _CTL_ALPHA = 1 - (Decimal(-1) / CTL_DAYS).exp()


def _cents(value: Decimal) -> Decimal:
    with localcontext(_CONTEXT):
        return value.quantize(_SETTLE).quantize(_CENT, rounding=ROUND_HALF_UP)


def _out(value: Decimal) -> float:
    return float(_cents(value))


# --- one session ---------------------------------------------------------------------------


def session_load(
    *,
    duration_minutes: Decimal | int,
    rpe: int | None,
    avg_heart_rate: Decimal | int | None,
    resting_heart_rate: Decimal | int | None,
    max_heart_rate: Decimal | int | None,
    sex: Sex | None,
) -> tuple[Decimal | None, LoadMethod | None]:
    """A session's load and how it was computed, as `(load, method)`.

    - `rpe` given: session-RPE (Foster), `rpe * duration_minutes`, method "srpe".
    - else, when the session's average heart rate and the athlete's resting and maximum heart
      rates are all known and max > rest: Banister's TRIMP,
      `minutes * HRr * 0.64 * e^(k·HRr)` with HRr = (avg - rest)/(max - rest) clamped to [0, 1]
      and k = 1.92 (male, or sex unknown) / 1.67 (female), method "trimp".
    - else `(None, None)`; such a session counts as load 0 in the daily totals.

    The load is a Decimal rounded half-up to 2 decimals. Ranges (rpe 1-10, heart rates
    20-250, duration ≥ 0) are the caller's to validate.
    """
    minutes = Decimal(duration_minutes)
    if rpe is not None:
        return _cents(Decimal(rpe) * minutes), LoadMethod.SRPE
    if (
        avg_heart_rate is None
        or resting_heart_rate is None
        or max_heart_rate is None
        or max_heart_rate <= resting_heart_rate
    ):
        return None, None
    with localcontext(_CONTEXT):
        rest = Decimal(resting_heart_rate)
        reserve = (Decimal(avg_heart_rate) - rest) / (Decimal(max_heart_rate) - rest)
        reserve = min(max(reserve, Decimal(0)), Decimal(1))
        trimp = minutes * reserve * TRIMP_FACTOR * (TRIMP_K[sex] * reserve).exp()
    return _cents(trimp), LoadMethod.TRIMP


# --- per-day input ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadTotals:
    """One day's (or any period's) sessions: how many, and the sum of their loads.

    A session whose load is None counts here with load 0, so `sessions` still counts it.
    """

    sessions: int = 0
    load: Decimal = Decimal(0)

    def __add__(self, other: LoadTotals) -> LoadTotals:
        return LoadTotals(self.sessions + other.sessions, self.load + other.load)

    def __neg__(self) -> LoadTotals:
        return LoadTotals(-self.sessions, -self.load)

    @staticmethod
    def of(load: Decimal | None) -> LoadTotals:
        """What one session adds to its day."""
        return LoadTotals(1, Decimal(0) if load is None else load)


# --- daily series --------------------------------------------------------------------------


@dataclass(frozen=True)
class DayLoad:
    """One calendar day: its summed load and the model's values that day (2 decimals)."""

    date: date
    load: float
    atl: float
    ctl: float
    tsb: float
    acwr: float | None


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def daily_series(
    loads: Mapping[date, Decimal],
    *,
    start: date,
    end: date,
    first_day: date | None = None,
) -> list[DayLoad]:
    """One `DayLoad` per calendar day in [start, end], rest days included with load 0.

    `loads` maps a date to that day's summed session load; only days with sessions need be
    present, and it must hold the athlete's whole history up to `end` (days after `end` are
    ignored). `first_day` is the first day of the athlete's history (their first session),
    if the caller knows it; a day in `loads` before it is a ValueError.

    For each day t, with L_t its load (0 when absent):
      atl_t = atl_{t-1} + (L_t - atl_{t-1})·(1 - e^(-1/7))
      ctl_t = ctl_{t-1} + (L_t - ctl_{t-1})·(1 - e^(-1/42))
      tsb_t = ctl_{t-1} - atl_{t-1}                 (yesterday's fitness - yesterday's fatigue)
      acute_t = λa·L_t + (1 - λa)·acute_{t-1},  λa = 2/(7+1)
      chronic_t = λc·L_t + (1 - λc)·chronic_{t-1}, λc = 2/(28+1)
      acwr_t = acute_t / chronic_t, None while chronic_t is 0
    with every state 0 the day before the first day of history. A day's values therefore do
    not depend on `start`: the recurrence always runs from the first day of history (and
    before it every value is exactly 0, acwr None). Values are rounded only on output, so a
    day's tsb can differ by 0.01 from the previous row's rounded ctl - atl.

    Cost: O(days from the earliest of first day of history and `start`, to `end`).
    """
    if start > end:
        raise ValueError(f"start {start} is after end {end}")
    history = [day for day in loads if day <= end]
    if first_day is not None and any(day < first_day for day in history):
        raise ValueError(f"loads hold days before the first day of history {first_day}")
    begin = min([start, *history])
    zero = Decimal(0)
    atl = ctl = acute = chronic = zero
    series: list[DayLoad] = []
    with localcontext(_CONTEXT):
        lambda_a = Decimal(2) / (ACUTE_SPAN + 1)
        lambda_c = Decimal(2) / (CHRONIC_SPAN + 1)
        for day in _days(begin, end):
            load = Decimal(loads.get(day, zero))
            tsb = ctl - atl
            atl += (load - atl) * _ATL_ALPHA
            ctl += (load - ctl) * _CTL_ALPHA
            acute = lambda_a * load + (1 - lambda_a) * acute
            chronic = lambda_c * load + (1 - lambda_c) * chronic
            if day < start:
                continue
            series.append(
                DayLoad(
                    date=day,
                    load=_out(load),
                    atl=_out(atl),
                    ctl=_out(ctl),
                    tsb=_out(tsb),
                    acwr=None if chronic == 0 else _out(acute / chronic),
                )
            )
    return series


# --- weekly rows ---------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekLoad:
    """One ISO week (Monday to Sunday): sessions, summed load, monotony and strain."""

    week_start: date
    sessions: int
    load: float
    monotony: float | None
    strain: float | None


def week_start(day: date) -> date:
    """The Monday of `day`'s ISO week."""
    return day - timedelta(days=day.weekday())


def weeks_end(end: date) -> date:
    """The Sunday of `end`'s ISO week: how far `weekly_rows` reads its input."""
    return week_start(end) + timedelta(days=6)


def weekly_rows(totals: Mapping[date, LoadTotals], *, start: date, end: date) -> list[WeekLoad]:
    """One `WeekLoad` per ISO week (Monday start) that overlaps [start, end], in order.

    A week always uses all 7 of its days, even when the range cuts it: the first week may
    start before `start` and the last may end after `end` (up to `weeks_end(end)`), so
    `totals` must cover [week_start(start), weeks_end(end)]; days missing from it are rest
    days (0 sessions, load 0).

      sessions = number of sessions in the week; load = sum of the 7 daily loads
      monotony = mean of the 7 daily loads / their population standard deviation,
                 None when the deviation is 0 (every day the same, e.g. an empty week)
      strain   = weekly load * monotony (unrounded monotony), None when monotony is None
    """
    if start > end:
        raise ValueError(f"start {start} is after end {end}")
    rows: list[WeekLoad] = []
    monday = week_start(start)
    with localcontext(_CONTEXT):
        while monday <= end:
            week = [totals.get(monday + timedelta(days=i), LoadTotals()) for i in range(7)]
            loads = [Decimal(day.load) for day in week]
            total = sum(loads, Decimal(0))
            mean = total / 7
            deviation = (sum(((x - mean) ** 2 for x in loads), Decimal(0)) / 7).sqrt()
            monotony = None if deviation == 0 else mean / deviation
            rows.append(
                WeekLoad(
                    week_start=monday,
                    sessions=sum(day.sessions for day in week),
                    load=_out(total),
                    monotony=None if monotony is None else _out(monotony),
                    strain=None if monotony is None else _out(total * monotony),
                )
            )
            monday += timedelta(days=7)
    return rows


# --- both, and the board's zone ------------------------------------------------------------


@dataclass(frozen=True)
class TrainingLoad:
    days: list[DayLoad]
    weeks: list[WeekLoad]


def training_load(
    totals: Mapping[date, LoadTotals],
    *,
    start: date,
    end: date,
    first_day: date | None = None,
) -> TrainingLoad:
    """`daily_series` and `weekly_rows` from the same per-day totals.

    `totals` must hold every day with sessions from the first day of history to
    `weeks_end(end)`.
    """
    loads = {day: day_totals.load for day, day_totals in totals.items()}
    return TrainingLoad(
        days=daily_series(loads, start=start, end=end, first_day=first_day),
        weeks=weekly_rows(totals, start=start, end=end),
    )


def acwr_zone(acwr: float | Decimal | None) -> str | None:
    """The rule-of-thumb band of an ACWR: "low" < 0.8 ≤ "optimal" ≤ 1.3 < "high" ≤ 1.5 <
    "very-high"; None when there is no ACWR. Pass the rounded value that is shown, so the
    zone agrees with the number next to it. A heuristic, not a diagnosis.
    """
    if acwr is None:
        return None
    value = Decimal(str(acwr)) if isinstance(acwr, float) else acwr
    if value < Decimal("0.8"):
        return "low"
    if value <= Decimal("1.3"):
        return "optimal"
    if value <= Decimal("1.5"):
        return "high"
    return "very-high"
