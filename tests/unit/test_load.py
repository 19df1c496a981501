"""Training load maths: hand-worked values from issue 4, and properties over random histories."""

from __future__ import annotations

import itertools
import math
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from training_tracker.domain.load import (
    DayLoad,
    LoadMethod,
    LoadTotals,
    Sex,
    Sport,
    acwr_zone,
    daily_series,
    session_load,
    training_load,
    week_start,
    weekly_rows,
    weeks_end,
)

MONDAY = date(2024, 1, 1)  # 2024-01-01 is a Monday


def day(offset: int) -> date:
    return MONDAY + timedelta(days=offset)


def by_date(series: list[DayLoad]) -> dict[date, DayLoad]:
    return {entry.date: entry for entry in series}


# --- session load ----------------------------------------------------------------------------


def hr_load(
    avg: int | None, rest: int | None = 60, peak: int | None = 190, sex: Sex | None = None
) -> tuple[Decimal | None, str | None]:
    return session_load(
        duration_minutes=60,
        rpe=None,
        avg_heart_rate=avg,
        resting_heart_rate=rest,
        max_heart_rate=peak,
        sex=sex,
    )


def test_srpe_is_rpe_times_minutes_exactly() -> None:
    # 7 x 45.5 min = 318.5
    load, method = session_load(
        duration_minutes=Decimal("45.5"),
        rpe=7,
        avg_heart_rate=None,
        resting_heart_rate=None,
        max_heart_rate=None,
        sex=None,
    )
    assert (load, method) == (Decimal("318.50"), "srpe")
    assert method is LoadMethod.SRPE
    assert load is not None
    assert load.as_tuple().exponent == -2


def test_srpe_wins_over_heart_rate() -> None:
    load, method = session_load(
        duration_minutes=60,
        rpe=3,
        avg_heart_rate=151,
        resting_heart_rate=60,
        max_heart_rate=190,
        sex=Sex.MALE,
    )
    assert (load, method) == (Decimal("180.00"), "srpe")


def test_trimp_male_by_hand() -> None:
    # HRr = (151 - 60) / (190 - 60) = 91 / 130 = 0.7
    # 60 min * 0.7 * 0.64 = 26.88;  e^(1.92 * 0.7) = e^1.344 = 3.834350...
    # 26.88 * 3.834350 = 103.0673... -> 103.07
    assert hr_load(151, sex=Sex.MALE) == (Decimal("103.07"), "trimp")


def test_trimp_female_by_hand() -> None:
    # e^(1.67 * 0.7) = e^1.169 = 3.218772...;  26.88 * 3.218772 = 86.5206... -> 86.52
    assert hr_load(151, sex=Sex.FEMALE) == (Decimal("86.52"), "trimp")


def test_trimp_unknown_sex_uses_the_male_weighting() -> None:
    assert hr_load(151, sex=None) == hr_load(151, sex=Sex.MALE)


def test_trimp_clamps_the_heart_rate_reserve() -> None:
    # Below rest: HRr clamps to 0 -> load 0 (still a TRIMP load, not "unknown").
    assert hr_load(50) == (Decimal("0.00"), "trimp")
    # Above max: HRr clamps to 1 -> 60 * 1 * 0.64 * e^1.92 = 38.4 * 6.820958 = 261.9248
    assert hr_load(200) == (Decimal("261.92"), "trimp")


@pytest.mark.parametrize(
    ("avg", "rest", "peak"),
    [(None, 60, 190), (150, None, 190), (150, 60, None), (150, 190, 190), (150, 200, 190)],
)
def test_no_load_without_rpe_or_usable_heart_rates(
    avg: int | None, rest: int | None, peak: int | None
) -> None:
    assert hr_load(avg, rest, peak, Sex.MALE) == (None, None)


def test_sport_and_sex_values() -> None:
    assert [s.value for s in Sport] == [
        "run", "ride", "swim", "row", "walk", "hike", "ski", "strength", "other",
    ]  # fmt: skip
    assert [s.value for s in Sex] == ["male", "female"]


def test_load_totals_count_sessions_without_load() -> None:
    total = LoadTotals.of(Decimal("50.25")) + LoadTotals.of(None) + LoadTotals.of(Decimal("10"))
    assert total == LoadTotals(3, Decimal("60.25"))
    assert total + -LoadTotals.of(None) == LoadTotals(2, Decimal("60.25"))


# --- daily series: hand-worked values -------------------------------------------------------


def test_constant_load_for_42_days_gives_ctl_one_minus_one_over_e() -> None:
    # ctl after n days of a constant L from 0 is L * (1 - e^(-n/42)); n = 42 -> 100 * (1 - e^-1)
    # = 100 * 0.632120... = 63.21
    loads = {day(i): Decimal(100) for i in range(42)}
    series = daily_series(loads, start=day(0), end=day(41))
    assert series[-1].date == day(41)
    assert series[-1].ctl == 63.21
    assert series[-1].ctl == round(100 * (1 - math.exp(-1)), 2)
    # and atl, with the 7-day constant: 100 * (1 - e^(-6)) = 99.75
    assert series[-1].atl == 99.75


def test_single_day_of_300() -> None:
    series = by_date(daily_series({day(1): Decimal(300)}, start=day(0), end=day(2)))
    # The day before the first session everything is 0 and there is no ACWR.
    assert series[day(0)] == DayLoad(day(0), 0.0, 0.0, 0.0, 0.0, None)
    first = series[day(1)]
    # atl = 300 * (1 - e^(-1/7)) = 300 * 0.133122 = 39.9366 -> 39.94
    # ctl = 300 * (1 - e^(-1/42)) = 300 * 0.0235279 = 7.0584 -> 7.06
    assert (first.load, first.atl, first.ctl) == (300.0, 39.94, 7.06)
    # tsb uses yesterday's values: both 0.
    assert first.tsb == 0.0
    # acute = 2/8 * 300 = 75; chronic = 2/29 * 300 = 20.6897; 75 / 20.6897 = 29/8 = 3.625,
    # an exact half, rounded up -> 3.63
    assert first.acwr == 3.63
    second = series[day(2)]
    # tsb = yesterday's ctl - atl = 7.0584 - 39.9366 = -32.8782 -> -32.88
    assert second.tsb == -32.88
    # atl = 39.9366 * e^(-1/7) = 34.6202; ctl = 7.0584 * e^(-1/42) = 6.8923
    assert (second.load, second.atl, second.ctl) == (0.0, 34.62, 6.89)
    # acute = 75 * 6/8 = 56.25; chronic = 20.6897 * 27/29 = 19.2628; 56.25 / 19.2628 = 2.9201
    assert second.acwr == 2.92


@pytest.mark.parametrize("load", ["0.22", "1.62", "300", "1234.56"])
def test_first_day_acwr_is_an_exact_half_rounded_up(load: str) -> None:
    # acute / chronic = (2/8 * L) / (2/29 * L) = 29/8 = 3.625 whatever L is. In 28-digit
    # arithmetic some L give 3.624999...; the result must still be 3.63, not 3.62.
    [entry] = daily_series({day(0): Decimal(load)}, start=day(0), end=day(0))
    assert entry.acwr == 3.63


def test_tsb_is_yesterdays_ctl_minus_yesterdays_atl() -> None:
    loads = {day(0): Decimal(80), day(1): Decimal(120), day(3): Decimal(60), day(4): Decimal(200)}
    series = daily_series(loads, start=day(0), end=day(9))
    for yesterday, today in itertools.pairwise(series):
        # Outputs are rounded separately, so allow the one-cent rounding difference.
        assert abs(today.tsb - (yesterday.ctl - yesterday.atl)) <= 0.0100001
    assert series[0].tsb == 0.0
    # and not today's: on day 4 (load 200) today's ctl - atl is far from that day's tsb
    assert abs(series[4].tsb - (series[4].ctl - series[4].atl)) > 10


def test_acwr_is_none_until_chronic_load_is_positive() -> None:
    # Day 0 and 1 have sessions without load (counted 0): chronic stays 0, no ACWR.
    loads = {day(0): Decimal(0), day(1): Decimal(0), day(2): Decimal(50)}
    series = daily_series(loads, start=day(0), end=day(4))
    assert [e.acwr for e in series[:2]] == [None, None]
    assert all(e.acwr is not None for e in series[2:])
    # and atl/ctl/tsb are 0 while nothing has been loaded
    assert [(e.atl, e.ctl, e.tsb) for e in series[:2]] == [(0.0, 0.0, 0.0)] * 2


def test_days_before_history_are_zero_and_history_before_start_counts() -> None:
    loads = {day(10): Decimal(100)}
    early = daily_series(loads, start=day(0), end=day(9))
    assert all(e == DayLoad(e.date, 0.0, 0.0, 0.0, 0.0, None) for e in early)
    late = daily_series(loads, start=day(11), end=day(11))
    assert late[0].load == 0.0
    assert late[0].ctl > 0
    assert late[0].acwr is not None


def test_days_after_end_are_ignored_and_first_day_is_checked() -> None:
    loads = {day(0): Decimal(100), day(5): Decimal(500)}
    assert daily_series(loads, start=day(0), end=day(4)) == daily_series(
        {day(0): Decimal(100)}, start=day(0), end=day(4)
    )
    assert daily_series(loads, start=day(0), end=day(4), first_day=day(-3)) == daily_series(
        loads, start=day(0), end=day(4)
    )
    with pytest.raises(ValueError, match="first day"):
        daily_series(loads, start=day(0), end=day(4), first_day=day(1))
    with pytest.raises(ValueError, match="after end"):
        daily_series(loads, start=day(4), end=day(0))


# --- weeks -----------------------------------------------------------------------------------


def week_of(loads: list[int], sessions: list[int] | None = None) -> dict[date, LoadTotals]:
    counts = sessions or [1 if x else 0 for x in loads]
    return {day(i): LoadTotals(counts[i], Decimal(x)) for i, x in enumerate(loads)}


def test_monotony_and_strain_by_hand() -> None:
    # Mon..Sun 500, 200, 200, 350, 350, 250, 250: sum 2100, mean 300.
    # Deviations 200, -100, -100, 50, 50, -50, -50; squares 40000 + 2*10000 + 4*2500 = 70000;
    # population variance 70000 / 7 = 10000, std 100. Monotony 300 / 100 = 3.00;
    # strain 2100 * 3 = 6300.00.
    totals = week_of([500, 200, 200, 350, 350, 250, 250], sessions=[1, 1, 2, 1, 1, 1, 1])
    [week] = weekly_rows(totals, start=day(2), end=day(2))
    assert (week.week_start, week.sessions, week.load) == (MONDAY, 8, 2100.0)
    assert (week.monotony, week.strain) == (3.0, 6300.0)


def test_monotony_and_strain_with_rest_days_by_hand() -> None:
    # 100, 0, 200, 0, 300, 0, 100: sum 700, mean 100.
    # Deviations 0, -100, 100, -100, 200, -100, 0; squares sum 4*10000 + 40000 = 80000;
    # variance 80000 / 7 = 11428.571, std 106.9045. Monotony 100 / 106.9045 = 0.935414 -> 0.94;
    # strain uses the unrounded monotony: 700 * 0.935414 = 654.79.
    [week] = weekly_rows(week_of([100, 0, 200, 0, 300, 0, 100]), start=day(0), end=day(6))
    assert (week.sessions, week.load, week.monotony, week.strain) == (4, 700.0, 0.94, 654.79)


def test_monotony_is_none_when_every_day_is_the_same() -> None:
    rows = weekly_rows(week_of([60] * 7), start=day(0), end=day(13))
    assert [(r.week_start, r.sessions, r.load, r.monotony, r.strain) for r in rows] == [
        (day(0), 7, 420.0, None, None),
        (day(7), 0, 0.0, None, None),
    ]


def test_a_week_uses_its_full_seven_days_even_when_the_range_cuts_it() -> None:
    # Range Wednesday..Thursday: the week still counts Monday's and Sunday's loads.
    totals = week_of([100, 0, 0, 0, 0, 0, 100])
    [week] = weekly_rows(totals, start=day(2), end=day(3))
    assert (week.week_start, week.sessions, week.load) == (MONDAY, 2, 200.0)
    assert weeks_end(day(3)) == day(6)
    assert week_start(day(6)) == MONDAY
    assert week_start(day(7)) == day(7)


def test_training_load_combines_days_and_weeks() -> None:
    totals = {day(0): LoadTotals(2, Decimal("150.50")), day(9): LoadTotals(1, Decimal(40))}
    result = training_load(totals, start=day(5), end=day(9))
    assert [d.date for d in result.days] == [day(i) for i in range(5, 10)]
    assert result.days[-1].load == 40.0
    assert [(w.week_start, w.sessions, w.load) for w in result.weeks] == [
        (day(0), 2, 150.5),
        (day(7), 1, 40.0),
    ]


# --- ACWR zones ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("acwr", "zone"),
    [
        (None, None),
        (0.0, "low"),
        (0.79, "low"),
        (0.8, "optimal"),
        (1.0, "optimal"),
        (1.3, "optimal"),
        (1.31, "high"),
        (1.5, "high"),
        (1.51, "very-high"),
        (3.63, "very-high"),
        (Decimal("0.8"), "optimal"),
        (Decimal("1.30"), "optimal"),
        (Decimal("1.5000001"), "very-high"),
    ],
)
def test_acwr_zones_at_the_boundaries(acwr: float | Decimal | None, zone: str | None) -> None:
    assert acwr_zone(acwr) == zone


# --- properties ------------------------------------------------------------------------------

SPAN = 120
loads_2dp = st.decimals(min_value=0, max_value=1500, places=2, allow_nan=False)
sessions_strategy = st.lists(
    st.tuples(st.integers(0, SPAN), st.one_of(st.none(), loads_2dp)), max_size=40
)
offsets = st.integers(-15, SPAN + 15)


def aggregate(sessions: list[tuple[int, Decimal | None]]) -> dict[date, LoadTotals]:
    """What the day totals items would hold: per day, sessions counted and loads summed."""
    totals: dict[date, LoadTotals] = {}
    for offset, load in sessions:
        totals[day(offset)] = totals.get(day(offset), LoadTotals()) + LoadTotals.of(load)
    return totals


def loads_of(totals: dict[date, LoadTotals]) -> dict[date, Decimal]:
    return {d: t.load for d, t in totals.items()}


def ordered(a: int, b: int) -> tuple[date, date]:
    return day(min(a, b)), day(max(a, b))


@settings(deadline=None)
@given(sessions_strategy, offsets, offsets, offsets, offsets)
def test_a_days_values_do_not_depend_on_the_range(sessions, a, b, c, d) -> None:
    loads = loads_of(aggregate(sessions))
    first = by_date(daily_series(loads, start=ordered(a, b)[0], end=ordered(a, b)[1]))
    second = by_date(daily_series(loads, start=ordered(c, d)[0], end=ordered(c, d)[1]))
    for when in first.keys() & second.keys():
        assert first[when] == second[when]


@settings(deadline=None)
@given(sessions_strategy, offsets, offsets)
def test_one_entry_per_calendar_day_rest_days_included(sessions, a, b) -> None:
    totals = aggregate(sessions)
    start, end = ordered(a, b)
    series = daily_series(loads_of(totals), start=start, end=end)
    assert [e.date for e in series] == [
        start + timedelta(days=i) for i in range((end - start).days + 1)
    ]
    for entry in series:
        expected = totals[entry.date].load if entry.date in totals else Decimal(0)
        assert Decimal(str(entry.load)) == expected


@settings(deadline=None)
@given(sessions_strategy)
def test_daily_and_weekly_loads_sum_to_the_session_loads(sessions) -> None:
    totals = aggregate(sessions)
    result = training_load(totals, start=day(0), end=day(SPAN))
    session_sum = sum((load for _, load in sessions if load is not None), Decimal(0))
    assert sum((Decimal(str(e.load)) for e in result.days), Decimal(0)) == session_sum
    assert sum((Decimal(str(w.load)) for w in result.weeks), Decimal(0)) == session_sum
    assert sum(w.sessions for w in result.weeks) == len(sessions)


@settings(deadline=None)
@given(sessions_strategy, offsets, offsets)
def test_weeks_cover_the_range(sessions, a, b) -> None:
    start, end = ordered(a, b)
    weeks = weekly_rows(aggregate(sessions), start=start, end=end)
    starts = [w.week_start for w in weeks]
    assert all(s.weekday() == 0 for s in starts)
    assert starts[0] <= start < starts[0] + timedelta(days=7)
    assert starts[-1] <= end < starts[-1] + timedelta(days=7)
    assert all(b - a == timedelta(days=7) for a, b in itertools.pairwise(starts))


@settings(deadline=None)
@given(sessions_strategy, offsets, offsets)
def test_series_matches_a_plain_float_model(sessions, a, b) -> None:
    """An independent float implementation of the issue's formulas agrees to the cent."""
    loads = loads_of(aggregate(sessions))
    start, end = ordered(a, b)
    expected: dict[date, tuple[float, float, float, float | None]] = {}
    atl = ctl = acute = chronic = 0.0
    when = min([start, *loads])
    while when <= end:
        load = float(loads.get(when, 0))
        tsb = ctl - atl
        atl = atl + (load - atl) * (1 - math.exp(-1 / 7))
        ctl = ctl + (load - ctl) * (1 - math.exp(-1 / 42))
        acute = 0.25 * load + 0.75 * acute
        chronic = 2 / 29 * load + 27 / 29 * chronic
        expected[when] = (atl, ctl, tsb, acute / chronic if chronic > 0 else None)
        when += timedelta(days=1)
    for entry in daily_series(loads, start=start, end=end):
        e_atl, e_ctl, e_tsb, e_acwr = expected[entry.date]
        assert entry.atl == pytest.approx(e_atl, abs=0.0051)
        assert entry.ctl == pytest.approx(e_ctl, abs=0.0051)
        assert entry.tsb == pytest.approx(e_tsb, abs=0.0051)
        if e_acwr is None:
            assert entry.acwr is None
        else:
            assert entry.acwr == pytest.approx(e_acwr, abs=0.0051)


@settings(deadline=None)
@given(st.lists(loads_2dp, min_size=7, max_size=7))
def test_weekly_monotony_matches_its_definition(week) -> None:
    floats = [float(x) for x in week]
    mean = sum(floats) / 7
    std = math.sqrt(sum((x - mean) ** 2 for x in floats) / 7)
    [row] = weekly_rows(
        {day(i): LoadTotals(1, x) for i, x in enumerate(week)}, start=day(0), end=day(6)
    )
    if std < 1e-9:
        assert (row.monotony, row.strain) == (None, None)
    else:
        assert row.monotony == pytest.approx(mean / std, rel=1e-9, abs=0.0051)
        assert row.strain == pytest.approx(sum(floats) * mean / std, rel=1e-9, abs=0.0051)
