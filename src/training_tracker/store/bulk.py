"""Items for many athletes and sessions at once, totals included, for loading in bulk.

Used where writing one transaction per session would be needlessly slow: filling large
stores for benchmarks and cost tests.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from training_tracker.domain.models import Athlete, TrainingSession
from training_tracker.domain.totals import summed_totals
from training_tracker.store.items.athletes import athlete_item, athletes_count_items
from training_tracker.store.items.sessions import locator_item, session_item
from training_tracker.store.items.totals import totals_item
from training_tracker.store.port import Item


def bulk_items(athletes: Iterable[Athlete], sessions: list[TrainingSession]) -> list[Item]:
    """Every item the write path would have produced for these athletes and sessions."""
    counts = Counter(s.athlete_id for s in sessions)
    athletes = list(athletes)
    firsts: dict[str, date] = {}
    for s in sessions:
        firsts[s.athlete_id] = min(firsts.get(s.athlete_id, s.date), s.date)
    items = [
        athlete_item(
            replace(a, session_count=counts.get(a.id, 0), first_session_date=firsts.get(a.id))
        )
        for a in athletes
    ]
    items += athletes_count_items(a.id for a in athletes)
    for session in sessions:
        items += [session_item(session), locator_item(session)]
    items += [totals_item(key, totals) for key, totals in summed_totals(sessions).items()]
    return items
