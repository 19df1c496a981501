"""Athlete use cases straight on the service: rename (copies refreshed), delete and cascade."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.store.invariants import assert_consistent, scan_all
from training_tracker.domain.models import SessionDetails
from training_tracker.errors import AthleteHasSessionsError, NotFoundError, PreconditionFailedError
from training_tracker.services.athletes import AthleteService
from training_tracker.services.preconditions import IfMatch
from training_tracker.services.sessions import SessionService
from training_tracker.store.sqlite import SqliteTable


def log(sessions: SessionService, athlete_id: str, day: date, **more: object) -> str:
    found = SessionDetails(
        athlete_id=athlete_id, date=day, duration=Decimal(40), distance=Decimal(6), **more
    )  # type: ignore[arg-type]
    return sessions.create(found).id


def test_a_rename_reaches_every_session_copy(
    athletes: AthleteService, sessions: SessionService, store: SqliteTable
) -> None:
    ann = athletes.create("Ann")
    ids = [log(sessions, ann.id, date(2024, 5, day)) for day in range(1, 6)]
    renamed = athletes.rename(ann.id, "Anna")
    assert (renamed.name, renamed.version) == ("Anna", 2)
    assert {sessions.get(i).athlete_name for i in ids} == {"Anna"}
    assert [a.name for a in athletes.list()] == ["Anna"]
    assert_consistent(store)


def test_a_heart_rate_change_recomputes_the_loads_it_gives(
    athletes: AthleteService, sessions: SessionService, store: SqliteTable
) -> None:
    hal = athletes.create("Hal", resting_heart_rate=Decimal(50), max_heart_rate=Decimal(190))
    by_heart = log(sessions, hal.id, date(2024, 5, 1), avg_heart_rate=Decimal(150))
    by_rpe = log(sessions, hal.id, date(2024, 5, 2), rpe=4, avg_heart_rate=Decimal(150))
    before = sessions.get(by_heart).load
    athletes.update(hal.id, {"max_heart_rate": Decimal(170)})
    assert sessions.get(by_heart).load != before
    assert sessions.get(by_heart).version == 2
    assert sessions.get(by_rpe).load == Decimal(160)  # RPE decides, the profile does not
    assert sessions.get(by_rpe).version == 1
    assert_consistent(store)


def test_a_stale_if_match_keeps_the_profile(athletes: AthleteService) -> None:
    ann = athletes.create("Ann")
    athletes.rename(ann.id, "Anna")
    with pytest.raises(PreconditionFailedError):
        athletes.update(ann.id, {"name": "Annie"}, if_match=IfMatch(versions=frozenset({1})))
    with pytest.raises(PreconditionFailedError):
        athletes.delete(ann.id, cascade=True, if_match=IfMatch(versions=frozenset({1})))
    assert athletes.get(ann.id).name == "Anna"


def test_an_athlete_with_sessions_is_kept_without_cascade(
    athletes: AthleteService, sessions: SessionService
) -> None:
    ann = athletes.create("Ann")
    log(sessions, ann.id, date(2024, 5, 1))
    with pytest.raises(AthleteHasSessionsError):
        athletes.delete(ann.id, cascade=False)
    assert athletes.get(ann.id).session_count == 1


def test_a_cascading_delete_removes_every_item_of_the_athlete(
    athletes: AthleteService, sessions: SessionService, store: SqliteTable
) -> None:
    """Sixty sessions on sixty days need more than one transaction (100 actions each)."""
    ann, bob = athletes.create("Ann"), athletes.create("Bob")
    for n in range(60):
        log(sessions, ann.id, date(2024, 4, 1) + timedelta(days=n))
    kept = log(sessions, bob.id, date(2024, 4, 1))
    athletes.delete(ann.id, cascade=True)
    with pytest.raises(NotFoundError):
        athletes.get(ann.id)
    assert [item for item in scan_all(store) if ann.id in str(item)] == []
    assert sessions.totals(None, None, None).count == 1
    assert sessions.get(kept).athlete_name == "Bob"
    assert_consistent(store)
