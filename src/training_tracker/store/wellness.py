"""Daily wellness on the single-table design: one item per athlete and day
(WELLNESS#<date> in the athlete's partition), so a date range is one Query reading only the
days stored in it. Writes go through the unit of work (`Transaction`)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from training_tracker.domain.wellness import Wellness
from training_tracker.store import keys
from training_tracker.store.port import (
    MUST_EXIST,
    Delete,
    Item,
    Put,
    SortKeyCondition,
    Table,
    query_all,
)

_NUMBERS = ("resting_heart_rate", "hrv", "sleep_hours", "weight")
_SCALES = ("sleep_quality", "soreness", "fatigue", "stress", "mood")


def wellness_item(day: Wellness) -> Item:
    item: Item = {
        **keys.wellness_key(day.athlete_id, day.date),
        "type": keys.WELLNESS_TYPE,
        "athlete_id": day.athlete_id,
        "date": day.date.isoformat(),
        "updated_at": day.updated_at.isoformat(),
    }
    for name in _NUMBERS:
        if (number := getattr(day, name)) is not None:
            item[name] = number
    for name in _SCALES:
        if (scale := getattr(day, name)) is not None:
            item[name] = Decimal(scale)
    if day.notes is not None:
        item["notes"] = day.notes
    return item


def wellness_from_item(item: Item) -> Wellness:
    def scale(name: str) -> int | None:
        return None if item.get(name) is None else int(item[name])

    return Wellness(
        athlete_id=item["athlete_id"],
        date=date.fromisoformat(item["date"]),
        updated_at=datetime.fromisoformat(item["updated_at"]),
        resting_heart_rate=item.get("resting_heart_rate"),
        hrv=item.get("hrv"),
        sleep_hours=item.get("sleep_hours"),
        sleep_quality=scale("sleep_quality"),
        soreness=scale("soreness"),
        fatigue=scale("fatigue"),
        stress=scale("stress"),
        mood=scale("mood"),
        weight=item.get("weight"),
        notes=item.get("notes"),
    )


class WellnessStore:
    def __init__(self, table: Table, *, page_size: int) -> None:
        self.table = table
        self.page_size = page_size

    def get(self, athlete_id: str, day: date) -> Wellness | None:
        item = self.table.get(keys.wellness_key(athlete_id, day))
        return None if item is None else wellness_from_item(item)

    def between(self, athlete_id: str, first: date, last: date) -> list[Wellness]:
        """Every stored day from `first` to `last`, oldest first (one paged Query)."""
        low, high = keys.wellness_sort_bounds(first, last)
        items = query_all(
            self.table,
            page_size=self.page_size,
            partition=keys.athlete_partition(athlete_id),
            sort=SortKeyCondition(low=low, high=high),
        )
        return [wellness_from_item(item) for item in items]


def wellness_put_action(day: Wellness) -> Put:
    """Creates or replaces the day."""
    return Put(wellness_item(day))


def wellness_delete_action(athlete_id: str, day: date) -> Delete:
    """Deletes the day; its condition fails when there is none."""
    return Delete(keys.wellness_key(athlete_id, day), MUST_EXIST)
