"""Import dedupe keys on the table: which sessions a file made, found by one GetItem per file.

Every key of a file (`sha256:…`, and `fit:…`/`strava:…` where the source has an id) gets
an item naming the file's sessions. Importing claims them all with "must not exist"
conditions in the transaction that writes the sessions, so a duplicate found by any key,
even one that was not looked up or that a concurrent import took meanwhile, writes nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from training_tracker.domain.imports import ImportRecord, SessionRef
from training_tracker.domain.models import TrainingSession
from training_tracker.store import keys
from training_tracker.store.items.imports import import_key_item, import_record_from_item
from training_tracker.store.port import (
    MUST_NOT_EXIST,
    Condition,
    Delete,
    Put,
    SortKeyCondition,
    Table,
    WriteAction,
    query_all,
)


@dataclass(frozen=True)
class ImportRelease:
    """What deleting one imported session does to its file's keys, planned from one read:
    `last` when no other session of the file is left (then its original goes too)."""

    athlete_id: str
    keys: tuple[str, ...]
    record: ImportRecord | None
    session_id: str
    original: str | None

    @property
    def last(self) -> bool:
        return self.record is None or all(s.id == self.session_id for s in self.record.sessions)


def unique(dedupe_keys: Sequence[str]) -> list[str]:
    """The keys once each, in their order (the first is the one looked up)."""
    return list(dict.fromkeys(dedupe_keys))


def claim_actions(
    athlete_id: str,
    dedupe_keys: Sequence[str],
    sessions: Sequence[SessionRef],
    original: str | None,
) -> list[WriteAction]:
    """Puts that take every key of a file, each failing if the key is already taken."""
    return [
        Put(
            import_key_item(athlete_id, ImportRecord(key, tuple(sessions), original)),
            MUST_NOT_EXIST,
        )
        for key in unique(dedupe_keys)
    ]


def release_actions(release: ImportRelease) -> list[WriteAction]:
    """Drops the session from its file's keys, or deletes the keys with the file's last
    session; conditioned on the first key's version, so two legs deleted at once cannot
    both keep the other alive."""
    record = release.record
    if record is None:
        return []
    first, *others = unique(release.keys)
    guard = Condition(exists=True, equals={"version": Decimal(record.version)})
    athlete = release.athlete_id
    if release.last:
        deletes: list[WriteAction] = [Delete(keys.import_key(athlete, first), guard)]
        return deletes + [Delete(keys.import_key(athlete, key)) for key in others]
    remaining = tuple(s for s in record.sessions if s.id != release.session_id)
    actions: list[WriteAction] = [
        Put(
            import_key_item(
                athlete, ImportRecord(first, remaining, record.original, record.version + 1)
            ),
            guard,
        )
    ]
    for key in others:
        after = ImportRecord(key, remaining, record.original, record.version + 1)
        actions.append(Put(import_key_item(athlete, after)))
    return actions


class ImportKeys:
    def __init__(self, table: Table, *, page_size: int) -> None:
        self.table = table
        self.page_size = page_size

    def find(self, athlete_id: str, key: str) -> ImportRecord | None:
        item = self.table.get(keys.import_key(athlete_id, key))
        return None if item is None else import_record_from_item(key, item)

    def plan_release(self, session: TrainingSession) -> ImportRelease | None:
        """None for a session typed in; one key lookup for an imported one."""
        source = session.source
        if source is None or not source.keys:
            return None
        return ImportRelease(
            athlete_id=source.athlete_id,
            keys=source.keys,
            record=self.find(source.athlete_id, source.keys[0]),
            session_id=session.id,
            original=source.original,
        )

    def delete_all(self, athlete_id: str) -> None:
        """Every import key of an athlete (their cascade delete)."""
        found = query_all(
            self.table,
            page_size=self.page_size,
            partition=keys.athlete_partition(athlete_id),
            sort=SortKeyCondition(begins_with=keys.IMPORT_PREFIX),
            keys_only=True,
        )
        batch = [keys.key_of(item) for item in found]
        if batch:
            self.table.batch_delete(batch)
