"""The layout of tables written by the original DynamoDB version ("seed-v1"), read-only.

| item    | PK            | SK            | GSI1PK  | GSI1SK       | notes                     |
|---------|---------------|---------------|---------|--------------|---------------------------|
| athlete | ATHLETE#<aid> | ATHLETE#<aid> |         |              | Type = ATHLETE            |
| session | ATHLETE#<aid> | SESSION#<sid> | SESSION | <date>#<sid> | numbers stored as strings, |
|         |               |               |         |              | AthleteName copied in     |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from training_tracker.domain.models import Athlete, TrainingSession
from training_tracker.store.port import Item, Key


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
    pk, sk = str(item.get("PK", "")), str(item.get("SK", ""))
    return pk.startswith("ATHLETE#") and sk == pk


def is_seed_session(item: Item) -> bool:
    pk, sk = str(item.get("PK", "")), str(item.get("SK", ""))
    return pk.startswith("ATHLETE#") and sk.startswith("SESSION#") and sk.count("#") == 1


def athlete_of(item: Item) -> Athlete:
    athlete_id = _field(item, "id", "Id") or str(item["PK"]).removeprefix("ATHLETE#")
    name = _field(item, "name", "Name")
    if not isinstance(name, str) or not name:
        raise SeedItemError(f"athlete {athlete_id} has no name")
    return Athlete(id=str(athlete_id), name=name)


def session_of(item: Item) -> TrainingSession:
    session_id = _field(item, "id", "Id") or str(item["SK"]).removeprefix("SESSION#")
    athlete_id = _field(item, "athlete_id", "AthleteId") or str(item["PK"]).removeprefix("ATHLETE#")
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
