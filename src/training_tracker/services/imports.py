"""Importing activity files: read them, drop what was imported before, keep the original,
and write each file's sessions and dedupe keys in one transaction.

One file never stops the others: every file, archive entry and CSV row ends as one report.
The original is written before the transaction; if the transaction then fails, the blob is
left behind. That is harmless: blobs are content-addressed, so importing the file again
reuses it, and one no session refers to is never served."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo

from training_tracker.domain.imports import ImportSource, ItemStatus, SessionRef
from training_tracker.domain.models import Athlete, TrainingSession, load_of
from training_tracker.errors import NotFoundError, TrackerError
from training_tracker.importers import (
    DEFAULT_LIMITS,
    FileOutcome,
    ImportedActivity,
    ImportLimits,
    read_upload,
)
from training_tracker.importers.files import ACTIVITY_KINDS, content_key
from training_tracker.importers.sniff import content_kind
from training_tracker.services.import_reports import ItemReport, failed
from training_tracker.services.retry import attempts
from training_tracker.store.imports import ImportKeys
from training_tracker.store.originals import Original, Originals
from training_tracker.store.repository import Repository
from training_tracker.store.transaction import Part, WriteConflictError

# A multisport file with more legs than this is refused rather than split over transactions.
MAX_LEGS = 12


def utc_now() -> datetime:
    return datetime.now(UTC)


def _units(outcome: FileOutcome) -> Iterator[tuple[str, list[ImportedActivity]]]:
    """Activities grouped by file: a multisport file's legs share their keys; a CSV's rows
    do not, so each row is its own unit, named by its line."""
    groups: dict[tuple[str, ...], list[ImportedActivity]] = {}
    for activity in outcome.activities:
        groups.setdefault(activity.dedupe_keys, []).append(activity)
    for activities in groups.values():
        line = activities[0].line
        name = outcome.name if line is None or outcome.content else f"{outcome.name}:{line}"
        yield name, activities


class ImportService:
    def __init__(
        self,
        repository: Repository,
        import_keys: ImportKeys,
        originals: Originals,
        *,
        limits: ImportLimits = DEFAULT_LIMITS,
        clock: Callable[[], datetime] = utc_now,
        new_id: Callable[[], str] = lambda: str(uuid.uuid4()),
    ) -> None:
        self.repository = repository
        self.import_keys = import_keys
        self.originals = originals
        self.limits = limits
        self.clock = clock
        self.new_id = new_id

    def athlete(self, athlete_id: str) -> Athlete:
        return self.repository.existing_athlete(athlete_id)

    @staticmethod
    def zone_of(athlete: Athlete) -> tzinfo:
        return ZoneInfo(athlete.timezone or "UTC")

    def import_upload(
        self, athlete: Athlete, name: str, data: bytes, *, dry_run: bool = False
    ) -> list[ItemReport]:
        """Every report for one uploaded file (an archive gives one per entry). A plain
        activity file costs one key lookup to be known as a duplicate, and one transaction
        to be imported."""
        looked_up = None
        if content_kind(data) in ACTIVITY_KINDS:  # a plain activity file: its bytes are its key
            looked_up = content_key(data)
            found = self.import_keys.find(athlete.id, looked_up)
            if found is not None:  # known already: not even parsed
                return [self._duplicate(name, found.sessions, (), None)]
        outcomes = read_upload(name, data, self.zone_of(athlete), self.limits)
        return list(self.import_outcomes(athlete, outcomes, dry_run=dry_run, looked_up=looked_up))

    def import_outcomes(
        self,
        athlete: Athlete,
        outcomes: Iterable[FileOutcome],
        *,
        dry_run: bool = False,
        looked_up: str | None = None,
    ) -> Iterator[ItemReport]:
        """`looked_up`: a key already found absent, not to be read again."""
        for outcome in outcomes:
            rows = [
                failed(f"{outcome.name}:{e.line}", "INVALID_ROW", e.message, line=e.line)
                for e in outcome.row_errors
            ]
            if outcome.failure is not None and not rows:
                yield failed(outcome.name, outcome.failure.code, outcome.failure.message)
            reports = rows + [
                self._unit(athlete, outcome, name, activities, dry_run, looked_up)
                for name, activities in _units(outcome)
            ]
            yield from sorted(reports, key=lambda r: r.line or 0)

    def _unit(
        self,
        athlete: Athlete,
        outcome: FileOutcome,
        name: str,
        activities: list[ImportedActivity],
        dry_run: bool,
        looked_up: str | None,
    ) -> ItemReport:
        first = activities[0]
        warnings = tuple(w for a in activities for w in a.warnings)
        if len(activities) > MAX_LEGS:
            return failed(name, "TOO_MANY_LEGS", f"{name} has more than {MAX_LEGS} sessions")
        try:
            key = first.dedupe_keys[0]
            found = None if key == looked_up else self.import_keys.find(athlete.id, key)
            if found is not None:
                return self._duplicate(name, found.sessions, warnings, first.line)
            if (kept := self._exported_from(athlete, first)) is not None:
                return self._duplicate(name, (kept,), warnings, first.line)
            if dry_run:
                sessions = self._sessions(athlete, outcome, activities, None)
                return ItemReport(
                    name=name,
                    status=ItemStatus.CREATED,
                    sessions=tuple(sessions),
                    warnings=warnings,
                    line=first.line,
                )
            return self._store(athlete, outcome, name, activities, warnings)
        except TrackerError as error:  # unavailable store, lost races: this file only
            return failed(name, error.code, error.message, line=first.line)

    def _exported_from(self, athlete: Athlete, activity: ImportedActivity) -> SessionRef | None:
        """The session an exported CSV row came from, when this athlete still has it: the
        row is that session, already here (a session typed in has no dedupe keys)."""
        if activity.exported_id is None:
            return None
        session = self.repository.get_session(activity.exported_id)
        if session is None or session.athlete_id != athlete.id:
            return None
        return SessionRef(session.id, session.date)

    @staticmethod
    def _duplicate(
        name: str, refs: Iterable[SessionRef], warnings: tuple[str, ...], line: int | None
    ) -> ItemReport:
        return ItemReport(
            name=name,
            status=ItemStatus.DUPLICATE,
            duplicate_of=tuple(refs),
            warnings=warnings,
            line=line,
        )

    def _sessions(
        self,
        athlete: Athlete,
        outcome: FileOutcome,
        activities: list[ImportedActivity],
        original: str | None,
    ) -> list[TrainingSession]:
        now = self.clock()
        sessions = []
        for activity in activities:
            details = activity.details(athlete.id)
            load, method = load_of(details, athlete)
            source = ImportSource(
                athlete_id=athlete.id,
                file_name=outcome.name,
                keys=activity.dedupe_keys,
                original=original,
                content_type=outcome.content_type if original else None,
                start=activity.start,
                elapsed=activity.elapsed,
            )
            sessions.append(
                TrainingSession(
                    **vars(details),
                    id=self.new_id(),
                    athlete_name=athlete.name,
                    created_at=now,
                    updated_at=now,
                    load=load,
                    load_method=method,
                    source=source,
                )
            )
        return sessions

    def _store(
        self,
        athlete: Athlete,
        outcome: FileOutcome,
        name: str,
        activities: list[ImportedActivity],
        warnings: tuple[str, ...],
    ) -> ItemReport:
        keys = activities[0].dedupe_keys
        original = None
        if outcome.content:
            original = self.originals.put(athlete.id, outcome.content, outcome.content_type)
        for _ in attempts("importing the file"):
            sessions = self._sessions(athlete, outcome, activities, original)
            refs = [SessionRef(s.id, s.date) for s in sessions]
            try:
                with self.repository.transaction() as unit:
                    unit.create_sessions(athlete, sessions)
                    unit.claim_import(athlete.id, keys, refs, original)
            except WriteConflictError as error:
                if Part.IMPORT in error.failed_parts:  # another import holds one of the keys
                    held = next(
                        (r for k in keys if (r := self.import_keys.find(athlete.id, k))), None
                    )
                    refs_held = held.sessions if held is not None else ()
                    return self._duplicate(name, refs_held, warnings, activities[0].line)
                athlete = self.athlete(athlete.id)  # profile changed meanwhile: read it again
                continue
            return ItemReport(
                name=name,
                status=ItemStatus.CREATED,
                sessions=tuple(sessions),
                warnings=warnings,
                line=activities[0].line,
            )
        raise AssertionError("unreachable")

    def original(self, session: TrainingSession) -> Original:
        """The file a session was imported from, or 404."""
        source = session.source
        if source is None or source.original is None:
            raise NotFoundError("Original file of training session", session.id)
        found = self.originals.get(source.athlete_id, source.original)
        if found is None:
            raise NotFoundError("Original file of training session", session.id)
        return found
