"""Session items and the locator that finds a session by id alone."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, fields
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from training_tracker.domain.load import LoadMethod, Sport
from training_tracker.domain.models import TrainingSession
from training_tracker.store import keys
from training_tracker.store.items.imports import source_from_map, source_map
from training_tracker.store.port import Item, Key


def _same(value: Any) -> Any:
    return value


def _enum_value(value: Enum) -> Any:
    return value.value


# The optional fields: attribute -> (to the item, from the item). None is stored as absent.
OPTIONAL_FIELDS: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    "notes": (_same, _same),
    "sport": (_enum_value, Sport),
    "rpe": (Decimal, int),
    "avg_heart_rate": (_same, _same),
    "max_heart_rate": (_same, _same),
    "load": (_same, _same),
    "load_method": (_enum_value, LoadMethod),
    "source": (source_map, source_from_map),
}


def session_key_of(session: TrainingSession) -> Key:
    """Where the session item itself lives (its athlete's partition, by date)."""
    return keys.session_key(session.athlete_id, session.date, session.id)


def session_item(session: TrainingSession) -> Item:
    item: Item = {
        **session_key_of(session),
        **keys.session_index_keys(session.date, session.id),
        "type": keys.SESSION_TYPE,
        "id": session.id,
        "athlete_id": session.athlete_id,
        "athlete_name": session.athlete_name,
        "date": session.date.isoformat(),
        "duration": session.duration,
        "distance": session.distance,
        "created_at": session.created_at.isoformat(),
        "updated_at": session.updated_at.isoformat(),
        "version": Decimal(session.version),
    }
    for name, (to_item, _) in OPTIONAL_FIELDS.items():
        value = getattr(session, name)
        if value is not None:
            item[name] = to_item(value)
    return item


# Every field a session item may leave out, at its default; how to read each optional one.
_DEFAULTS = {f.name: f.default for f in fields(TrainingSession) if f.default is not MISSING}
_READ_OPTIONAL = tuple((name, from_item) for name, (_, from_item) in OPTIONAL_FIELDS.items())


def session_from_item(item: Item) -> TrainingSession:
    """The session an item holds, built the way pickle rebuilds one: the fields are set
    directly instead of through the frozen class's `__init__`, whose `object.__setattr__`
    per field cost a third of reading a session back (a list reads up to a hundred). The
    values were checked when the session was written; the instance stays frozen."""
    values = {
        **_DEFAULTS,
        "id": item["id"],
        "athlete_id": item["athlete_id"],
        "athlete_name": item["athlete_name"],
        "date": date.fromisoformat(item["date"]),
        "duration": item["duration"],
        "distance": item["distance"],
        "created_at": datetime.fromisoformat(item["created_at"]),
        "updated_at": datetime.fromisoformat(item["updated_at"]),
        "version": int(item["version"]),
    }
    for name, from_item in _READ_OPTIONAL:
        if (value := item.get(name)) is not None:  # absent ones keep the default, None
            values[name] = from_item(value)
    session = object.__new__(TrainingSession)
    session.__dict__.update(values)
    return session


def locator_item(session: TrainingSession) -> Item:
    return {
        **keys.locator_key(session.id),
        "type": keys.LOCATOR_TYPE,
        "session_id": session.id,
        "athlete_id": session.athlete_id,
        "date": session.date.isoformat(),
    }
