"""Where an imported session came from, and what an import answers for each file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum


@dataclass(frozen=True, kw_only=True)
class ImportSource:
    """Kept with a session made from a file. `athlete_id` is the athlete who imported it
    (the owner of `keys` and of the original, even if the session later moves); `original`
    is the SHA-256 of the kept file, None for a CSV row or a Strava activity without file."""

    athlete_id: str
    file_name: str
    keys: tuple[str, ...]
    original: str | None = None
    content_type: str | None = None
    start: datetime | None = None
    elapsed: Decimal | None = None


@dataclass(frozen=True)
class SessionRef:
    id: str
    date: date


class ItemStatus(StrEnum):
    CREATED = "created"
    DUPLICATE = "duplicate"
    FAILED = "failed"


@dataclass(frozen=True)
class ImportRecord:
    """What one dedupe key of a file says: the sessions the file made, its original, and a
    version that guards concurrent releases."""

    key: str
    sessions: tuple[SessionRef, ...]
    original: str | None
    version: int = 1
