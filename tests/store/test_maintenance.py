"""rebuild-aggregates repairs totals, counts, names and locators, and resumes when cut short."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.store.invariants import assert_consistent, scan_all
from training_tracker.domain.models import SessionDetails
from training_tracker.services.athletes import AthleteService
from training_tracker.services.maintenance import TotalsRebuilder
from training_tracker.services.sessions import SessionService
from training_tracker.store import keys
from training_tracker.store.port import Table, Update
from training_tracker.store.repository import Repository


def fill(repository: Repository) -> list[str]:
    athletes, sessions = AthleteService(repository), SessionService(repository)
    ids = [athletes.create(name).id for name in ("Ann", "Bob", "Cy")]
    for n in range(12):
        sessions.create(
            SessionDetails(
                athlete_id=ids[n % 3],
                date=date(2024, 1, 25) + timedelta(days=3 * n),
                duration=Decimal(20 + n),
                distance=Decimal("3.25"),
            )
        )
    return ids


def damage(table: Table, athlete_ids: list[str]) -> None:
    """Lose every totals item and locator, miscount an athlete, leave a stale name."""
    items = scan_all(table)
    table.batch_delete(
        [
            {keys.PK: i[keys.PK], keys.SK: i[keys.SK]}
            for i in items
            if i["type"]
            in (
                keys.DAY_TOTALS_TYPE,
                keys.MONTH_TOTALS_TYPE,
                keys.ALL_TIME_TOTALS_TYPE,
                keys.LOCATOR_TYPE,
            )
        ]
    )
    table.write(Update(keys.athlete_key(athlete_ids[0]), set={"session_count": Decimal(99)}))
    session = next(i for i in items if i["type"] == keys.SESSION_TYPE)
    table.write(
        Update({keys.PK: session[keys.PK], keys.SK: session[keys.SK]}, set={"athlete_name": "Old"})
    )
    bogus = keys.day_totals_key(None, date(2030, 1, 1))
    table.write(Update(bogus, set={"type": keys.DAY_TOTALS_TYPE}, add={"count": Decimal(5)}))


def test_rebuild_restores_everything_from_the_sessions(table: Table) -> None:
    repository = Repository(table, page_size=2)
    ids = fill(repository)
    before = SessionService(repository).statistics(None, None, None)
    damage(table, ids)
    with pytest.raises(AssertionError):
        assert_consistent(table)
    report = TotalsRebuilder(repository).run()
    assert_consistent(table)
    assert (report.athletes, report.sessions, report.names_refreshed) == (3, 12, 1)
    assert report.totals_removed == 1  # the bogus day in 2030
    assert SessionService(repository).statistics(None, None, None) == before
    assert table.get(keys.checkpoint_key("rebuild-aggregates")) is None


class StopHereError(Exception):
    pass


def test_rebuild_resumes_after_an_interruption(table: Table) -> None:
    repository = Repository(table, page_size=2)
    damage(table, fill(repository))
    done: list[str] = []

    def stop_after_first(message: str) -> None:
        done.append(message)
        raise StopHereError

    with pytest.raises(StopHereError):
        TotalsRebuilder(repository, progress=stop_after_first).run()
    assert table.get(keys.checkpoint_key("rebuild-aggregates")) is not None
    report = TotalsRebuilder(repository).run()
    assert report.resumed
    assert report.athletes == 2  # the first athlete was not done again
    assert_consistent(table)
