"""Athlete use cases: create, rename (refreshing the name copied into sessions), delete."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from training_tracker.domain.models import Athlete
from training_tracker.errors import AthleteHasSessionsError, NotFoundError
from training_tracker.services.retry import attempts
from training_tracker.store.port import (
    MAX_TRANSACTION_ACTIONS,
    ConditionFailedError,
    TransactionCancelledError,
)
from training_tracker.store.repository import Repository


class AthleteService:
    def __init__(
        self, repository: Repository, new_id: Callable[[], str] = lambda: str(uuid.uuid4())
    ) -> None:
        self.repository = repository
        self.new_id = new_id

    def get(self, athlete_id: str) -> Athlete:
        athlete = self.repository.get_athlete(athlete_id)
        if athlete is None:
            raise NotFoundError("Athlete", athlete_id)
        return athlete

    def list(self) -> list[Athlete]:
        return self.repository.list_athletes()

    def create(self, name: str) -> Athlete:
        athlete = Athlete(id=self.new_id(), name=name)
        self.repository.create_athlete(athlete)
        return athlete

    def rename(self, athlete_id: str, name: str) -> Athlete:
        """Renames, then rewrites the name copied into every session that still has another.

        Renames are rare and reads are not, so lists never look athletes up. Re-sending the
        same name repairs copies a failed rename left behind.
        """
        try:
            self.repository.rename_athlete(athlete_id, name)
        except ConditionFailedError:
            raise NotFoundError("Athlete", athlete_id) from None
        for _ in attempts("renaming the athlete's sessions"):
            stale = [
                item
                for item in self.repository.athlete_session_items(athlete_id)
                if item["athlete_name"] != name
            ]
            try:
                for first in range(0, len(stale), MAX_TRANSACTION_ACTIONS):
                    self.repository.set_athlete_name_on_sessions(
                        stale[first : first + MAX_TRANSACTION_ACTIONS], name
                    )
            except TransactionCancelledError:
                continue  # a session moved or went away meanwhile: look again
            break
        return Athlete(id=athlete_id, name=name)

    def delete(self, athlete_id: str, *, cascade: bool) -> None:
        """Deletes sessions (with their totals) in batches, then empty totals, then the athlete.

        Every step is one transaction, so a failure half-way leaves a consistent athlete with
        fewer sessions; the athlete goes last, only if no session refers to it any more.
        """
        for _ in attempts("deleting the athlete"):
            athlete = self.get(athlete_id)
            if athlete.session_count and not cascade:
                raise AthleteHasSessionsError(athlete_id, athlete.session_count)
            try:
                if cascade:
                    self._delete_sessions(athlete_id)
                totals = self.repository.athlete_totals_items(athlete_id)
                for first in range(0, len(totals), MAX_TRANSACTION_ACTIONS):
                    self.repository.delete_empty_totals(
                        totals[first : first + MAX_TRANSACTION_ACTIONS]
                    )
                self.repository.delete_athlete_if_idle(athlete_id)
                return
            except (TransactionCancelledError, ConditionFailedError):
                continue  # a session was written meanwhile: start over from a fresh read

    def _delete_sessions(self, athlete_id: str) -> None:
        while sessions := self.repository.athlete_sessions(athlete_id, limit=500):
            for batch in self.repository.deletion_batches(sessions):
                self.repository.delete_sessions(athlete_id, batch)
