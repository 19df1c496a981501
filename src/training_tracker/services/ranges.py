"""The one rule every ranged read shares: a range runs forwards and is not too long to read."""

from __future__ import annotations

from datetime import date

from training_tracker.errors import InvalidRangeError


def require_range(start: date, end: date, *, max_days: int) -> None:
    """422 INVALID_RANGE when `start` is after `end` or the range spans over `max_days`."""
    if start > end:
        raise InvalidRangeError(
            f"startDate {start} is after endDate {end}",
            startDate=start.isoformat(),
            endDate=end.isoformat(),
        )
    if (end - start).days + 1 > max_days:
        raise InvalidRangeError(
            f"the range from {start} to {end} is longer than {max_days} days",
            startDate=start.isoformat(),
            endDate=end.isoformat(),
            maxDays=max_days,
        )
