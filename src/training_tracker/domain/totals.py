"""Running totals per day, per month and for all time, and how one session write changes
them. All-time totals let statistics without a range read one item per athlete (or one per
shard for everyone), however long the history."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from training_tracker.domain.load import LoadTotals
from training_tracker.domain.models import SessionDetails, TrainingSession


@dataclass(frozen=True)
class Totals:
    """Sessions in a period: how many, and their summed duration, distance and load.

    A session without a load (`load` None) adds 0 to `load` but still counts.
    """

    count: int = 0
    duration: Decimal = Decimal(0)
    distance: Decimal = Decimal(0)
    load: Decimal = Decimal(0)

    def __add__(self, other: Totals) -> Totals:
        return Totals(
            self.count + other.count,
            self.duration + other.duration,
            self.distance + other.distance,
            self.load + other.load,
        )

    def __neg__(self) -> Totals:
        return Totals(-self.count, -self.duration, -self.distance, -self.load)

    @property
    def is_zero(self) -> bool:
        return self.count == 0 and self.duration == 0 and self.distance == 0 and self.load == 0

    def load_totals(self) -> LoadTotals:
        """What the training-load maths needs from a day: sessions and summed load."""
        return LoadTotals(self.count, self.load)

    @staticmethod
    def of(session: SessionDetails) -> Totals:
        load = session.load if isinstance(session, TrainingSession) else None
        return Totals(1, session.duration, session.distance, load or Decimal(0))


class Period(StrEnum):
    DAY = "day"
    MONTH = "month"
    ALL_TIME = "all-time"


# Everyone's totals for a day or a month are kept in this many shares, and a session counts
# in its athlete's share: no one item is then written by every session write (concurrent
# transactions on one item cancel each other, and one item takes only so many writes a
# second). Everyone's totals are the sum of the shares that exist, whatever this number.
EVERYONE_SHARDS = 16


def everyone_shard(athlete_id: str) -> int:
    """The share of everyone's totals an athlete's sessions count in (stable everywhere)."""
    digest = hashlib.sha256(athlete_id.encode()).digest()
    return int.from_bytes(digest[:4], "big") % EVERYONE_SHARDS


@dataclass(frozen=True)
class TotalsKey:
    """Whose totals (an athlete, or None for everyone), over which day or month (`start`
    its first day), or all time (`start` None); for everyone's, which share (`shard`)."""

    athlete_id: str | None
    period: Period
    start: date | None
    shard: int | None = None

    @staticmethod
    def everyones(period: Period, start: date | None, athlete_id: str) -> TotalsKey:
        """The share of everyone's totals that `athlete_id`'s sessions count in."""
        return TotalsKey(None, period, start, everyone_shard(athlete_id))


@dataclass(frozen=True)
class Bucket:
    """Totals for the days first..last (newest buckets first when listed)."""

    first: date
    last: date
    totals: Totals


def totals_keys(session: SessionDetails) -> list[TotalsKey]:
    month = session.date.replace(day=1)
    periods = ((Period.DAY, session.date), (Period.MONTH, month), (Period.ALL_TIME, None))
    own = [TotalsKey(session.athlete_id, period, start) for period, start in periods]
    return own + [
        TotalsKey.everyones(period, start, session.athlete_id) for period, start in periods
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


def summed_totals(sessions: Iterable[TrainingSession]) -> dict[TotalsKey, Totals]:
    """Every totals item these sessions add up to, as if written one by one."""
    summed: dict[TotalsKey, Totals] = defaultdict(Totals)
    for session in sessions:
        for key, delta in totals_changes(None, session).items():
            summed[key] = summed[key] + delta
    return dict(summed)
