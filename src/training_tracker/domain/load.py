"""Training load over days and weeks: fitness/fatigue/form, ACWR, ramp rate, monotony and
strain, from per-day totals; projections through planned loads.

Plain Python, no I/O. The formulas, their sources and the conventions are in
docs/training-load.md; this module and `session_load` are the reference implementation of
that page.

Numbers that are stored (a session's load, a day's summed load) are Decimal with two
decimals, so sums of them are exact. Everything derived from them (ATL, CTL, TSB, ACWR,
ramp, monotony, strain) is computed in 28-significant-digit decimal arithmetic from the first
day of the athlete's history (or their seed) and rounded only when it is returned, as a float
with two decimals (what the v1 responses carry).

The inputs are per-day totals (`LoadTotals`: how many sessions and their summed load), so a
caller can feed them straight from day aggregate items without reading individual sessions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, localcontext

from training_tracker.domain.session_load import (
    LOAD_CONTEXT,
    MAX_SESSION_MINUTES,
    TRIMP_WEIGHTING,
    LoadMethod,
    Sex,
    Sport,
    TrimpWeighting,
    cents_float,
    session_load,
)

__all__ = [
    "ACUTE_SPAN",
    "ACWR_HISTORY_DAYS",
    "ATL_DAYS",
    "BUILDING_ZONE",
    "CHRONIC_SPAN",
    "CTL_DAYS",
    "MAX_SESSION_MINUTES",
    "MONOTONY_CEILING",
    "RAMP_DAYS",
    "TRIMP_WEIGHTING",
    "DayLoad",
    "LoadMethod",
    "LoadSeed",
    "LoadTotals",
    "Sex",
    "Sport",
    "TrainingLoad",
    "TrimpWeighting",
    "WeekLoad",
    "acwr_zone",
    "daily_series",
    "session_load",
    "training_load",
    "week_start",
    "weekly_rows",
    "weeks_end",
]

# Time constants (days) of the performance-management model and spans of the EWMA ACWR.
ATL_DAYS = 7
CTL_DAYS = 42
ACUTE_SPAN = 7
CHRONIC_SPAN = 28
# Days of history before an ACWR gets a risk zone (one chronic span); until then "building".
ACWR_HISTORY_DAYS = CHRONIC_SPAN
BUILDING_ZONE = "building"
# The ramp rate is today's CTL minus the CTL this many days earlier.
RAMP_DAYS = 7
# Monotony is reported up to this ceiling; a week of identical non-zero days gets it.
MONOTONY_CEILING = Decimal(10)

with localcontext(LOAD_CONTEXT):
    _ATL_ALPHA = 1 - (Decimal(-1) / ATL_DAYS).exp()
    _CTL_ALPHA = 1 - (Decimal(-1) / CTL_DAYS).exp()
    _ACUTE_LAMBDA = Decimal(2) / (ACUTE_SPAN + 1)
    _CHRONIC_LAMBDA = Decimal(2) / (CHRONIC_SPAN + 1)


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
class LoadSeed:
    """The fitness (CTL) and fatigue (ATL) an athlete starts `on` with, before that day's
    training: for someone whose earlier training was never logged. From `on`, the seed
    stands for everything before it: loads logged before `on` no longer count."""

    on: date
    ctl: Decimal
    atl: Decimal


@dataclass(frozen=True)
class DayLoad:
    """One calendar day: its summed load and the model's values that day (2 decimals).

    `ramp_rate` is the CTL change over the last 7 days (None when a seed leaves that unknown);
    `acwr_zone` is the zone of the shown ACWR, or "building" while history is too short;
    `projected` days lie after the last logged day and include planned loads.
    """

    date: date
    load: float
    atl: float
    ctl: float
    tsb: float
    acwr: float | None
    ramp_rate: float | None = 0.0
    acwr_zone: str | None = None
    projected: bool = False


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


@dataclass
class _State:
    """The recurrences' state at the end of a day."""

    atl: Decimal = Decimal(0)
    ctl: Decimal = Decimal(0)
    acute: Decimal = Decimal(0)
    chronic: Decimal = Decimal(0)

    def step(self, load: Decimal) -> None:
        self.atl += (load - self.atl) * _ATL_ALPHA
        self.ctl += (load - self.ctl) * _CTL_ALPHA
        self.acute = _ACUTE_LAMBDA * load + (1 - _ACUTE_LAMBDA) * self.acute
        self.chronic = _CHRONIC_LAMBDA * load + (1 - _CHRONIC_LAMBDA) * self.chronic


def daily_series(
    loads: Mapping[date, Decimal],
    *,
    start: date,
    end: date,
    first_day: date | None = None,
    seed: LoadSeed | None = None,
    planned: Mapping[date, Decimal] | None = None,
    projected_after: date | None = None,
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
      ramp_t = ctl_t - ctl_{t-7}
    with every state 0 the day before the first day of history, or, with a `seed`, atl and
    acute = seed.atl and ctl and chronic = seed.ctl the day before `seed.on` (ramp None
    while ctl_{t-7} would be before that day). The ACWR's zone is "building" until the
    28th day of history (seeded days have a zone). A day's values do not depend on `start`.

    Days after `projected_after` are projected: their load adds `planned` loads to the
    logged ones. Values are rounded only on output, so a day's tsb can differ by 0.01 from
    the previous row's rounded ctl - atl.

    Cost: O(days from the earliest of first day of history, seed and `start`, to `end`).
    """
    if start > end:
        raise ValueError(f"start {start} is after end {end}")
    history = [day for day in loads if day <= end]
    if first_day is not None and any(day < first_day for day in history):
        raise ValueError(f"loads hold days before the first day of history {first_day}")
    future = {
        day: load
        for day, load in (planned or {}).items()
        if projected_after is not None and projected_after < day <= end
    }
    seed = seed if seed is not None and seed.on <= end else None
    origin = min([*history, *future], default=None) if first_day is None else first_day
    begin = min([start, *history, *future, *([seed.on] if seed else [])])
    state = _State()
    ctl_at: dict[date, Decimal] = {}  # end-of-day CTL, for the ramp
    series: list[DayLoad] = []
    with localcontext(LOAD_CONTEXT):
        for day in _days(begin, end):
            if seed is not None and day == seed.on:
                state = _State(atl=seed.atl, ctl=seed.ctl, acute=seed.atl, chronic=seed.ctl)
                ctl_at[day - timedelta(days=1)] = seed.ctl
            projected = projected_after is not None and day > projected_after
            load = Decimal(loads.get(day, 0)) + Decimal(future.get(day, 0))
            tsb = state.ctl - state.atl
            state.step(load)
            ctl_at[day] = state.ctl
            if day < start:
                continue
            acwr = None if state.chronic == 0 else cents_float(state.acute / state.chronic)
            seeded = seed is not None and day >= seed.on
            week_ago = day - timedelta(days=RAMP_DAYS)
            if seeded and seed is not None and week_ago < seed.on - timedelta(days=1):
                ramp = None
            else:
                ramp = cents_float(state.ctl - ctl_at.get(week_ago, Decimal(0)))
            established = seeded or (
                origin is not None and (day - origin).days + 1 >= ACWR_HISTORY_DAYS
            )
            series.append(
                DayLoad(
                    date=day,
                    load=cents_float(load),
                    atl=cents_float(state.atl),
                    ctl=cents_float(state.ctl),
                    tsb=cents_float(tsb),
                    acwr=acwr,
                    ramp_rate=ramp,
                    acwr_zone=acwr_zone(acwr) if established or acwr is None else BUILDING_ZONE,
                    projected=projected,
                )
            )
    return series


# --- weekly rows ---------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekLoad:
    """One ISO week (Monday to Sunday): sessions, summed load, monotony and strain, and the
    load planned for it (`compliance` = load / planned load, None without a plan)."""

    week_start: date
    sessions: int
    load: float
    monotony: float | None
    strain: float | None
    planned_load: float = 0.0
    compliance: float | None = None


def week_start(day: date) -> date:
    """The Monday of `day`'s ISO week."""
    return day - timedelta(days=day.weekday())


def weeks_end(end: date) -> date:
    """The Sunday of `end`'s ISO week: how far `weekly_rows` reads its input."""
    return week_start(end) + timedelta(days=6)


def monotony(loads: list[Decimal]) -> Decimal | None:
    """Foster's monotony of a week's daily loads, capped at MONOTONY_CEILING.

    mean / population standard deviation; identical non-zero days (deviation 0) get the
    ceiling; a week without load has none (None).
    """
    with localcontext(LOAD_CONTEXT):
        total = sum(loads, Decimal(0))
        if total == 0:
            return None
        mean = total / len(loads)
        deviation = (sum(((x - mean) ** 2 for x in loads), Decimal(0)) / len(loads)).sqrt()
        if deviation * MONOTONY_CEILING <= mean:
            return MONOTONY_CEILING
        return mean / deviation


def weekly_rows(
    totals: Mapping[date, LoadTotals],
    *,
    start: date,
    end: date,
    planned: Mapping[date, Decimal] | None = None,
) -> list[WeekLoad]:
    """One `WeekLoad` per ISO week (Monday start) that overlaps [start, end], in order.

    A week always uses all 7 of its days, even when the range cuts it: the first week may
    start before `start` and the last may end after `end` (up to `weeks_end(end)`), so
    `totals` (and `planned`, the planned load per day) must cover [week_start(start),
    weeks_end(end)]; days missing from them are rest days (0 sessions, load 0).

      sessions = number of sessions in the week; load = sum of the 7 daily loads
      monotony = `monotony(the 7 daily loads)` (capped; None for a week without load)
      strain   = weekly load * monotony (unrounded monotony), None when monotony is None
    """
    if start > end:
        raise ValueError(f"start {start} is after end {end}")
    plan = planned or {}
    rows: list[WeekLoad] = []
    monday = week_start(start)
    with localcontext(LOAD_CONTEXT):
        while monday <= end:
            days = [monday + timedelta(days=i) for i in range(7)]
            week = [totals.get(d, LoadTotals()) for d in days]
            loads = [Decimal(day.load) for day in week]
            total = sum(loads, Decimal(0))
            planned_total = sum((Decimal(plan.get(d, 0)) for d in days), Decimal(0))
            week_monotony = monotony(loads)
            rows.append(
                WeekLoad(
                    week_start=monday,
                    sessions=sum(day.sessions for day in week),
                    load=cents_float(total),
                    monotony=None if week_monotony is None else cents_float(week_monotony),
                    strain=None if week_monotony is None else cents_float(total * week_monotony),
                    planned_load=cents_float(planned_total),
                    compliance=None if planned_total == 0 else cents_float(total / planned_total),
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
    seed: LoadSeed | None = None,
    planned: Mapping[date, Decimal] | None = None,
    projected: Mapping[date, Decimal] | None = None,
    projected_after: date | None = None,
) -> TrainingLoad:
    """`daily_series` and `weekly_rows` from the same per-day totals (and plans).

    `totals` must hold every day with sessions from the first day of history to
    `weeks_end(end)`; `planned` every planned day of the weeks overlapping [start, end];
    `projected` (default `planned`) the planned loads the projection adds to days.
    """
    loads = {day: day_totals.load for day, day_totals in totals.items()}
    return TrainingLoad(
        days=daily_series(
            loads,
            start=start,
            end=end,
            first_day=first_day,
            seed=seed,
            planned=planned if projected is None else projected,
            projected_after=projected_after,
        ),
        weeks=weekly_rows(totals, start=start, end=end, planned=planned),
    )


def acwr_zone(acwr: float | Decimal | None) -> str | None:
    """The rule-of-thumb band of an ACWR: "low" < 0.8 ≤ "optimal" ≤ 1.3 < "high" ≤ 1.5 <
    "very-high"; None when there is no ACWR. Pass the rounded value that is shown, so the
    zone agrees with the number next to it. A heuristic, not a diagnosis; `DayLoad.acwr_zone`
    also says "building" while the history is too short for any zone.
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
