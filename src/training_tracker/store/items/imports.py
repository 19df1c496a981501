"""Import dedupe-key items, and the import source a session item carries."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from training_tracker.domain.imports import ImportRecord, ImportSource, SessionRef
from training_tracker.store import keys
from training_tracker.store.port import Item


def import_key_item(athlete_id: str, record: ImportRecord) -> Item:
    item: Item = {
        **keys.import_key(athlete_id, record.key),
        "type": keys.IMPORT_KEY_TYPE,
        "sessions": [{"id": s.id, "date": s.date.isoformat()} for s in record.sessions],
        "version": Decimal(record.version),
    }
    if record.original:
        item["original"] = record.original
    return item


def import_record_from_item(key: str, item: Item) -> ImportRecord:
    return ImportRecord(
        key=key,
        sessions=tuple(
            SessionRef(s["id"], date.fromisoformat(s["date"])) for s in item.get("sessions", [])
        ),
        original=item.get("original"),
        version=int(item.get("version", 1)),
    )


def source_map(source: ImportSource) -> Item:
    found: Item = {
        "athlete_id": source.athlete_id,
        "file_name": source.file_name,
        "keys": list(source.keys),
        "original": source.original,
        "content_type": source.content_type,
        "start": None if source.start is None else source.start.isoformat(),
        "elapsed": source.elapsed,
    }
    return {name: value for name, value in found.items() if value is not None}


def source_from_map(found: Any) -> ImportSource | None:
    if not found:
        return None
    return ImportSource(
        athlete_id=found["athlete_id"],
        file_name=found.get("file_name", ""),
        keys=tuple(found.get("keys", ())),
        original=found.get("original"),
        content_type=found.get("content_type"),
        start=None if found.get("start") is None else datetime.fromisoformat(found["start"]),
        elapsed=found.get("elapsed"),
    )
