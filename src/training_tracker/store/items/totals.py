"""Day and month totals items: count, duration, distance and load summed per period."""

from __future__ import annotations

from decimal import Decimal

from training_tracker.domain.totals import Period, Totals, TotalsKey
from training_tracker.store import keys
from training_tracker.store.port import Item, Key


def totals_key(key: TotalsKey) -> Key:
    if key.period is Period.DAY:
        return keys.day_totals_key(key.athlete_id, key.start)
    return keys.month_totals_key(key.athlete_id, key.start)


def totals_type(key: TotalsKey) -> str:
    return keys.DAY_TOTALS_TYPE if key.period is Period.DAY else keys.MONTH_TOTALS_TYPE


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
        "type": totals_type(key),
        "start": key.start.isoformat(),
        **totals_numbers(totals),
    }


def totals_from_item(item: Item) -> Totals:
    return Totals(
        int(item.get("count", 0)),
        item.get("duration", Decimal(0)),
        item.get("distance", Decimal(0)),
        item.get("load", Decimal(0)),
    )
