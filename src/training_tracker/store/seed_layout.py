"""The layout of tables written by the original DynamoDB version ("seed-v1"), read-only.

| item    | PK            | SK            | GSI1PK  | GSI1SK       | notes                      |
|---------|---------------|---------------|---------|--------------|----------------------------|
| athlete | ATHLETE#<aid> | ATHLETE#<aid> |         |              | Type = ATHLETE, Name       |
| session | ATHLETE#<aid> | SESSION#<sid> | SESSION | <date>#<sid> | numbers stored as strings, |
|         |               |               |         |              | AthleteName copied in      |

Session attributes: SessionId, AthleteId, AthleteName, Date, Duration, Distance, Notes,
CreatedAt, UpdatedAt. The seed served a number as `float(text)`, so that is how it is read.
The seed's update wrote a moved session under its new athlete and left the old item, so
one session id can have several items; `written_at` and `index_sort_key` rank them.

This is another table's layout, not ours, so its attribute names and prefixes are spelled
here rather than taken from `keys.py` (which describes this application's layout only).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from training_tracker.domain.models import MAX_QUANTITY, TrainingSession
from training_tracker.store.port import Item, Key, Table

SEED_PK = "PK"
SEED_SK = "SK"
SEED_INDEX_SK = "GSI1SK"
SEED_ATHLETE_PREFIX = "ATHLETE#"
SEED_SESSION_PREFIX = "SESSION#"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class SeedItemError(ValueError):
    """A seed item that can't be converted; reported and left where it is."""


def _field(item: Item, *names: str) -> Any:
    for name in names:
        if item.get(name) is not None:
            return item[name]
    return None


def _number(item: Item, name: str, *aliases: str) -> Decimal:
    raw = _field(item, name, *aliases)
    if raw is None:
        raise SeedItemError(f"missing required attribute {name}")
    try:
        value = float(str(raw))
    except ValueError:
        raise SeedItemError(f"{name} is not a number: {str(raw)[:40]!r}") from None
    if not math.isfinite(value) or not 0 <= value <= MAX_QUANTITY:
        raise SeedItemError(f"{name} is not a number from 0 to {MAX_QUANTITY}: {str(raw)[:40]!r}")
    return Decimal(repr(value))


def _timestamp(item: Item, *names: str) -> datetime | None:
    raw = _field(item, *names)
    try:
        parsed = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def seed_key(item: Item) -> Key:
    return {SEED_PK: item[SEED_PK], SEED_SK: item[SEED_SK]}


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
    """The athlete an item lives under: its partition, which is what the seed queried by."""
    return str(item[SEED_PK]).removeprefix(SEED_ATHLETE_PREFIX)


def seed_session_id(item: Item) -> str:
    found = _field(item, "SessionId", "id", "Id")
    return str(found) if found is not None else str(item[SEED_SK]).removeprefix(SEED_SESSION_PREFIX)


def athlete_name(item: Item) -> str | None:
    name = _field(item, "Name", "name")
    return name if isinstance(name, str) else None


def written_at(item: Item) -> str:
    """When the seed last wrote the item, as sortable UTC text; "" when it does not say."""
    stamp = _timestamp(item, "UpdatedAt", "updatedAt", "updated_at")
    return stamp.astimezone(UTC).isoformat() if stamp else ""


def index_sort_key(item: Item) -> str | None:
    """Where the item sits in the seed's index (<date>#<sid>); None when it is not there."""
    found = item.get(SEED_INDEX_SK)
    return str(found) if found is not None else None


def session_of(item: Item, *, athlete_name: str) -> TrainingSession:
    """The session an item holds, under the athlete whose partition holds it."""
    raw_date = _field(item, "Date", "date")
    if raw_date is None:
        raise SeedItemError("missing required attribute Date")
    try:
        session_date = date.fromisoformat(str(raw_date))
    except ValueError:
        raise SeedItemError(f"Date is not a date: {str(raw_date)[:40]!r}") from None
    duration = _number(item, "Duration", "duration")
    distance = _number(item, "Distance", "distance")
    created = _timestamp(item, "CreatedAt", "createdAt", "created_at")
    updated = _timestamp(item, "UpdatedAt", "updatedAt", "updated_at")
    created = created or updated or _EPOCH
    notes = _field(item, "Notes", "notes")
    return TrainingSession(
        id=seed_session_id(item),
        athlete_id=seed_athlete_id(item),
        athlete_name=athlete_name,
        date=session_date,
        duration=duration,
        distance=distance,
        notes=str(notes) if notes not in (None, "") else None,
        created_at=created,
        updated_at=max(created, updated or created),
    )


class SeedTable:
    """The table being migrated from, read page by page; copied items are deleted from it."""

    PAGE = 1000  # items per Scan request (DynamoDB stops a page at 1 MB anyway)

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

    def items(self) -> Iterator[Item]:
        for page, _ in self.pages(None):
            yield from page

    def delete(self, keys: Sequence[Key]) -> None:
        self.table.batch_delete([seed_key(k) for k in keys])
