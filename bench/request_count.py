"""A Table that counts, per phase of a job, the DynamoDB requests its calls amount to.

Counted at the port, so the same count comes out of any engine: `get` is one GetItem,
`query` one Query, `scan` one Scan, `write` one PutItem/UpdateItem/DeleteItem, `transact`
one TransactWriteItems, and a batch of n puts or deletes ceil(n / 25) BatchWriteItem (what
`DynamoDBTable` sends when nothing comes back unprocessed). On a DynamoDB endpoint the
botocore count is kept alongside, so a run shows whether the two agree.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from training_tracker.store.dynamodb import BATCH_LIMIT
from training_tracker.store.port import (
    Delete,
    Item,
    Key,
    Page,
    Put,
    SortKeyCondition,
    Table,
    Update,
    WriteAction,
)

WRITE_OPERATION = {Put: "PutItem", Update: "UpdateItem", Delete: "DeleteItem"}


@dataclass
class PhaseCount:
    requests: Counter[str] = field(default_factory=Counter)
    items_read: int = 0
    items_written: int = 0
    seconds: float = 0.0
    sent: int | None = None  # requests botocore saw, where there is a DynamoDB endpoint

    @property
    def total(self) -> int:
        return sum(self.requests.values())


class CountingTable:
    """Delegates every call to `table`; `phase(name)` starts counting under a new name."""

    def __init__(self, table: Table, sent: Counter[str] | None = None) -> None:
        self.table = table
        self.schema = table.schema
        self.meter = table.meter
        self.remote_reads = table.remote_reads
        self.phases: dict[str, PhaseCount] = {}
        self._sent = sent
        self._current = PhaseCount()
        self._started = time.monotonic()

    def phase(self, name: str) -> None:
        self._close()
        self._current = self.phases.setdefault(name, PhaseCount())
        self._started = time.monotonic()

    def finish(self) -> dict[str, PhaseCount]:
        self._close()
        self._current = PhaseCount()
        return self.phases

    def _close(self) -> None:
        self._current.seconds += time.monotonic() - self._started
        if self._sent is not None:
            self._current.sent = (self._current.sent or 0) + sum(self._sent.values())
            self._sent.clear()

    def _count(self, operation: str, requests: int = 1, read: int = 0, written: int = 0) -> None:
        self._current.requests[operation] += requests
        self._current.items_read += read
        self._current.items_written += written

    # -- the Table port -----------------------------------------------------------------------
    def describe(self) -> str:
        return self.table.describe()

    def ensure_table(self) -> bool:
        return self.table.ensure_table()

    def get(self, key: Key) -> Item | None:
        item = self.table.get(key)
        self._count("GetItem", read=int(item is not None))
        return item

    def query(
        self,
        *,
        partition: str,
        index: str | None = None,
        sort: SortKeyCondition | None = None,
        descending: bool = False,
        limit: int,
        start: Item | None = None,
        keys_only: bool = False,
    ) -> Page:
        page = self.table.query(
            partition=partition,
            index=index,
            sort=sort,
            descending=descending,
            limit=limit,
            start=start,
            keys_only=keys_only,
        )
        self._count("Query", read=len(page.items))
        return page

    def scan(self, *, start: Item | None = None, limit: int) -> Page:
        page = self.table.scan(start=start, limit=limit)
        self._count("Scan", read=len(page.items))
        return page

    def write(self, action: Put | Delete | Update) -> None:
        self.table.write(action)
        self._count(WRITE_OPERATION[type(action)], written=1)

    def transact(self, actions: Sequence[WriteAction]) -> None:
        self.table.transact(actions)
        self._count("TransactWriteItems", written=len(actions))

    def batch_delete(self, keys: Sequence[Key]) -> None:
        self.table.batch_delete(keys)
        self._count_batch(len(keys))

    def batch_put(self, items: Sequence[Item]) -> None:
        self.table.batch_put(items)
        self._count_batch(len(items))

    def _count_batch(self, items: int) -> None:
        self._count("BatchWriteItem", math.ceil(items / BATCH_LIMIT), written=items)

    def close(self) -> None:
        self.table.close()


class SentRequests(Counter[str]):
    """A botocore `after-call.dynamodb` handler: every request that got an answer."""

    def __call__(self, model: Any, **_: Any) -> None:
        self[model.name] += 1
