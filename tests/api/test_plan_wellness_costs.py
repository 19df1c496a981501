"""What planned-session and wellness requests cost in DynamoDB, at two history sizes: a
date range reads only what it returns (wellness: plus its baseline), a plan by id two items."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from tests.api.test_costs import Cost, world_of
from training_tracker.domain.plans import PlannedSession
from training_tracker.domain.wellness import Wellness
from training_tracker.store.plans import plan_item
from training_tracker.store.wellness import wellness_item

WEEK = date(2024, 6, 3)


def plans_for(athlete_id: str, count: int) -> list[PlannedSession]:
    """`count` plans over the year before and after WEEK (none in it), and 5 in it."""
    created = datetime(2024, 1, 1, tzinfo=UTC)
    days = [WEEK + timedelta(days=7 + n % 300) for n in range(count // 2)]
    days += [WEEK - timedelta(days=1 + n % 300) for n in range(count - count // 2)]
    days += [WEEK + timedelta(days=n % 7) for n in range(5)]
    return [
        PlannedSession(
            id=f"plan-{n:05}",
            athlete_id=athlete_id,
            date=day,
            duration=Decimal(45),
            rpe=5,
            created_at=created,
            updated_at=created,
        )
        for n, day in enumerate(days)
    ]


def test_plan_reads_do_not_grow_with_the_plans(tmp_path: Path) -> None:
    costs: dict[int, dict[str, Cost]] = {}
    for count in (40, 400):
        with world_of(50, tmp_path) as world:
            athlete = world.athlete_ids[0]
            world.client.app.state.table.batch_put(  # type: ignore[attr-defined]
                [plan_item(p) for p in plans_for(athlete, count)]
            )
            url = f"/v1/athletes/{athlete}/planned-sessions"
            made = world.client.post(url, json={"date": "2025-01-01", "duration": 30}).json()
            week = {"startDate": WEEK.isoformat(), "endDate": (WEEK + timedelta(6)).isoformat()}
            listed = world.client.get(url, params=week).json()
            assert len(listed["data"]) == 5
            # The first cursor a process signs reads the shared secret once: not this cost.
            world.client.get(url, params={**week, "limit": 2})
            costs[count] = {
                "week": world.cost(lambda c, u=url, p=week: c.get(u, params=p)),
                "by id": world.cost(lambda c, u=url, i=made["id"]: c.get(f"{u}/{i}")),
                "page of 2": world.cost(
                    lambda c, u=url, p=week: c.get(u, params={**p, "limit": 2})
                ),
            }
            body = {"date": "2025-01-02", "duration": 30}
            costs[count]["create"] = world.cost(lambda c, u=url, b=body: c.post(u, json=b))
            assert world.counter.operations == ["TransactWriteItems"]
            costs[count]["move"] = world.cost(
                lambda c, u=url, i=made["id"], b=body: c.put(f"{u}/{i}", json=b)
            )
            assert world.counter.operations == ["GetItem", "GetItem", "TransactWriteItems"]
            costs[count]["complete"] = world.cost(
                lambda c, u=url, i=made["id"]: c.post(f"{u}/{i}/complete", json={"distance": 5})
            )
            assert world.counter.operations == [
                "GetItem",  # plan locator
                "GetItem",  # plan
                "GetItem",  # athlete
                "TransactWriteItems",  # session, locator, totals, athlete, plan: one write
            ]
    assert costs[40] == costs[400]
    big = costs[400]
    assert big["week"] == Cost(2, 1 + 5)  # the athlete, then the 5 plans of the week
    assert big["page of 2"] == Cost(2, 1 + 2)
    assert big["by id"] == Cost(2, 2)  # locator, plan
    assert big["create"] == Cost(1, 0)
    assert big["move"] == Cost(3, 2)
    assert big["complete"] == Cost(4, 3)


def test_wellness_reads_the_range_and_its_baseline_only(tmp_path: Path) -> None:
    """A week of wellness reads that week and the 66 days before it (the trends' baseline),
    whether the athlete has 100 or 700 days of history."""
    costs: dict[int, dict[str, Cost]] = {}
    for history in (100, 700):
        with world_of(50, tmp_path) as world:
            athlete = world.athlete_ids[0]
            last = WEEK + timedelta(days=6)
            days = [last - timedelta(days=n) for n in range(history)]
            updated = datetime(2024, 1, 1, tzinfo=UTC)
            world.client.app.state.table.batch_put(  # type: ignore[attr-defined]
                [
                    wellness_item(
                        Wellness(athlete_id=athlete, date=d, updated_at=updated, hrv=Decimal(60))
                    )
                    for d in days
                ]
            )
            url = f"/v1/athletes/{athlete}/wellness"
            week = {"startDate": WEEK.isoformat(), "endDate": last.isoformat()}
            assert len(world.client.get(url, params=week).json()["data"]) == 7
            costs[history] = {
                "week": world.cost(lambda c, u=url, p=week: c.get(u, params=p)),
                "day": world.cost(lambda c, u=url: c.get(f"{u}/{WEEK.isoformat()}")),
                "put": world.cost(
                    lambda c, u=url: c.put(f"{u}/{WEEK.isoformat()}", json={"mood": 3})
                ),
            }
    assert costs[100] == costs[700]
    # the athlete, then one Query (page size 100) for 7 + 66 days
    assert costs[700]["week"] == Cost(2, 1 + 7 + 66)
    assert costs[700]["day"] == Cost(1, 1)
    assert costs[700]["put"] == Cost(1, 0)
