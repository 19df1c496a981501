"""Session writes are conditioned on the athlete's version: a load or name computed from a
profile that changed meanwhile is never stored; the service reads again and retries."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from tests.store.invariants import assert_consistent
from training_tracker.domain.load import Sex
from training_tracker.domain.models import Athlete, SessionDetails, TrainingSession
from training_tracker.services.athletes import AthleteService
from training_tracker.services.sessions import SessionService
from training_tracker.store import keys
from training_tracker.store.port import Put, Table, TransactionCancelledError
from training_tracker.store.repository import Repository

NOW = datetime(2024, 5, 1, tzinfo=UTC)
HR = {"resting_heart_rate": Decimal(60), "max_heart_rate": Decimal(190), "sex": Sex.MALE}


def test_a_stale_athlete_version_cancels_the_session_write(table: Table) -> None:
    repository = Repository(table, page_size=2)
    athlete = AthleteService(repository).create("Hal", **HR)
    assert repository.get_athlete(athlete.id) == athlete
    assert athlete.version == 1
    AthleteService(repository).update(athlete.id, {"max_heart_rate": Decimal(170)})
    assert repository.get_athlete(athlete.id).version == 2  # type: ignore[union-attr]
    session = TrainingSession(
        athlete_id=athlete.id,
        date=date(2024, 5, 1),
        duration=Decimal(60),
        distance=Decimal(10),
        id="s-1",
        athlete_name="Hal",
        created_at=NOW,
        updated_at=NOW,
    )
    with pytest.raises(TransactionCancelledError):
        repository.change_session(None, session, athlete_version=1)
    repository.change_session(None, session, athlete_version=2)
    assert repository.get_session("s-1") == session


class RacingRepository(Repository):
    """Changes the athlete's maximum heart rate right after the service first reads it."""

    raced = False

    def get_athlete(self, athlete_id: str) -> Athlete | None:
        athlete = super().get_athlete(athlete_id)
        if athlete is not None and not self.raced:
            self.raced = True
            self.update_athlete(
                athlete, replace(athlete, max_heart_rate=Decimal(165), version=athlete.version + 1)
            )
        return athlete


def test_a_concurrent_heart_rate_change_makes_the_service_retry(table: Table) -> None:
    athlete = AthleteService(Repository(table, page_size=2)).create("Hal", **HR)
    racing = RacingRepository(table, page_size=2)
    details = SessionDetails(
        athlete_id=athlete.id,
        date=date(2024, 5, 1),
        duration=Decimal(60),
        distance=Decimal(10),
        avg_heart_rate=Decimal(151),
    )
    session = SessionService(racing, clock=lambda: NOW).create(details)
    assert racing.raced
    # Computed from maximum 165 (the profile that won), not 190 (103.07).
    assert (session.load, session.load_method) == (Decimal("175.73"), "trimp")
    assert racing.get_session(session.id) == session
    assert_consistent(table)


def test_athletes_written_before_versions_still_take_sessions(table: Table) -> None:
    repository = Repository(table, page_size=2)
    athlete = AthleteService(repository).create("Old")
    item = table.get(keys.athlete_key(athlete.id))
    assert item is not None
    del item["version"]  # as written before versions existed
    table.write(Put(item))
    legacy = repository.get_athlete(athlete.id)
    assert legacy is not None
    assert legacy.version == 0
    sessions = SessionService(repository, clock=lambda: NOW)
    details = SessionDetails(
        athlete_id=athlete.id, date=date(2024, 5, 1), duration=Decimal(30), distance=Decimal(5)
    )
    sessions.create(details)
    updated = AthleteService(repository).update(athlete.id, {"name": "New"})
    assert updated.version == 1
    assert repository.get_athlete(athlete.id) == replace(updated, session_count=1)
    sessions.create(details)
    assert_consistent(table)
