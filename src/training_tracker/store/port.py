"""The Table port: the few operations the repository needs, which every engine implements.

Items are plain dicts whose numbers are `Decimal` (as DynamoDB returns them), so both engines
store and add numbers exactly the same way.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

Item = dict[str, Any]
Key = dict[str, str]


@dataclass(frozen=True)
class IndexSpec:
    name: str
    pk: str
    sk: str


@dataclass(frozen=True)
class TableSchema:
    pk: str
    sk: str
    indexes: tuple[IndexSpec, ...]

    def index(self, name: str | None) -> IndexSpec:
        if name is None:
            return IndexSpec("", self.pk, self.sk)
        for spec in self.indexes:
            if spec.name == name:
                return spec
        raise KeyError(name)


@dataclass(frozen=True)
class Condition:
    """What must hold for a write to apply: the item exists (or not), attributes equal values,
    and numeric attributes are greater than values (a missing attribute is not)."""

    exists: bool | None = None
    equals: Mapping[str, Any] = field(default_factory=dict)
    above: Mapping[str, Decimal] = field(default_factory=dict)


MUST_EXIST = Condition(exists=True)
MUST_NOT_EXIST = Condition(exists=False)


@dataclass(frozen=True)
class Put:
    item: Item
    condition: Condition | None = None


@dataclass(frozen=True)
class Delete:
    key: Key
    condition: Condition | None = None


@dataclass(frozen=True)
class Update:
    """SET attributes and ADD to numbers; ADD on a missing item creates it (aggregates)."""

    key: Key
    set: Mapping[str, Any] = field(default_factory=dict)
    add: Mapping[str, Decimal] = field(default_factory=dict)
    condition: Condition | None = None


@dataclass(frozen=True)
class Check:
    key: Key
    condition: Condition


WriteAction = Put | Delete | Update | Check

MAX_TRANSACTION_ACTIONS = 100


@dataclass(frozen=True)
class SortKeyCondition:
    """A sort-key range: `begins_with`, or inclusive `low`/`high` bounds (either optional)."""

    begins_with: str | None = None
    low: str | None = None
    high: str | None = None


@dataclass(frozen=True)
class Page:
    items: list[Item]
    last_key: Item | None


class TransactionCancelledError(Exception):
    """A transaction wrote nothing; `reasons[i]` says why action i failed (None if it did not)."""

    def __init__(self, reasons: Sequence[str | None]) -> None:
        super().__init__(f"transaction cancelled: {list(reasons)}")
        self.reasons = list(reasons)

    def failed(self, index: int) -> bool:
        return index < len(self.reasons) and self.reasons[index] == "ConditionalCheckFailed"


class ConditionFailedError(Exception):
    """A single conditional write did not apply."""


@dataclass
class Meter:
    """Requests sent to the engine and items it read: the cost model made observable."""

    requests: int = 0
    items_read: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, items_read: int) -> None:
        with self._lock:
            self.requests += 1
            self.items_read += items_read

    def reset(self) -> None:
        with self._lock:
            self.requests = 0
            self.items_read = 0


class Table(Protocol):
    schema: TableSchema
    meter: Meter
    # True where a read is a network round trip: independent reads gain from being sent at
    # once, and a request waiting on one belongs on a worker thread. False where a read is a
    # local call that a thread hand-off would only slow down (see api/read_routes.py).
    remote_reads: bool

    def describe(self) -> str:
        """Engine, table and location, for the start-up log."""

    def ensure_table(self) -> bool:
        """Create the table and indexes if missing; True if created. Raise if the schema differs."""

    def get(self, key: Key) -> Item | None: ...

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
        """One request: at most `limit` items in sort order, and where to go on from."""

    def write(self, action: Put | Delete | Update) -> None:
        """One conditional write; raises ConditionFailedError."""

    def transact(self, actions: Sequence[WriteAction]) -> None:
        """All or nothing; at most 100 actions, no two on one item."""

    def batch_delete(self, keys: Sequence[Key]) -> None:
        """Unconditional deletes, chunked and retried until every one is applied."""

    def batch_put(self, items: Sequence[Item]) -> None:
        """Unconditional puts, chunked and retried until every one is applied."""

    def scan(self, *, start: Item | None = None, limit: int) -> Page:
        """Whole-table read for maintenance commands only, never on a request path."""

    def close(self) -> None: ...


def query_all(table: Table, *, page_size: int, **query: Any) -> Iterator[Item]:
    """Follow LastEvaluatedKey until the range is exhausted."""
    start: Item | None = None
    while True:
        page = table.query(limit=page_size, start=start, **query)
        yield from page.items
        if page.last_key is None:
            return
        start = page.last_key
