"""Training load maths: hand-worked values from docs/training-load.md, and properties over
random histories."""

from __future__ import annotations

import itertools
import math
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from training_tracker.domain.load import (
    MONOTONY_CEILING,
    DayLoad,
    LoadMethod,
    LoadSeed,
    LoadTotals,
    Sex,
    Sport,
    acwr_zone,
    daily_series,
    monotony,
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
    # The published female weighting 0.86 · e^(1.67 · HRr), not 0.64 · e^(1.67 · HRr):
    # 60 min * 0.7 * 0.86 = 36.12;  e^(1.67 * 0.7) = e^1.169 = 3.218772...
    # 36.12 * 3.218772 = 116.2620... -> 116.26
    assert hr_load(151, sex=Sex.FEMALE) == (Decimal("116.26"), "trimp")
    # HRr 1: 60 * 1 * 0.86 * e^1.67 = 51.6 * 5.312168 = 274.1079 -> 274.11
    assert hr_load(200, sex=Sex.FEMALE) == (Decimal("274.11"), "trimp")


def test_trimp_both_sexes_at_half_the_reserve_by_hand() -> None:
    # 45 min, average 125, resting 60, maximum 190: HRr = 65 / 130 = 0.5
    # men:   45 * 0.5 * 0.64 = 14.4;  e^(1.92 * 0.5) = e^0.96  = 2.611696; 37.6084 -> 37.61
    # women: 45 * 0.5 * 0.86 = 19.35; e^(1.67 * 0.5) = e^0.835 = 2.304814; 44.5982 -> 44.60
    def at_half(sex: Sex) -> Decimal | None:
        load, _ = session_load(
            duration_minutes=45,
            rpe=None,
            avg_heart_rate=125,
            resting_heart_rate=60,
            max_heart_rate=190,
            sex=sex,
        )
        return load

    assert (at_half(Sex.MALE), at_half(Sex.FEMALE)) == (Decimal("37.61"), Decimal("44.60"))


@given(st.integers(20, 250), st.integers(20, 120), st.integers(121, 250))
def test_the_female_weighting_is_above_the_male_one(avg: int, rest: int, peak: int) -> None:
    """1.34 · e^(-0.25 · HRr) > 1 for every HRr in [0, 1]: unknown sex (the male curve) never
    overstates a woman's load."""
    male, _ = hr_load(avg, rest, peak, Sex.MALE)
    female, _ = hr_load(avg, rest, peak, Sex.FEMALE)
    assert male is not None
    assert female is not None
    assert female >= male
    if male > 1:
        assert female > male


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


# --- seeds, ramp rate, zones while history builds, projections --------------------------


def test_a_seeded_start_by_hand() -> None:
    # Seed on day 0: CTL 50, ATL 60 at the start of the day, no training.
    seed = LoadSeed(on=day(0), ctl=Decimal(50), atl=Decimal(60))
    series = daily_series({}, start=day(0), end=day(13), seed=seed)
    first = series[0]
    # tsb = 50 - 60 = -10; atl = 60 · e^(-1/7) = 60 · 0.866878 = 52.01;
    # ctl = 50 · e^(-1/42) = 50 · 0.976472 = 48.82
    assert (first.load, first.tsb, first.atl, first.ctl) == (0.0, -10.0, 52.01, 48.82)
    # acute and chronic start from ATL and CTL: (0.75 · 60) / (27/29 · 50) = 45 / 46.5517
    # = 0.9667 -> 0.97; a seeded day has a zone at once.
    assert (first.acwr, first.acwr_zone) == (0.97, "optimal")
    # The ramp compares with the CTL a week earlier: unknown until the 7th day, which
    # compares with the seed: 50 · e^(-7/42) - 50 = 50 · (0.846482 - 1) = -7.68.
    assert [d.ramp_rate for d in series[:6]] == [None] * 6
    assert series[6].ramp_rate == -7.68


def test_a_seed_with_training_on_its_day_by_hand() -> None:
    seed = LoadSeed(on=day(0), ctl=Decimal(50), atl=Decimal(50))
    day0, day1 = daily_series({day(0): Decimal(100)}, start=day(0), end=day(1), seed=seed)
    # ctl = 50 + (100 - 50) · 0.0235279 = 51.18; atl = 50 + 50 · 0.133122 = 56.66; tsb 0
    assert (day0.tsb, day0.ctl, day0.atl) == (0.0, 51.18, 56.66)
    # next day's form: 51.1764 - 56.6561 = -5.48
    assert day1.tsb == -5.48


def test_a_seed_replaces_the_history_before_it() -> None:
    seed = LoadSeed(on=day(10), ctl=Decimal(40), atl=Decimal(30))
    logged = {day(0): Decimal(500), day(12): Decimal(80)}
    seeded = daily_series(logged, start=day(0), end=day(20), seed=seed)
    without_early = daily_series({day(12): Decimal(80)}, start=day(10), end=day(20), seed=seed)
    # From the seed day on, the day-0 session no longer counts ...
    assert seeded[10:] == without_early
    # ... and days before the seed are what the log alone gives.
    assert seeded[:10] == daily_series(logged, start=day(0), end=day(9))
    # A seed after the range changes nothing.
    late = LoadSeed(on=day(30), ctl=Decimal(40), atl=Decimal(30))
    assert daily_series(logged, start=day(0), end=day(20), seed=late) == daily_series(
        logged, start=day(0), end=day(20)
    )


def test_ramp_rate_by_hand() -> None:
    series = daily_series({day(i): Decimal(100) for i in range(20)}, start=day(0), end=day(13))
    # From nothing: ramp = ctl - 0 the first week; on day 6 100 · (1 - e^(-7/42)) = 15.35.
    assert series[6].ramp_rate == 15.35
    # Day 13: 100 · (e^(-7/42) - e^(-14/42)) = 100 · (0.846482 - 0.716531) = 12.995 -> 13.00
    assert series[13].ramp_rate == 13.0
    for entry in series[:7]:
        assert entry.ramp_rate == entry.ctl
    # Before any history the ramp is 0, as every other value.
    [before] = daily_series({day(5): Decimal(100)}, start=day(0), end=day(0))
    assert before.ramp_rate == 0.0


def test_acwr_zone_is_building_until_28_days_of_history() -> None:
    series = daily_series({day(i): Decimal(100) for i in range(40)}, start=day(0), end=day(39))
    assert series[0].acwr == 3.63
    assert {d.acwr_zone for d in series[:27]} == {"building"}
    # Day 27 is the 28th day of history: acute ≈ 1 - 0.75^28, chronic 1 - (27/29)^28 → 1.16
    assert (series[27].acwr, series[27].acwr_zone) == (1.16, "optimal")
    assert all(d.acwr_zone == acwr_zone(d.acwr) for d in series[27:])
    # History counts from the first session, whatever the range or later gaps.
    late = daily_series({day(0): Decimal(300)}, start=day(30), end=day(30))
    assert late[0].acwr_zone == acwr_zone(late[0].acwr) == "low"
    # No ACWR, no zone.
    assert daily_series({}, start=day(0), end=day(0))[0].acwr_zone is None


def test_projection_continues_through_planned_loads() -> None:
    logged = {day(0): Decimal(100), day(5): Decimal(70)}
    planned = {day(0): Decimal(999), day(2): Decimal(200), day(4): Decimal(50)}
    series = daily_series(logged, start=day(0), end=day(5), planned=planned, projected_after=day(1))
    assert [d.projected for d in series] == [False, False, True, True, True, True]
    # Past plans are ignored; future days add plans to anything already logged.
    assert [d.load for d in series] == [100.0, 0.0, 200.0, 0.0, 50.0, 70.0]
    as_if_done = daily_series(
        {day(0): Decimal(100), day(2): Decimal(200), day(4): Decimal(50), day(5): Decimal(70)},
        start=day(0),
        end=day(5),
    )
    assert [replace(d, projected=False) for d in series] == as_if_done
    # Without a projection date plans are not in the series at all.
    assert daily_series(logged, start=day(0), end=day(5), planned=planned) == daily_series(
        logged, start=day(0), end=day(5)
    )


def test_weeks_compare_planned_and_done_load() -> None:
    totals = {day(0): LoadTotals(1, Decimal(150)), day(8): LoadTotals(1, Decimal(90))}
    planned = {day(0): Decimal(100), day(2): Decimal(200), day(20): Decimal(60)}
    weeks = weekly_rows(totals, start=day(0), end=day(20), planned=planned)
    assert [(w.load, w.planned_load, w.compliance) for w in weeks] == [
        (150.0, 300.0, 0.5),  # 150 done of 300 planned
        (90.0, 0.0, None),  # nothing planned
        (0.0, 60.0, 0.0),  # planned, not done
    ]


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


def test_identical_days_get_the_ceiling_and_a_week_without_load_none() -> None:
    # Seven days of 60: deviation 0, monotony the ceiling 10; strain 420 * 10 = 4200.
    rows = weekly_rows(week_of([60] * 7), start=day(0), end=day(13))
    assert [(r.week_start, r.sessions, r.load, r.monotony, r.strain) for r in rows] == [
        (day(0), 7, 420.0, 10.0, 4200.0),
        (day(7), 0, 0.0, None, None),
    ]
    # Sessions without any load (counted, load 0) are still a week without load.
    [unloaded] = weekly_rows(week_of([0] * 7, sessions=[1] * 7), start=day(0), end=day(0))
    assert (unloaded.sessions, unloaded.monotony, unloaded.strain) == (7, None, None)


def test_monotony_near_the_ceiling_by_hand() -> None:
    # One day of 60.01 and six of 60: sum 420.01, mean 60.001428...; deviations 0.008571
    # (once) and -0.001428 (six times); squares 7.3469e-5 + 6 * 2.0408e-6 = 8.5714e-5;
    # variance 1.2245e-5, deviation 0.0034993. mean / deviation = 17,146.7: capped at 10,
    # strain 420.01 * 10 = 4200.10 (not 7.2 million).
    [near] = weekly_rows(
        {**week_of([60] * 7), day(3): LoadTotals(1, Decimal("60.01"))}, start=day(0), end=day(6)
    )
    assert (near.monotony, near.strain) == (10.0, 4200.1)
    assert monotony([Decimal(60)] * 6 + [Decimal("60.01")]) == MONOTONY_CEILING


def test_monotony_just_below_and_above_the_ceiling_by_hand() -> None:
    # One day of a and six of b: mean (a + 6b)/7, population deviation |b - a|·√6/7, so
    # monotony = (a + 6b) / (|b - a|·√6).
    # a = 0, b = 50: 300 / (50·√6) = √6 = 2.449 -> 2.45.
    [one_rest] = weekly_rows(week_of([0, 50, 50, 50, 50, 50, 50]), start=day(0), end=day(0))
    assert one_rest.monotony == 2.45
    # a = 87, b = 120: 807 / (33·2.449490) = 807 / 80.833 = 9.9835 -> 9.98, under the
    # ceiling; strain 807 · 9.983526 = 8056.71.
    [under] = weekly_rows(week_of([87] + [120] * 6), start=day(0), end=day(0))
    assert (under.monotony, under.strain) == (9.98, 8056.71)
    # a = 88, b = 120: 808 / (32·2.449490) = 10.308: capped at 10, strain 808 · 10 = 8080.
    [over] = weekly_rows(week_of([88] + [120] * 6), start=day(0), end=day(0))
    assert (over.monotony, over.strain) == (10.0, 8080.0)


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
    if sum(floats) == 0:
        assert (row.monotony, row.strain) == (None, None)
    elif std * 10 <= mean * (1 + 1e-12):
        assert (row.monotony, row.strain) == (10.0, pytest.approx(sum(floats) * 10, abs=0.0051))
    else:
        assert row.monotony == pytest.approx(mean / std, rel=1e-9, abs=0.0051)
        assert row.monotony <= 10.0
        assert row.strain == pytest.approx(sum(floats) * mean / std, rel=1e-9, abs=0.0051)
