"""Athlete use cases: create, update the profile (refreshing the name copied into sessions
and the loads computed from heart rates), delete."""

from __future__ import annotations

import builtins
import uuid
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from training_tracker.domain.idempotency import AnswerRecord
from training_tracker.domain.load import Sex
from training_tracker.domain.models import Athlete, load_of
from training_tracker.errors import AthleteHasSessionsError, InvalidProfileError
from training_tracker.services.idempotency import DuplicateRequestError
from training_tracker.services.imported_files import ImportedFiles
from training_tracker.services.preconditions import IfMatch
from training_tracker.services.retry import attempts
from training_tracker.store.repository import Repository
from training_tracker.store.transaction import Part, WriteConflictError

# The profile fields a client may change; absent ones keep their stored values.
PROFILE_FIELDS = frozenset(
    {
        "name",
        "resting_heart_rate",
        "max_heart_rate",
        "sex",
        "timezone",
        "starting_fitness",
        "starting_fatigue",
        "starting_date",
    }
)
STARTING_FIELDS = ("startingFitness", "startingFatigue", "startingDate")
# Fields that change nothing copied into or computed for sessions.
_LOCAL_FIELDS = frozenset({"timezone", "starting_fitness", "starting_fatigue", "starting_date"})


def check_profile(athlete: Athlete) -> None:
    rest, top = athlete.resting_heart_rate, athlete.max_heart_rate
    if rest is not None and top is not None and rest >= top:
        raise InvalidProfileError(
            f"restingHeartRate ({rest}) must be lower than maxHeartRate ({top})"
        )
    starting = (athlete.starting_fitness, athlete.starting_fatigue, athlete.starting_date)
    if any(v is None for v in starting) and any(v is not None for v in starting):
        raise InvalidProfileError(
            f"{', '.join(STARTING_FIELDS)} go together: give all three, or clear all three"
        )


class AthleteService:
    def __init__(
        self,
        repository: Repository,
        new_id: Callable[[], str] = lambda: str(uuid.uuid4()),
        *,
        imported_files: ImportedFiles | None = None,
    ) -> None:
        self.repository = repository
        self.new_id = new_id
        self.imported_files = imported_files

    def get(self, athlete_id: str) -> Athlete:
        return self.repository.existing_athlete(athlete_id)

    def list(self) -> list[Athlete]:
        return self.repository.list_athletes()

    def page(
        self, after: tuple[str, str] | None, limit: int
    ) -> tuple[builtins.list[Athlete], bool]:
        """`limit` athletes after the athlete (name, id) `after`, and whether more follow:
        reads `limit` + 1, whatever the number of athletes."""
        found = self.repository.athletes_after(after, limit + 1)
        return found[:limit], len(found) > limit

    def create(
        self,
        name: str,
        *,
        resting_heart_rate: Decimal | None = None,
        max_heart_rate: Decimal | None = None,
        sex: Sex | None = None,
        timezone: str | None = None,
        starting_fitness: Decimal | None = None,
        starting_fatigue: Decimal | None = None,
        starting_date: date | None = None,
        answer: Callable[[Athlete], AnswerRecord | None] = lambda _: None,
    ) -> Athlete:
        """`answer(athlete)` gives the Idempotency-Key record to write with the athlete; if
        another request recorded that key first, DuplicateRequestError."""
        athlete = Athlete(
            id=self.new_id(),
            name=name,
            resting_heart_rate=resting_heart_rate,
            max_heart_rate=max_heart_rate,
            sex=sex,
            timezone=timezone,
            starting_fitness=starting_fitness,
            starting_fatigue=starting_fatigue,
            starting_date=starting_date,
        )
        check_profile(athlete)
        record = answer(athlete)
        for _ in attempts("creating the athlete"):
            try:
                with self.repository.transaction() as unit:
                    unit.create_athlete(athlete)
                    if record is not None:
                        unit.record_answer(record)
            except WriteConflictError as error:
                if self.repository.get_athlete(athlete.id) is not None:
                    return athlete  # the id is new: this write applied, its answer was lost
                if Part.ANSWER in error.failed_parts:
                    raise DuplicateRequestError(athlete.id) from error
                continue  # a concurrent create or delete moved the same athletes count
            return athlete
        raise AssertionError("unreachable")

    def rename(self, athlete_id: str, name: str) -> Athlete:
        return self.update(athlete_id, {"name": name})

    def update(
        self, athlete_id: str, changes: Mapping[str, Any], *, if_match: IfMatch | None = None
    ) -> Athlete:
        """Applies `changes` (profile fields by attribute name; absent ones are kept) with a
        new version, then brings the athlete's sessions in line with the new profile: the
        name copied into them, and the load of sessions whose load comes from heart rates.

        The profile write is conditioned on the version read, so concurrent updates never
        lose each other's fields. Renames and heart-rate changes are rare and reads are not,
        so lists never look athletes up. Re-sending the same profile repairs copies and loads
        a failed update left behind.
        """
        unknown = set(changes) - PROFILE_FIELDS
        if unknown:
            raise ValueError(f"not profile fields: {sorted(unknown)}")
        for _ in attempts("updating the athlete"):
            before = self.get(athlete_id)
            if if_match is not None:  # the write below is conditioned on this version
                if_match.check("Athlete", athlete_id, before.version)
            after = replace(before, **changes, version=max(before.version, 0) + 1)
            check_profile(after)
            try:
                self.repository.update_athlete(before, after)
            except WriteConflictError:
                continue  # changed or deleted meanwhile: read it again
            break
        if not set(changes) <= _LOCAL_FIELDS:
            self.refresh_sessions(athlete_id)
        return after

    def refresh_sessions(self, athlete_id: str) -> int:
        """Rewrites the copied name where it is stale (in batches) and recomputes each session
        whose stored load differs from what the current profile gives (one transaction each,
        conditioned on the athlete's version: only sessions without RPE but with an average
        heart rate depend on the profile, and profile changes are rare). Returns how many
        loads it rewrote."""
        changed = 0
        for _ in attempts("refreshing the athlete's sessions"):
            athlete = self.repository.get_athlete(athlete_id)
            if athlete is None:
                return changed  # deleted meanwhile: nothing left to refresh
            stale_names = []
            try:
                for session in self.repository.all_athlete_sessions(athlete_id):
                    load, method = load_of(session, athlete)
                    if (session.load, session.load_method) != (load, method):
                        after = replace(
                            session,
                            athlete_name=athlete.name,
                            load=load,
                            load_method=method,
                            version=session.version + 1,
                        )
                        self.repository.change_session(session, after, athlete=athlete)
                        changed += 1
                    elif session.athlete_name != athlete.name:
                        stale_names.append(session)
                self.repository.set_athlete_name_on_sessions(athlete, stale_names)
            except WriteConflictError:
                continue  # a session or the profile changed meanwhile: look again
            return changed
        return changed

    def delete(self, athlete_id: str, *, cascade: bool, if_match: IfMatch | None = None) -> None:
        """Deletes sessions (with their totals) in batches, then empty totals, import keys,
        plans and wellness days, then the athlete.

        Every step is one transaction and the athlete goes last, only if no session refers
        to it and no plan or wellness day was written since it was read: a failure half-way
        leaves a consistent athlete with less of what it owns, and deleting again finishes
        the job (nothing is ever left without its athlete).
        """
        for _ in attempts("deleting the athlete"):
            athlete = self.get(athlete_id)
            if if_match is not None:  # checked again by the final delete's condition
                if_match.check("Athlete", athlete_id, athlete.version)
            if athlete.session_count and not cascade:
                raise AthleteHasSessionsError(athlete_id, athlete.session_count)
            try:
                if cascade:
                    self.repository.delete_all_sessions(athlete_id)
                self.repository.delete_empty_totals(athlete_id)
                if cascade and self.imported_files is not None:
                    self.imported_files.forget_athlete(athlete_id)
                self.repository.delete_plans_and_wellness(athlete_id)
                self.repository.delete_athlete_if_idle(
                    athlete_id,
                    version=None if if_match is None else athlete.version,
                    extra_writes=athlete.extra_writes,
                )
            except WriteConflictError:
                continue  # something was written meanwhile: start over from a fresh read
            return
