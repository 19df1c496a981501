"""Deleting an athlete removes everything it owns, on both engines, even when the store
fails half-way (then deleting again finishes the job) or a plan is written meanwhile."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from tests.support.failing_table import FailingWrites
from training_tracker.domain.models import SessionDetails
from training_tracker.domain.plans import PlanDetails
from training_tracker.domain.wellness import WellnessDetails
from training_tracker.errors import NotFoundError, StoreUnavailableError
from training_tracker.services.athletes import AthleteService
from training_tracker.services.plans import PlanService
from training_tracker.services.sessions import SessionService
from training_tracker.services.wellness import WellnessService
from training_tracker.store import keys
from training_tracker.store.plans import PlanStore
from training_tracker.store.port import Table
from training_tracker.store.repository import Repository
from training_tracker.store.wellness import WellnessStore

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
PLANS = 60  # 120 plan and locator items: two delete transactions, so one can fail between
DAYS = 3


class World:
    def __init__(self, table: Table) -> None:
        self.table = FailingWrites(table)
        repository = Repository(self.table, page_size=7)  # type: ignore[arg-type]
        ids = (f"id{n}" for n in itertools.count(1))
        self.athletes = AthleteService(repository, new_id=lambda: next(ids))
        self.sessions = SessionService(repository, clock=lambda: NOW, new_id=lambda: next(ids))
        self.plans = PlanService(
            repository,
            PlanStore(self.table),
            clock=lambda: NOW,
            new_id=lambda: next(ids),  # type: ignore[arg-type]
        )
        self.wellness = WellnessService(
            repository,
            WellnessStore(self.table, page_size=7),
            clock=lambda: NOW,  # type: ignore[arg-type]
        )

    def athlete_with_everything(self, name: str) -> str:
        athlete = self.athletes.create(name)
        for n in range(2):
            self.sessions.create(
                SessionDetails(
                    athlete_id=athlete.id,
                    date=date(2024, 5, 1 + n),
                    duration=Decimal(30),
                    distance=Decimal(5),
                )
            )
        for n in range(PLANS):
            self.plan(athlete.id, date(2024, 6, 1) + timedelta(days=n))
        for n in range(DAYS):
            self.wellness.put(athlete.id, date(2024, 5, 20 + n), WellnessDetails(hrv=Decimal(60)))
        return athlete.id

    def plan(self, athlete_id: str, day: date) -> None:
        self.plans.create(athlete_id, PlanDetails(date=day, duration=Decimal(45), rpe=5))

    def owned(self, athlete_id: str) -> list[dict[str, Any]]:
        """Every item in the athlete's partition."""
        page = self.table.query(partition=keys.athlete_partition(athlete_id), limit=1000)
        return page.items


@pytest.fixture
def world(table: Table) -> World:
    return World(table)


# Writes of the cascade: the sessions (one transaction), plans and wellness (two), athlete.
@pytest.mark.parametrize("fail_at", [1, 2, 3, 4])
def test_a_cascade_that_dies_half_way_is_finished_by_deleting_again(
    world: World, fail_at: int
) -> None:
    gone = world.athlete_with_everything("Gone")
    kept = world.athlete_with_everything("Kept")
    owned_before = len(world.owned(gone))
    world.table.arm(fail_at)
    with pytest.raises(StoreUnavailableError):
        world.athletes.delete(gone, cascade=True)
    assert world.table.fired
    assert world.athletes.get(gone).id == gone  # the athlete goes last: still there to retry
    assert 0 < len(world.owned(gone)) <= owned_before
    world.table.disarm()
    world.athletes.delete(gone, cascade=True)
    assert world.owned(gone) == []
    with pytest.raises(NotFoundError):
        world.athletes.get(gone)
    assert len(world.owned(kept)) == owned_before  # another athlete's items are untouched


def test_the_cascade_does_four_writes(world: World) -> None:
    """What the parameters above count on: the last write is the athlete's."""
    gone = world.athlete_with_everything("Gone")
    world.table.arm(10_000)
    world.athletes.delete(gone, cascade=True)
    assert world.table.writes == 4
    assert world.owned(gone) == []


def test_a_plan_written_during_the_cascade_is_deleted_too(world: World) -> None:
    gone = world.athlete_with_everything("Gone")
    # Just before the athlete's own deletion (the 4th write), a plan lands: the deletion's
    # condition sees it, so the cascade goes round again instead of leaving it behind.
    world.table.arm(4, then=lambda: world.plan(gone, date(2024, 9, 1)))
    world.athletes.delete(gone, cascade=True)
    assert world.table.fired
    assert world.owned(gone) == []


def test_a_wellness_day_written_during_the_cascade_is_deleted_too(world: World) -> None:
    gone = world.athlete_with_everything("Gone")

    def report() -> None:
        world.wellness.put(gone, date(2024, 9, 1), WellnessDetails(mood=4))

    world.table.arm(4, then=report)
    world.athletes.delete(gone, cascade=True)
    assert world.owned(gone) == []
