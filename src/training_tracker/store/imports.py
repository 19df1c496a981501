"""Import dedupe keys, and the import source kept on a session item.

Dedupe keys: which sessions a file made, found by one GetItem per file.

Every key of a file (`sha256:…`, and `fit:…`/`strava:…` where the source has an id) gets
an item naming the file's sessions. Importing claims them all with "must not exist"
conditions in the transaction that writes the sessions, so a duplicate found by any key,
even one that was not looked up or that a concurrent import took meanwhile, writes nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from training_tracker.domain.imports import ImportSource, SessionRef
from training_tracker.store import keys
from training_tracker.store.port import (
    MUST_NOT_EXIST,
    Condition,
    Delete,
    Item,
    Put,
    SortKeyCondition,
    Table,
    WriteAction,
    query_all,
)


@dataclass(frozen=True)
class ImportRecord:
    key: str
    sessions: tuple[SessionRef, ...]
    original: str | None
    version: int


def _item(athlete_id: str, key: str, record: ImportRecord) -> Item:
    item: Item = {
        **keys.import_key(athlete_id, key),
        "type": keys.IMPORT_KEY_TYPE,
        "sessions": [{"id": s.id, "date": s.date.isoformat()} for s in record.sessions],
        "version": Decimal(record.version),
    }
    if record.original:
        item["original"] = record.original
    return item


def _record(key: str, item: Item) -> ImportRecord:
    return ImportRecord(
        key=key,
        sessions=tuple(
            SessionRef(s["id"], date.fromisoformat(s["date"])) for s in item.get("sessions", [])
        ),
        original=item.get("original"),
        version=int(item.get("version", 1)),
    )


class ImportKeys:
    def __init__(self, table: Table, *, page_size: int) -> None:
        self.table = table
        self.page_size = page_size

    def find(self, athlete_id: str, key: str) -> ImportRecord | None:
        item = self.table.get(keys.import_key(athlete_id, key))
        return None if item is None else _record(key, item)

    def claim(
        self,
        athlete_id: str,
        dedupe_keys: Sequence[str],
        sessions: Sequence[SessionRef],
        original: str | None,
    ) -> list[WriteAction]:
        """Puts that take every key, each failing if the key is already taken."""
        return [
            Put(
                _item(athlete_id, key, ImportRecord(key, tuple(sessions), original, 1)),
                MUST_NOT_EXIST,
            )
            for key in dedict(dedupe_keys)
        ]

    def release(
        self, athlete_id: str, dedupe_keys: Sequence[str], record: ImportRecord, session_id: str
    ) -> tuple[list[WriteAction], bool]:
        """Writes that drop one session from its file's keys, and whether none is left (then
        the keys go, and the caller deletes the original). Conditioned on the first key's
        version, so two legs deleted at once cannot both keep the other alive."""
        remaining = tuple(s for s in record.sessions if s.id != session_id)
        first, *others = dedict(dedupe_keys)
        guard = Condition(exists=True, equals={"version": Decimal(record.version)})
        if not remaining:
            actions: list[WriteAction] = [Delete(keys.import_key(athlete_id, first), guard)]
            actions += [Delete(keys.import_key(athlete_id, key)) for key in others]
            return actions, True
        after = ImportRecord(first, remaining, record.original, record.version + 1)
        actions = [Put(_item(athlete_id, first, after), guard)]
        actions += [Put(_item(athlete_id, key, after)) for key in others]
        return actions, False

    def delete_all(self, athlete_id: str) -> None:
        """Every import key of an athlete (their cascade delete)."""
        found = query_all(
            self.table,
            page_size=self.page_size,
            partition=keys.athlete_partition(athlete_id),
            sort=SortKeyCondition(begins_with=keys.IMPORT_PREFIX),
            keys_only=True,
        )
        schema = self.table.schema
        batch = [{schema.pk: item[schema.pk], schema.sk: item[schema.sk]} for item in found]
        if batch:
            self.table.batch_delete(batch)


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


def source_from_map(found: Item | None) -> ImportSource | None:
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


def dedict(dedupe_keys: Sequence[str]) -> list[str]:
    """The keys once each, in their order (the first is the one looked up)."""
    return list(dict.fromkeys(dedupe_keys))
