"""Running totals per day and month, and how one session write changes them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from training_tracker.domain.models import SessionDetails


@dataclass(frozen=True)
class Totals:
    count: int = 0
    duration: Decimal = Decimal(0)
    distance: Decimal = Decimal(0)

    def __add__(self, other: Totals) -> Totals:
        return Totals(
            self.count + other.count, self.duration + other.duration, self.distance + other.distance
        )

    def __neg__(self) -> Totals:
        return Totals(-self.count, -self.duration, -self.distance)

    @property
    def is_zero(self) -> bool:
        return self.count == 0 and self.duration == 0 and self.distance == 0

    @staticmethod
    def of(session: SessionDetails) -> Totals:
        return Totals(1, session.duration, session.distance)


class Period(StrEnum):
    DAY = "day"
    MONTH = "month"


@dataclass(frozen=True)
class TotalsKey:
    """Whose totals (an athlete, or None for everyone), over which day or month."""

    athlete_id: str | None
    period: Period
    start: date


def totals_keys(session: SessionDetails) -> list[TotalsKey]:
    month = session.date.replace(day=1)
    return [
        TotalsKey(scope, period, start)
        for scope in (session.athlete_id, None)
        for period, start in ((Period.DAY, session.date), (Period.MONTH, month))
    ]


def totals_changes(
    before: SessionDetails | None, after: SessionDetails | None
) -> dict[TotalsKey, Totals]:
    """The net change to every totals item when `before` becomes `after` (None: absent).

    Merged per key, because one transaction may touch an item only once.
    """
    changes: dict[TotalsKey, Totals] = defaultdict(Totals)
    if before is not None:
        for key in totals_keys(before):
            changes[key] = changes[key] + -Totals.of(before)
    if after is not None:
        for key in totals_keys(after):
            changes[key] = changes[key] + Totals.of(after)
    return {key: delta for key, delta in changes.items() if not delta.is_zero}


def session_count_changes(
    before: SessionDetails | None, after: SessionDetails | None
) -> dict[str, int]:
    """How many sessions each athlete gains or loses."""
    changes: dict[str, int] = defaultdict(int)
    if before is not None:
        changes[before.athlete_id] -= 1
    if after is not None:
        changes[after.athlete_id] += 1
    return dict(changes)
