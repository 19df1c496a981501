"""Calendar arithmetic for reading totals: which months are whole inside a range."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def previous_month_end(day: date) -> date:
    return day.replace(day=1) - timedelta(days=1)


@dataclass(frozen=True)
class RangePlan:
    """A date range split into partial edge months (read as days) and whole months between.

    `None` bounds mean open-ended. Every day of the range is covered exactly once.
    """

    day_ranges: tuple[tuple[date, date], ...]
    months: tuple[date | None, date | None] | None


def plan_range(start: date | None, end: date | None) -> RangePlan:
    if start is not None and end is not None and start > end:
        return RangePlan((), None)
    day_ranges: list[tuple[date, date]] = []
    first_month = start
    last_month = end
    if start is not None and start.day != 1:
        head_end = month_end(start) if end is None else min(month_end(start), end)
        day_ranges.append((start, head_end))
        first_month = head_end + timedelta(days=1)
    if end is not None and end != month_end(end):
        tail_start = end.replace(day=1)
        if first_month is None or tail_start >= first_month:
            day_ranges.append((tail_start, end))
        last_month = previous_month_end(end)
    if first_month is not None and last_month is not None and first_month > last_month:
        return RangePlan(tuple(day_ranges), None)
    return RangePlan(tuple(day_ranges), (first_month, last_month))
