"""Bulk loader: the exact items the repository writes, built with its own item builders.

Creating 100k sessions through the API costs one transaction each; this writes the same
athletes, sessions, locators and day/month totals with `batch_put` instead, then checks the
result against the statistics endpoint so it cannot drift from the real write path.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from training_tracker.domain.models import Athlete, TrainingSession
from training_tracker.domain.totals import Totals, TotalsKey, totals_changes
from training_tracker.store.items.athletes import athlete_item, athletes_count_items
from training_tracker.store.items.sessions import locator_item, session_item
from training_tracker.store.port import Item, Table
from training_tracker.store.writes import totals_update

FIRST_DAY = date(2024, 1, 1)
DAYS = 731  # two years: 2024-01-01 .. 2025-12-31
NOTES = [None, "Easy", "Intervals", "Long run", "Tempo"]


@dataclass(frozen=True)
class Dataset:
    athletes: list[Athlete]
    sessions: list[TrainingSession]

    @property
    def busiest_day(self) -> int:
        """Most sessions anyone logged on one day: the most an offset skip may read."""
        return max(Counter(s.date for s in self.sessions).values())


def athlete_count(sessions: int) -> int:
    return max(10, sessions // 100)


def _new_id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def make_dataset(sessions: int, *, seed: int = 42) -> Dataset:
    """`sessions` sessions spread uniformly over two years and N/100 (at least 10) athletes."""
    rng = random.Random(seed)
    names = [f"Athlete {i:05d}" for i in range(athlete_count(sessions))]
    ids = [_new_id(rng) for _ in names]
    made: list[TrainingSession] = []
    for _ in range(sessions):
        index = rng.randrange(len(ids))
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        duration = Decimal(rng.randrange(20, 120))
        pace = Decimal(rng.randrange(45, 70)) / 10
        logged = datetime.combine(day, time(18, rng.randrange(60)), tzinfo=UTC)
        made.append(
            TrainingSession(
                id=_new_id(rng),
                athlete_id=ids[index],
                athlete_name=names[index],
                date=day,
                duration=duration,
                distance=(duration / pace).quantize(Decimal("0.01")),
                notes=rng.choice(NOTES),
                created_at=logged,
                updated_at=logged,
            )
        )
    counts = Counter(s.athlete_id for s in made)
    athletes = [
        Athlete(id=aid, name=name, session_count=counts[aid])
        for aid, name in zip(ids, names, strict=True)
    ]
    return Dataset(athletes, made)


def totals_items(sessions: list[TrainingSession]) -> Iterator[Item]:
    """Day and month totals, per athlete and for everyone, as the ADDs would leave them."""
    sums: dict[TotalsKey, Totals] = defaultdict(Totals)
    for session in sessions:
        for key, delta in totals_changes(None, session).items():
            sums[key] = sums[key] + delta
    for key, total in sums.items():
        update = totals_update(key, total)  # the repository's own ADD on a missing item
        yield {**update.key, **update.set, **update.add}


def items_of(data: Dataset) -> Iterator[Item]:
    for athlete in data.athletes:
        yield athlete_item(athlete)
    yield from athletes_count_items(a.id for a in data.athletes)
    for session in data.sessions:
        yield session_item(session)
        yield locator_item(session)
    yield from totals_items(data.sessions)


def load(table: Table, data: Dataset, *, chunk: int = 2000, workers: int = 1) -> int:
    """Writes every item with `batch_put`; returns how many were written."""
    items = list(items_of(data))
    chunks = [items[i : i + chunk] for i in range(0, len(items), chunk)]
    if workers <= 1:
        for part in chunks:
            table.batch_put(part)
    else:
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(table.batch_put, chunks))
    return len(items)
