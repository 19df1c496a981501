"""The layout of tables written by the original DynamoDB version ("seed-v1"), read-only.

| item    | PK            | SK            | GSI1PK  | GSI1SK       | notes                     |
|---------|---------------|---------------|---------|--------------|---------------------------|
| athlete | ATHLETE#<aid> | ATHLETE#<aid> |         |              | Type = ATHLETE            |
| session | ATHLETE#<aid> | SESSION#<sid> | SESSION | <date>#<sid> | numbers stored as strings, |
|         |               |               |         |              | AthleteName copied in     |

This is another table's layout, not ours, so its attribute names and prefixes are spelled
here rather than taken from `keys.py` (which describes this application's layout only).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from training_tracker.domain.models import Athlete, TrainingSession
from training_tracker.store.port import Item, Key, Table

SEED_PK = "PK"
SEED_SK = "SK"
SEED_ATHLETE_PREFIX = "ATHLETE#"
SEED_SESSION_PREFIX = "SESSION#"


class SeedItemError(ValueError):
    """A seed item that can't be converted; reported and skipped."""


@dataclass(frozen=True)
class SeedItems:
    athletes: list[Athlete]
    sessions: list[TrainingSession]
    problems: list[str]
    seed_keys: list[Key]


def _field(item: Item, *names: str) -> Any:
    for name in names:
        if item.get(name) is not None:
            return item[name]
    return None


def _number(item: Item, *names: str) -> Decimal:
    raw = _field(item, *names)
    try:
        value = Decimal(str(raw))
    except (InvalidOperation, ValueError):
        raise SeedItemError(f"{names[0]} is not a number: {raw!r}") from None
    if not value.is_finite() or value < 0:
        raise SeedItemError(f"{names[0]} is not a non-negative number: {raw!r}")
    return value


def _timestamp(item: Item, *names: str) -> datetime:
    raw = _field(item, *names)
    try:
        parsed = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    except ValueError:
        return datetime(1970, 1, 1, tzinfo=UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def is_seed_athlete(item: Item) -> bool:
    pk, sk = str(item.get(SEED_PK, "")), str(item.get(SEED_SK, ""))
    return pk.startswith(SEED_ATHLETE_PREFIX) and sk == pk


def is_seed_session(item: Item) -> bool:
    pk, sk = str(item.get(SEED_PK, "")), str(item.get(SEED_SK, ""))
    return (
        pk.startswith(SEED_ATHLETE_PREFIX)
        and sk.startswith(SEED_SESSION_PREFIX)
        and sk.count("#") == 1
    )


def seed_athlete_id(item: Item) -> str:
    return str(_field(item, "id", "Id") or str(item[SEED_PK]).removeprefix(SEED_ATHLETE_PREFIX))


def athlete_of(item: Item) -> Athlete:
    athlete_id = seed_athlete_id(item)
    name = _field(item, "name", "Name")
    if not isinstance(name, str) or not name:
        raise SeedItemError(f"athlete {athlete_id} has no name")
    return Athlete(id=str(athlete_id), name=name)


def session_of(item: Item) -> TrainingSession:
    session_id = _field(item, "id", "Id") or str(item[SEED_SK]).removeprefix(SEED_SESSION_PREFIX)
    athlete_id = _field(item, "athlete_id", "AthleteId") or str(item[SEED_PK]).removeprefix(
        SEED_ATHLETE_PREFIX
    )
    try:
        session_date = date.fromisoformat(str(_field(item, "date", "Date")))
    except ValueError:
        raise SeedItemError(f"session {session_id} has no valid date") from None
    created = _timestamp(item, "createdAt", "created_at", "CreatedAt")
    notes = _field(item, "notes", "Notes")
    return TrainingSession(
        id=str(session_id),
        athlete_id=str(athlete_id),
        athlete_name=str(_field(item, "AthleteName", "athlete_name", "athleteName") or ""),
        date=session_date,
        duration=_number(item, "duration", "Duration"),
        distance=_number(item, "distance", "Distance"),
        notes=str(notes) if notes is not None else None,
        created_at=created,
        updated_at=max(created, _timestamp(item, "updatedAt", "updated_at", "UpdatedAt")),
    )


class SeedTable:
    """The table being migrated from, read page by page; copied items are deleted from it."""

    PAGE = 200

    def __init__(self, table: Table) -> None:
        self.table = table

    def pages(self, start: Item | None) -> Iterator[tuple[list[Item], Item | None]]:
        """Scan pages, each with where the next one starts (None after the last)."""
        while True:
            page = self.table.scan(start=start, limit=self.PAGE)
            yield page.items, page.last_key
            if page.last_key is None:
                return
            start = page.last_key

    def delete(self, items: Sequence[Item]) -> None:
        self.table.batch_delete([{SEED_PK: i[SEED_PK], SEED_SK: i[SEED_SK]} for i in items])
