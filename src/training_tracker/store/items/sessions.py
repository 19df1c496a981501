"""Session items and the locator that finds a session by id alone."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from training_tracker.domain.load import LoadMethod, Sport
from training_tracker.domain.models import TrainingSession
from training_tracker.store import keys
from training_tracker.store.port import Item, Key


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
    optional = {
        "notes": session.notes,
        "sport": None if session.sport is None else session.sport.value,
        "rpe": None if session.rpe is None else Decimal(session.rpe),
        "avg_heart_rate": session.avg_heart_rate,
        "max_heart_rate": session.max_heart_rate,
        "load": session.load,
        "load_method": None if session.load_method is None else session.load_method.value,
    }
    item.update({name: value for name, value in optional.items() if value is not None})
    return item


def session_from_item(item: Item) -> TrainingSession:
    return TrainingSession(
        id=item["id"],
        athlete_id=item["athlete_id"],
        athlete_name=item["athlete_name"],
        date=date.fromisoformat(item["date"]),
        duration=item["duration"],
        distance=item["distance"],
        notes=item.get("notes"),
        sport=None if item.get("sport") is None else Sport(item["sport"]),
        rpe=None if item.get("rpe") is None else int(item["rpe"]),
        avg_heart_rate=item.get("avg_heart_rate"),
        max_heart_rate=item.get("max_heart_rate"),
        created_at=datetime.fromisoformat(item["created_at"]),
        updated_at=datetime.fromisoformat(item["updated_at"]),
        version=int(item["version"]),
        load=item.get("load"),
        load_method=None if item.get("load_method") is None else LoadMethod(item["load_method"]),
    )


def locator_item(session: TrainingSession) -> Item:
    return {
        **keys.locator_key(session.id),
        "type": keys.LOCATOR_TYPE,
        "session_id": session.id,
        "athlete_id": session.athlete_id,
        "date": session.date.isoformat(),
    }
