"""Every date the service accepts (and the warm-up before the earliest) has keys that sort as
the dates do and parse back, whatever the platform's strftime does with small years."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from training_tracker.domain.calendar import EARLIEST, LATEST
from training_tracker.store import keys

CALENDAR = st.dates(min_value=EARLIEST - timedelta(days=800), max_value=LATEST)


def test_month_keys_have_four_digit_years() -> None:
    for year, text in ((1, "0001"), (999, "0999"), (1900, "1900"), (2199, "2199"), (9999, "9999")):
        day = date(year, 1, 15)
        assert keys.month_totals_key(None, day)[keys.SK] == f"MONTH#{text}-01"
        assert keys.month_bucket(day) == f"SESSIONS#{text}-01"
        assert keys.day_totals_key(None, day)[keys.SK] == f"DAY#{text}-01-15"


@given(CALENDAR, CALENDAR)
def test_keys_sort_like_their_dates(a: date, b: date) -> None:
    def month(day: date) -> str:
        return keys.month_totals_key("x", day)[keys.SK]

    def day_key(day: date) -> str:
        return keys.day_totals_key("x", day)[keys.SK]

    assert (day_key(a) < day_key(b)) == (a < b)
    assert (month(a) < month(b)) == ((a.year, a.month) < (b.year, b.month))
    assert (keys.session_sort_key(a, "s") < keys.session_sort_key(b, "s")) == (a < b)
    low, high = keys.month_sort_bounds(min(a, b), max(a, b))
    assert low <= month(a) <= high
    assert low <= month(b) <= high


@given(CALENDAR)
def test_keys_parse_back(day: date) -> None:
    assert keys.day_of_totals(keys.day_totals_key(None, day)) == day
    assert keys.month_of_totals(keys.month_totals_key(None, day)) == day.replace(day=1)


def test_a_month_key_an_older_version_wrote_unpadded_still_parses() -> None:
    assert keys.month_of_totals({keys.PK: "TOTALS", keys.SK: "MONTH#1-01"}) == date(1, 1, 1)
