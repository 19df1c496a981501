"""Day, month and all-time totals items: count, duration, distance and load summed."""

from __future__ import annotations

from decimal import Decimal

from training_tracker.domain.totals import Period, Totals, TotalsKey
from training_tracker.store import keys
from training_tracker.store.port import Item, Key


def totals_key(key: TotalsKey) -> Key:
    if key.start is None:
        return keys.all_time_totals_key(key.athlete_id, key.shard)
    if key.period is Period.DAY:
        return keys.day_totals_key(key.athlete_id, key.start, key.shard)
    return keys.month_totals_key(key.athlete_id, key.start, key.shard)


TYPES = {
    Period.DAY: keys.DAY_TOTALS_TYPE,
    Period.MONTH: keys.MONTH_TOTALS_TYPE,
    Period.ALL_TIME: keys.ALL_TIME_TOTALS_TYPE,
}


def totals_type(key: TotalsKey) -> str:
    return TYPES[key.period]


def totals_labels(key: TotalsKey) -> dict[str, str]:
    """What a totals item carries besides its key and numbers: its type, and the first day
    of its period (none for all time)."""
    labels = {"type": totals_type(key)}
    if key.start is not None:
        labels["start"] = key.start.isoformat()
    return labels


COUNT = "count"


def totals_numbers(totals: Totals) -> dict[str, Decimal]:
    return {
        COUNT: Decimal(totals.count),
        "duration": totals.duration,
        "distance": totals.distance,
        "load": totals.load,
    }


def totals_item(key: TotalsKey, totals: Totals) -> Item:
    return {
        **totals_key(key),
        **totals_labels(key),
        **totals_numbers(totals),
    }


def totals_from_item(item: Item) -> Totals:
    return Totals(
        int(item.get("count", 0)),
        item.get("duration", Decimal(0)),
        item.get("distance", Decimal(0)),
        item.get("load", Decimal(0)),
    )
