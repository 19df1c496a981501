"""Local dates, offsets and the rounding every reader applies to what it measured."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo
from decimal import ROUND_HALF_UP, Decimal

from training_tracker.domain.models import MAX_HEART_RATE, MIN_HEART_RATE

_TWO_PLACES = Decimal("0.01")
_THREE_PLACES = Decimal("0.001")
# Device clocks are set to whole quarter hours; anything further out is not a time zone.
_QUARTER_HOUR = 15 * 60
_MAX_OFFSET = timedelta(hours=14)


def minutes(seconds: float) -> Decimal:
    return (Decimal(repr(float(seconds))) / 60).quantize(_TWO_PLACES, rounding=ROUND_HALF_UP)


def kilometres(metres: float) -> Decimal:
    return (Decimal(repr(float(metres))) / 1000).quantize(_THREE_PLACES, rounding=ROUND_HALF_UP)


def bpm(value: float | None) -> Decimal | None:
    """Whole beats per minute, or None for a reading a session refuses (0 from a dropped
    strap, noise above the range)."""
    if value is None or not MIN_HEART_RATE <= value <= MAX_HEART_RATE:
        return None
    return Decimal(round(value))


def heart_rates(average: float | None, top: float | None) -> tuple[Decimal | None, Decimal | None]:
    """Average and maximum; a maximum below the average (a bad reading) is dropped."""
    avg, mx = bpm(average), bpm(top)
    if avg is not None and mx is not None and avg > mx:
        mx = None
    return avg, mx


def device_offset(utc: datetime, local_wall: datetime) -> timezone | None:
    """The offset a device clock showed, from one instant read both in UTC and local time."""
    seconds = (local_wall.replace(tzinfo=None) - utc.replace(tzinfo=None)).total_seconds()
    rounded = round(seconds / _QUARTER_HOUR) * _QUARTER_HOUR
    delta = timedelta(seconds=rounded)
    if abs(delta) > _MAX_OFFSET:
        return None
    return timezone(delta)


def localise(instant: datetime, zone: tzinfo, offset: tzinfo | None = None) -> datetime:
    """An instant in the file's own offset when it has one, else in the athlete's zone.

    Naive times are UTC, as GPX and TCX define them and FIT stores them."""
    aware = instant if instant.tzinfo is not None else instant.replace(tzinfo=UTC)
    return aware.astimezone(offset or zone)


def own_offset(instant: datetime) -> timezone | None:
    """A written offset other than UTC is the local one; `Z` or +00:00 says nothing local."""
    delta = instant.utcoffset()
    if delta is None or delta == timedelta(0):
        return None
    return timezone(delta)
