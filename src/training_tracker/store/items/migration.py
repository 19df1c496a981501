"""A migration's record: the old table's view per athlete, the repairs, and a closing item."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal

from training_tracker.domain.migration import AthleteView, DayFigures, MigrationPlan, Problem
from training_tracker.store import keys
from training_tracker.store.port import Item

# Each keeps an item far below DynamoDB's 400 KB (a day under 100 bytes, a problem a few hundred).
PROBLEMS_PER_ITEM = 100
DAYS_PER_ITEM = 1000


def record_items(job: str, plan: MigrationPlan) -> Iterator[Item]:
    """Every item of the record; the closing RECORD item comes last."""
    kind = {"type": keys.MIGRATION_RECORD_TYPE}
    for athlete_id, view in plan.view.items():
        days = sorted(view.days.items())
        for part, start in enumerate(range(0, max(len(days), 1), DAYS_PER_ITEM)):
            yield {
                **keys.migration_view_key(job, athlete_id, part),
                **kind,
                "athlete_id": athlete_id,
                "name": view.name,
                "days": {
                    day.isoformat(): [Decimal(f.count), f.duration, f.distance]
                    for day, f in days[start : start + DAYS_PER_ITEM]
                },
            }
    for chunk, start in enumerate(range(0, len(plan.problems), PROBLEMS_PER_ITEM)):
        problems = plan.problems[start : start + PROBLEMS_PER_ITEM]
        yield {
            **keys.migration_problems_key(job, chunk),
            **kind,
            "problems": [
                {"kind": p.kind, "pk": p.pk, "sk": p.sk, "reason": p.reason} for p in problems
            ],
        }
    yield {
        **keys.migration_plan_key(job),
        **kind,
        "athletes": Decimal(len(plan.view)),
        "problems": Decimal(len(plan.problems)),
    }


def plan_from_items(items: Iterable[Item]) -> MigrationPlan | None:
    """The recorded plan, or None when the record is absent or was not finished."""
    plan, closed = MigrationPlan(), False
    for item in items:
        if keys.is_migration_view(item):
            view = plan.view.setdefault(item["athlete_id"], AthleteView(item["name"]))
            view.days.update(
                {
                    date.fromisoformat(day): DayFigures(int(c), Decimal(d), Decimal(k))
                    for day, (c, d, k) in item["days"].items()
                }
            )
        elif keys.is_migration_aside(item):
            continue
        elif keys.is_migration_problems(item):
            plan.problems += [
                Problem(p["kind"], p["pk"], p["sk"], p["reason"]) for p in item["problems"]
            ]
        else:
            closed = True
    return plan if closed else None


def aside_item(job: str, old: Item) -> Item:
    return {
        **keys.migration_aside_key(job, keys.key_of(old)),
        "type": keys.MIGRATION_RECORD_TYPE,
        "item": old,
    }
