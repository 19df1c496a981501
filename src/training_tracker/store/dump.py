"""The whole store as domain records: read by one paged scan, written back in bulk.

This is what `export` and `restore` move. Records are the entities (athletes, sessions,
plans, wellness days, tokens, import dedupe keys, unexpired Idempotency-Key answers), never
items, so an export taken before a change of key layout restores into the new layout.
Everything derived from them (session and plan locators, day and month totals, athletes'
session counts) is written back by the restore and `rebuild-aggregates`, not carried.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from training_tracker.domain.idempotency import AnswerRecord
from training_tracker.domain.imports import ImportRecord
from training_tracker.domain.models import Athlete, TrainingSession
from training_tracker.domain.plans import PlannedSession
from training_tracker.domain.wellness import Wellness
from training_tracker.store import keys
from training_tracker.store.answers import answer_from_item, answer_item
from training_tracker.store.items.athletes import athlete_from_item, athlete_item
from training_tracker.store.items.imports import import_key_item, import_record_from_item
from training_tracker.store.items.sessions import session_from_item, session_item
from training_tracker.store.plans import plan_from_item, plan_item, plan_locator_item
from training_tracker.store.port import Item, Table
from training_tracker.store.tokens import TokenRecord, token_from_item, token_item
from training_tracker.store.wellness import wellness_from_item, wellness_item


@dataclass(frozen=True)
class ImportKeyRecord:
    """One dedupe key of a file an athlete imported, with what it names."""

    athlete_id: str
    record: ImportRecord


Record = (
    Athlete
    | TrainingSession
    | PlannedSession
    | Wellness
    | TokenRecord
    | ImportKeyRecord
    | AnswerRecord
)

_READERS: dict[str, Callable[[Item], Record]] = {
    keys.ATHLETE_TYPE: athlete_from_item,
    keys.SESSION_TYPE: session_from_item,
    keys.PLAN_TYPE: plan_from_item,
    keys.WELLNESS_TYPE: wellness_from_item,
    keys.TOKEN_TYPE: token_from_item,
    keys.IMPORT_KEY_TYPE: lambda item: ImportKeyRecord(
        keys.athlete_of(item), import_record_from_item(keys.dedupe_key_of(item), item)
    ),
    keys.IDEMPOTENCY_TYPE: lambda item: answer_from_item(keys.idempotency_digest_of(item), item),
}
# Items that are not data of their own: rebuilt from the records, or the state of a process.
DERIVED = frozenset(
    {keys.LOCATOR_TYPE, keys.PLAN_LOCATOR_TYPE, keys.DAY_TOTALS_TYPE, keys.MONTH_TOTALS_TYPE}
)
# What an empty store may already hold: a server's own secret, a command's checkpoint.
HOUSEKEEPING = frozenset({keys.SERVER_SECRET_TYPE, keys.CHECKPOINT_TYPE})


def items_of(record: Record) -> list[Item]:
    """The items a record is stored as, without the derived ones `rebuild-aggregates`
    writes (session locators, totals); a plan's locator is written with it."""
    if isinstance(record, Athlete):
        return [athlete_item(record)]
    if isinstance(record, TrainingSession):
        return [session_item(record)]
    if isinstance(record, PlannedSession):
        return [plan_item(record), plan_locator_item(record)]
    if isinstance(record, Wellness):
        return [wellness_item(record)]
    if isinstance(record, TokenRecord):
        return [token_item(record)]
    if isinstance(record, ImportKeyRecord):
        return [import_key_item(record.athlete_id, record.record)]
    return [answer_item(record)]


class StoreDump:
    """Reads every record (for maintenance commands only: a scan reads the whole table) and
    writes records back with unconditional batch puts, so writing one twice changes nothing."""

    def __init__(
        self, table: Table, *, page_size: int, clock: Callable[[], float] = time.time
    ) -> None:
        self.table = table
        self.page_size = page_size
        self.clock = clock

    def records(self, passed_over: Counter[str]) -> Iterator[Record]:
        """Every record in the store; what is not one is counted in `passed_over` by item type
        ("derived" for what a restore rebuilds)."""
        now = self.clock()
        for item in self._items():
            kind = str(item.get("type", "untyped"))
            reader = _READERS.get(kind)
            if reader is None:
                passed_over["derived" if kind in DERIVED else kind] += 1
            elif keys.EXPIRES_AT in item and item[keys.EXPIRES_AT] <= now:
                passed_over[f"{kind} (expired)"] += 1
            else:
                yield reader(item)

    def holds_data(self) -> bool:
        """True when the store holds anything besides housekeeping items; reads until the
        first such item."""
        return any(item.get("type") not in HOUSEKEEPING for item in self._items())

    def put(self, records: Sequence[Record]) -> int:
        """Writes the records' items; how many."""
        items = [item for record in records for item in items_of(record)]
        self.table.batch_put(items)
        return len(items)

    def _items(self) -> Iterator[Item]:
        start: Item | None = None
        while True:
            page = self.table.scan(start=start, limit=self.page_size)
            yield from page.items
            if page.last_key is None:
                return
            start = page.last_key
