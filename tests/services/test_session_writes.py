"""Session use cases straight on the service: log, change, move, delete, and their races."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from tests.store.invariants import assert_consistent
from training_tracker.domain.models import SessionDetails, TrainingSession
from training_tracker.errors import NotFoundError, PreconditionFailedError
from training_tracker.services.athletes import AthleteService
from training_tracker.services.preconditions import IfMatch
from training_tracker.services.sessions import SessionService
from training_tracker.store.repository import Repository
from training_tracker.store.sqlite import SqliteTable


def details(athlete_id: str, day: date = date(2024, 5, 1), **changes: object) -> SessionDetails:
    base = SessionDetails(
        athlete_id=athlete_id, date=day, duration=Decimal(30), distance=Decimal(5)
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_logging_a_session_counts_it_everywhere(
    athletes: AthleteService, sessions: SessionService, store: SqliteTable
) -> None:
    ann = athletes.create("Ann")
    logged = sessions.create(details(ann.id, rpe=5))
    assert sessions.get(logged.id) == logged
    assert (logged.athlete_name, logged.version, logged.load) == ("Ann", 1, Decimal(150))
    assert athletes.get(ann.id).session_count == 1
    assert sessions.totals(ann.id, None, None).count == 1
    assert sessions.totals(None, date(2024, 5, 1), date(2024, 5, 1)).distance == Decimal(5)
    assert_consistent(store)


def test_a_session_for_a_missing_athlete_writes_nothing(
    sessions: SessionService, store: SqliteTable
) -> None:
    with pytest.raises(NotFoundError):
        sessions.create(details("nobody"))
    assert sessions.totals(None, None, None).count == 0
    assert store.scan(limit=10).items == []


def test_an_update_rewrites_the_session_and_its_totals(
    athletes: AthleteService, sessions: SessionService, store: SqliteTable
) -> None:
    ann = athletes.create("Ann")
    logged = sessions.create(details(ann.id))
    updated = sessions.update(logged.id, details(ann.id, distance=Decimal(8), notes="Tempo"))
    assert (updated.version, updated.notes, updated.created_at) == (2, "Tempo", logged.created_at)
    assert sessions.get(logged.id) == updated
    assert sessions.totals(ann.id, None, None).distance == Decimal(8)
    assert_consistent(store)


def test_moving_a_session_to_another_athlete_and_month(
    athletes: AthleteService, sessions: SessionService, store: SqliteTable
) -> None:
    ann, bob = athletes.create("Ann"), athletes.create("Bob")
    logged = sessions.create(details(ann.id))
    moved = sessions.update(logged.id, details(bob.id, date(2024, 7, 3)))
    assert (moved.athlete_id, moved.athlete_name, moved.date) == (bob.id, "Bob", date(2024, 7, 3))
    assert sessions.get(logged.id) == moved  # found by id where it now lives
    assert (athletes.get(ann.id).session_count, athletes.get(bob.id).session_count) == (0, 1)
    assert sessions.totals(ann.id, None, None).count == 0
    assert sessions.totals(None, date(2024, 5, 1), date(2024, 5, 31)).count == 0
    listed = sessions.list(athlete_id=None, start=None, end=None, limit=10, offset=0)
    assert [s.id for s in listed.sessions] == [logged.id]
    assert_consistent(store)


def test_deleting_a_session_removes_it_and_its_counts(
    athletes: AthleteService, sessions: SessionService, store: SqliteTable
) -> None:
    ann = athletes.create("Ann")
    logged = sessions.create(details(ann.id))
    sessions.delete(logged.id)
    with pytest.raises(NotFoundError):
        sessions.get(logged.id)
    assert athletes.get(ann.id).session_count == 0
    assert sessions.totals(None, None, None).count == 0
    with pytest.raises(NotFoundError):
        sessions.delete(logged.id)
    assert_consistent(store)


def test_a_stale_if_match_changes_nothing(
    athletes: AthleteService, sessions: SessionService
) -> None:
    ann = athletes.create("Ann")
    logged = sessions.create(details(ann.id))
    sessions.update(logged.id, details(ann.id, notes="first"))
    stale = IfMatch(versions=frozenset({1}))
    with pytest.raises(PreconditionFailedError):
        sessions.update(logged.id, details(ann.id, notes="second"), if_match=stale)
    with pytest.raises(PreconditionFailedError):
        sessions.delete(logged.id, if_match=stale)
    assert sessions.get(logged.id).notes == "first"


class RacingRepository(Repository):
    """Someone else changes the session right after the service first reads it."""

    raced = False

    def get_session(self, session_id: str) -> TrainingSession | None:
        found = super().get_session(session_id)
        if found is not None and not self.raced:
            self.raced = True
            theirs = replace(found, notes="theirs", version=found.version + 1)
            self.change_session(found, theirs)
        return found


def test_an_update_that_lost_a_race_reads_again_and_applies_on_top(
    store: SqliteTable, athletes: AthleteService, sessions: SessionService
) -> None:
    ann = athletes.create("Ann")
    logged = sessions.create(details(ann.id))
    racing = RacingRepository(store, page_size=2)
    updated = SessionService(racing).update(logged.id, details(ann.id, distance=Decimal(9)))
    assert racing.raced
    assert (updated.version, updated.notes, updated.distance) == (3, None, Decimal(9))
    assert sessions.get(logged.id) == updated
    assert_consistent(store)


def test_if_match_on_the_version_a_race_replaced_fails(
    store: SqliteTable, athletes: AthleteService, sessions: SessionService
) -> None:
    ann = athletes.create("Ann")
    logged = sessions.create(details(ann.id))
    racing = SessionService(RacingRepository(store, page_size=2))
    with pytest.raises(PreconditionFailedError):
        racing.update(logged.id, details(ann.id), if_match=IfMatch(versions=frozenset({1})))
    assert sessions.get(logged.id).notes == "theirs"
