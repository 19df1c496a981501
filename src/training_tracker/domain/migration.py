"""What a migration from the seed's layout found and must leave behind: plain data, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

DUPLICATE = "duplicate"  # an older copy of a session: dropped (deleted when in place)
UNREADABLE = "unreadable"  # an item that can't be converted: not copied, set aside
ORPHAN = "orphan"  # a session whose athlete is gone: not copied, set aside
NAME = "name"  # an athlete name the API would refuse: copied with a repaired name
# Kept whole in the migration record (in place, moved there out of the athletes' partitions).
SET_ASIDE = frozenset({UNREADABLE, ORPHAN})
NOT_COPIED = SET_ASIDE | {DUPLICATE}


@dataclass(frozen=True)
class Problem:
    """One announced repair, with the key of the old item it concerns."""

    kind: str
    pk: str
    sk: str
    reason: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.pk} / {self.sk}: {self.reason}"


@dataclass
class DayFigures:
    count: int = 0
    duration: Decimal = Decimal(0)
    distance: Decimal = Decimal(0)

    def add(self, duration: Decimal, distance: Decimal) -> None:
        self.count += 1
        self.duration += duration
        self.distance += distance


@dataclass
class AthleteView:
    """One athlete as the migrated table must answer: name and figures per day."""

    name: str
    days: dict[date, DayFigures] = field(default_factory=dict)

    @property
    def sessions(self) -> int:
        return sum(d.count for d in self.days.values())


@dataclass
class MigrationPlan:
    """The seed's logical view after the announced repairs, and the repairs themselves."""

    view: dict[str, AthleteView] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def keys_of(self, kinds: frozenset[str]) -> set[tuple[str, str]]:
        return {(p.pk, p.sk) for p in self.problems if p.kind in kinds}

    @property
    def sessions(self) -> int:
        return sum(v.sessions for v in self.view.values())
