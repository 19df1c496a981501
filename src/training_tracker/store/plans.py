"""Planned sessions on the single-table design: items, and the reads and writes on them.

A plan lives in its athlete's partition under PLAN#<date>#<pid>, so a date range is one
Query reading only the plans it returns; a small locator item (PLANID#<pid>) holds its
date so it can be found by id. Writes go through the unit of work (`Transaction`), every
one conditional: a plan changed or deleted since it was read is never overwritten.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from training_tracker.domain.plans import PlannedSession
from training_tracker.domain.session_load import Sport
from training_tracker.store import keys
from training_tracker.store.port import (
    MUST_EXIST,
    MUST_NOT_EXIST,
    Condition,
    Delete,
    Item,
    Put,
    SortKeyCondition,
    Table,
    WriteAction,
)


def plan_item(plan: PlannedSession) -> Item:
    item: Item = {
        **keys.plan_key(plan.athlete_id, plan.date, plan.id),
        "type": keys.PLAN_TYPE,
        "id": plan.id,
        "athlete_id": plan.athlete_id,
        "date": plan.date.isoformat(),
        "duration": plan.duration,
        "created_at": plan.created_at.isoformat(),
        "updated_at": plan.updated_at.isoformat(),
    }
    optional = {
        "session_id": plan.session_id,
        "sport": None if plan.sport is None else plan.sport.value,
        "rpe": None if plan.rpe is None else Decimal(plan.rpe),
        "load": plan.load,
        "title": plan.title,
        "notes": plan.notes,
    }
    item.update({name: value for name, value in optional.items() if value is not None})
    return item


def plan_from_item(item: Item) -> PlannedSession:
    return PlannedSession(
        id=item["id"],
        athlete_id=item["athlete_id"],
        date=date.fromisoformat(item["date"]),
        duration=item["duration"],
        sport=None if item.get("sport") is None else Sport(item["sport"]),
        rpe=None if item.get("rpe") is None else int(item["rpe"]),
        load=item.get("load"),
        title=item.get("title"),
        notes=item.get("notes"),
        session_id=item.get("session_id"),
        created_at=datetime.fromisoformat(item["created_at"]),
        updated_at=datetime.fromisoformat(item["updated_at"]),
    )


def plan_locator_item(plan: PlannedSession) -> Item:
    return {
        **keys.plan_locator_key(plan.athlete_id, plan.id),
        "type": keys.PLAN_LOCATOR_TYPE,
        "date": plan.date.isoformat(),
    }


def _unchanged(plan: PlannedSession) -> Condition:
    return Condition(exists=True, equals={"updated_at": plan.updated_at.isoformat()})


class PlanStore:
    def __init__(self, table: Table) -> None:
        self.table = table

    def get(self, athlete_id: str, plan_id: str) -> PlannedSession | None:
        """Two key lookups: the locator, then the plan on the date it names."""
        locator = self.table.get(keys.plan_locator_key(athlete_id, plan_id))
        if locator is None:
            return None
        item = self.table.get(
            keys.plan_key(athlete_id, date.fromisoformat(locator["date"]), plan_id)
        )
        return None if item is None else plan_from_item(item)

    def between(
        self,
        athlete_id: str,
        first: date,
        last: date,
        *,
        limit: int,
        after: tuple[date, str] | None = None,
    ) -> tuple[list[PlannedSession], bool]:
        """Up to `limit` plans dated first..last by date (then id), after the plan `after`
        names; and whether the Query stopped before the end of the range. One request."""
        low, high = keys.plan_sort_bounds(first, last)
        start = None if after is None else keys.plan_key(athlete_id, after[0], after[1])
        page = self.table.query(
            partition=keys.athlete_partition(athlete_id),
            sort=SortKeyCondition(low=low, high=high),
            limit=limit,
            start=start,
        )
        return [plan_from_item(item) for item in page.items], page.last_key is not None

    def every_between(self, athlete_id: str, first: date, last: date) -> list[PlannedSession]:
        """Every plan dated first..last (paged until done): the projection's input."""
        plans: list[PlannedSession] = []
        after: tuple[date, str] | None = None
        while True:
            page, more = self.between(athlete_id, first, last, limit=200, after=after)
            plans += page
            if not more or not page:
                return plans
            after = (page[-1].date, page[-1].id)


def plan_create_actions(plan: PlannedSession) -> list[WriteAction]:
    """A new plan and its locator (the id must be new)."""
    return [Put(plan_item(plan), MUST_NOT_EXIST), Put(plan_locator_item(plan), MUST_NOT_EXIST)]


def plan_replace_actions(before: PlannedSession, after: PlannedSession) -> list[WriteAction]:
    """`after` over `before` (moving it when the date changed), only if the stored plan is
    still `before`."""
    if before.date == after.date:
        return [Put(plan_item(after), _unchanged(before))]
    old_key = keys.plan_key(before.athlete_id, before.date, before.id)
    return [
        Delete(old_key, _unchanged(before)),
        Put(plan_item(after), MUST_NOT_EXIST),
        Put(plan_locator_item(after), MUST_EXIST),
    ]


def plan_delete_actions(plan: PlannedSession) -> list[WriteAction]:
    return [
        Delete(keys.plan_key(plan.athlete_id, plan.date, plan.id), _unchanged(plan)),
        Delete(keys.plan_locator_key(plan.athlete_id, plan.id)),
    ]
