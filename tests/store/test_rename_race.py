"""Two renames at once: the later one's name wins in every session copy."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from training_tracker.domain.models import SessionDetails
from training_tracker.services.athletes import AthleteService
from training_tracker.services.sessions import SessionService
from training_tracker.store.port import Table, TransactionCancelledError
from training_tracker.store.repository import Repository


def test_an_earlier_rename_cannot_overwrite_a_later_ones_copies(table: Table) -> None:
    repository = Repository(table, page_size=2)
    athletes, sessions = AthleteService(repository), SessionService(repository)
    athlete = athletes.create("Ann")
    logged = sessions.create(
        SessionDetails(
            athlete_id=athlete.id, date=date(2024, 5, 1), duration=Decimal(30), distance=Decimal(5)
        )
    )
    athletes.rename(athlete.id, "Xena")
    as_read_by_first_rename = repository.get_athlete(athlete.id)
    assert as_read_by_first_rename is not None
    athletes.rename(athlete.id, "Yara")  # finishes first, copies included
    stale_sessions = list(repository.all_athlete_sessions(athlete.id))
    with pytest.raises(TransactionCancelledError):
        repository.set_athlete_name_on_sessions(as_read_by_first_rename, stale_sessions)
    assert sessions.get(logged.id).athlete_name == "Yara"
