"""The calendar the service works in: every date a client may send, and so every date a key
can hold, lies in [EARLIEST, LATEST].

Why these bounds: four-digit years, so every date and month key sorts as text and parses back;
room on both sides for any arithmetic a request does (the training-load warm-up before a start,
the week around an end) without leaving the dates Python can represent; and wide enough for
any real training log, historic imports and long-range plans included. How far apart a
client's dates are never changes how much work a request does (see docs/security.md).
"""

from __future__ import annotations

from datetime import date

EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)


def in_calendar(day: date) -> bool:
    return EARLIEST <= day <= LATEST


def clamp(day: date) -> date:
    """The nearest date in the calendar (for defaults computed from a client's date)."""
    return min(max(day, EARLIEST), LATEST)
