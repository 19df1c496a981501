"""What a reader makes of a file: activities ready to become sessions, or a typed failure."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal

from training_tracker.domain.load import Sport
from training_tracker.domain.models import MAX_NOTES_LENGTH as NOTES_LIMIT
from training_tracker.domain.models import SessionDetails


@dataclass(frozen=True, kw_only=True)
class ImportedActivity:
    """One session as a file states it. Durations are minutes, distance kilometres.

    `dedupe_keys` are what makes a second import of the same file a duplicate: the SHA-256 of
    the file's decompressed bytes (`sha256:<hex>`, the one looked up) and, where the source
    has one, its own id (`fit:<maker>:<serial>:<time created>`, `strava:<id>`). A CSV row's
    key is a hash of its cells (`csv:<hex>`). The legs of a multisport file share their
    file's keys: they are imported together.

    A sessions CSV row states its notes as they are (`stated_notes`, kept verbatim) and may
    leave the sport unstated; a row exported from a session names it (`exported_id`).
    """

    date: date
    start: datetime | None
    sport: Sport | None
    duration: Decimal
    elapsed: Decimal | None = None
    distance: Decimal = Decimal(0)
    avg_heart_rate: Decimal | None = None
    max_heart_rate: Decimal | None = None
    rpe: int | None = None
    name: str | None = None
    description: str | None = None
    stated_notes: str | None = None
    exported_id: str | None = None
    source_format: str
    dedupe_keys: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    line: int | None = None

    def notes(self) -> str | None:
        """Name and description as one note, cut to what a session may hold."""
        if self.stated_notes is not None:
            return self.stated_notes
        parts = [p.strip() for p in (self.name, self.description) if p and p.strip()]
        if not parts:
            return None
        text = " — ".join(parts)
        return text if len(text) <= NOTES_LIMIT else text[: NOTES_LIMIT - 1] + "…"

    def details(self, athlete_id: str) -> SessionDetails:
        return SessionDetails(
            athlete_id=athlete_id,
            date=self.date,
            duration=self.duration,
            distance=self.distance,
            notes=self.notes(),
            sport=self.sport,
            rpe=self.rpe,
            avg_heart_rate=self.avg_heart_rate,
            max_heart_rate=self.max_heart_rate,
        )

    def with_keys(self, *keys: str) -> ImportedActivity:
        return replace(self, dedupe_keys=(*self.dedupe_keys, *keys))


@dataclass(frozen=True)
class RowError:
    """A CSV row refused, by the line it starts on (the header is line 1)."""

    line: int
    message: str


@dataclass(frozen=True)
class ImportFailure:
    code: str
    message: str


@dataclass(frozen=True)
class FileOutcome:
    """One file (or archive entry, named by its path inside the archive) and what it gave.

    A file with activities has no failure; a failed file has no activities. The original
    bytes (decompressed) travel along so they can be kept beside the sessions they made."""

    name: str
    activities: tuple[ImportedActivity, ...] = ()
    failure: ImportFailure | None = None
    row_errors: tuple[RowError, ...] = ()
    content: bytes = field(default=b"", repr=False)
    content_type: str = "application/octet-stream"

    @property
    def ok(self) -> bool:
        return self.failure is None
