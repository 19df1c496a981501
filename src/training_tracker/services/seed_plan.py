"""What a seed-v1 migration will do, decided before anything is written (read-only).

Two passes over the seed's table:

1. Rank: for every session id, which of its items to keep. The seed's update wrote a moved
   session under its new athlete and never deleted the old item, so an id can have several.
   The copy the seed wrote last (`UpdatedAt`) is the session; on a tie, the copy the seed's
   own by-id lookup returned (the first in its index, `<date>#<sid>` ascending: the one its
   GET, PUT and DELETE acted on); if that ties too, the smaller partition key, so reruns
   agree. Memory: one entry per session id (id, rank and key) for both passes; see
   docs/migration.md for what that comes to.
2. Check: every kept item is converted as the copy will convert it; what can't be, and
   sessions whose athlete is gone, are problems. Athlete names the API would refuse are
   repaired. The result is the seed's logical view after these announced repairs: per
   athlete its name and per day how many sessions, how long, how far. `verify` compares
   the migrated table with it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import NamedTuple

from training_tracker.domain.migration import (
    DUPLICATE,
    NAME,
    ORPHAN,
    UNREADABLE,
    AthleteView,
    DayFigures,
    MigrationPlan,
    Problem,
)
from training_tracker.store import seed_layout
from training_tracker.store.port import Item

# Why the API would refuse an athlete name, or None if it takes it.
NameCheck = Callable[[str], str | None]


def _pair(key: Item) -> tuple[str, str]:
    return str(key[seed_layout.SEED_PK]), str(key[seed_layout.SEED_SK])


def _problem(kind: str, key: Item, reason: str) -> Problem:
    pk, sk = _pair(key)
    return Problem(kind, pk, sk, reason)


class _Rank(NamedTuple):
    """What decides between copies of one session; small, as one is held per session id."""

    written_at: str
    place: str | None  # the copy's sort key in the seed's index; None when it is not there
    key: tuple[str, str]

    def beats(self, other: _Rank) -> bool:
        """Written later; then first in the seed's index; then the smaller key."""
        if self.written_at != other.written_at:
            return self.written_at > other.written_at
        if self.place is None or other.place is None:
            if self.place is not other.place:
                return other.place is None
        elif self.place != other.place:
            return self.place < other.place
        return self.key < other.key


def _rank(item: Item) -> _Rank:
    index = seed_layout.index_sort_key(item)
    return _Rank(seed_layout.written_at(item), index, _pair(seed_layout.seed_key(item)))


def repaired_name(athlete_id: str, name: str | None, check: NameCheck) -> str:
    """The name without what the API refuses (control and format characters, lone
    surrogates, excess length); a placeholder when nothing usable is left."""
    placeholder = f"Athlete {athlete_id}"[:200]
    if check(placeholder) is not None:
        placeholder = "Athlete"
    if name is None:
        return placeholder
    kept = "".join(
        "\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c
        for c in name
        if unicodedata.category(c) not in ("Cc", "Cf")
    ).strip()
    while kept and check(kept) is not None and len(kept) > 1:
        kept = kept[: max(1, min(len(kept) - 1, 200))].strip()
    return kept if kept and check(kept) is None else placeholder


def _short(name: str | None) -> str:
    text = repr(name)
    return text if len(text) <= 60 else f"{text[:50]}...' ({len(name or '')} characters)"


def plan_migration(items: Callable[[], Iterable[Item]], check_name: NameCheck) -> MigrationPlan:
    """The plan for the seed table whose items `items()` yields (called once per pass)."""
    plan = MigrationPlan()
    best: dict[str, _Rank] = {}
    for item in items():
        if seed_layout.is_seed_athlete(item):
            athlete_id = seed_layout.seed_athlete_id(item)
            raw = seed_layout.athlete_name(item)
            problem = "has no name" if raw is None else check_name(raw)
            name = raw if raw is not None and problem is None else None
            if problem is not None:
                name = repaired_name(athlete_id, raw, check_name)
                plan.problems.append(
                    _problem(NAME, seed_layout.seed_key(item), f"{problem}; renamed {_short(name)}")
                )
            plan.view[athlete_id] = AthleteView(name or "")
        elif seed_layout.is_seed_session(item):
            session_id, rank = seed_layout.seed_session_id(item), _rank(item)
            held = best.get(session_id)
            if held is None or rank.beats(held):
                best[session_id] = rank
    for item in items():
        if not seed_layout.is_seed_session(item):
            continue
        key, session_id = seed_layout.seed_key(item), seed_layout.seed_session_id(item)
        kept = best[session_id]
        if _pair(key) != kept.key:
            plan.problems.append(
                _problem(
                    DUPLICATE,
                    key,
                    f"older copy of session {session_id} (UpdatedAt "
                    f"{seed_layout.written_at(item) or 'missing'}), dropped; kept the one under "
                    f"{kept.key[0]} (UpdatedAt {kept.written_at or 'missing'})",
                )
            )
            continue
        owner = plan.view.get(seed_layout.seed_athlete_id(item))
        if owner is None:
            athlete_id = seed_layout.seed_athlete_id(item)
            reason = f"athlete {athlete_id} does not exist; set aside"
            plan.problems.append(_problem(ORPHAN, key, reason))
            continue
        try:
            session = seed_layout.session_of(item, athlete_name=owner.name)
        except seed_layout.SeedItemError as error:
            plan.problems.append(_problem(UNREADABLE, key, f"{error}; set aside"))
            continue
        owner.days.setdefault(session.date, DayFigures()).add(session.duration, session.distance)
    return plan
