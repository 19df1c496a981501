"""Items for many athletes and sessions at once, totals included, for loading in bulk.

Used where writing one transaction per session would be needlessly slow: importing a table
in another layout, and filling large stores for benchmarks and cost tests.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal

from training_tracker.domain.models import Athlete, TrainingSession
from training_tracker.domain.totals import Period, Totals, TotalsKey, totals_changes
from training_tracker.store import keys
from training_tracker.store.port import Item
from training_tracker.store.repository import athlete_item, locator_item, session_item, totals_key


def totals_item(key: TotalsKey, totals: Totals) -> Item:
    return {
        **totals_key(key),
        "type": keys.DAY_TOTALS_TYPE if key.period is Period.DAY else keys.MONTH_TOTALS_TYPE,
        "start": key.start.isoformat(),
        "count": Decimal(totals.count),
        "duration": totals.duration,
        "distance": totals.distance,
        "load": totals.load,
    }


def sum_totals(sessions: Iterable[TrainingSession]) -> dict[TotalsKey, Totals]:
    summed: dict[TotalsKey, Totals] = defaultdict(Totals)
    for session in sessions:
        for key, delta in totals_changes(None, session).items():
            summed[key] = summed[key] + delta
    return summed


def bulk_items(athletes: Iterable[Athlete], sessions: list[TrainingSession]) -> list[Item]:
    """Every item the write path would have produced for these athletes and sessions."""
    counts = Counter(s.athlete_id for s in sessions)
    items = [athlete_item(replace(a, session_count=counts.get(a.id, 0))) for a in athletes]
    for session in sessions:
        items += [session_item(session), locator_item(session)]
    items += [totals_item(key, totals) for key, totals in sum_totals(sessions).items()]
    return items
