"""The Table port on a SQLite file: the embedded, zero-set-up engine.

One row per item; the key attributes of the table and of each index get their own columns
(indexed, partial for sparse indexes); the whole item is kept as JSON with exact numbers.

The file is in WAL mode: writes go through one connection behind a lock (SQLite admits one
writer at a time anyway), while reads take a connection of their own from a pool, so readers
on several threads (or processes) never wait for each other or for a writer.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from training_tracker.errors import StoreUnavailableError
from training_tracker.store import item_json
from training_tracker.store.port import (
    Check,
    Condition,
    ConditionFailedError,
    Delete,
    Item,
    Key,
    Meter,
    Page,
    Put,
    SortKeyCondition,
    TableSchema,
    TransactionCancelledError,
    Update,
    WriteAction,
)

T = TypeVar("T")


def _satisfies(item: Item | None, condition: Condition | None) -> bool:
    if condition is None:
        return True
    if condition.exists is not None and (item is not None) != condition.exists:
        return False
    if not all(
        item is not None and item.get(name) == value for name, value in condition.equals.items()
    ):
        return False
    return all(
        item is not None and isinstance(item.get(name), Decimal) and item[name] > value
        for name, value in condition.above.items()
    )


def _apply_update(item: Item | None, update: Update) -> Item:
    result: Item = dict(item) if item is not None else dict(update.key)
    result.update(update.set)
    for name, delta in update.add.items():
        result[name] = Decimal(result.get(name, 0)) + delta
    return result


def _next_prefix(prefix: str) -> str:
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


class SqliteTable:
    def __init__(self, path: Path, schema: TableSchema) -> None:
        self.schema = schema
        self.meter = Meter()
        self.remote_reads = False
        self.path = path
        self._lock = threading.RLock()
        self._readers: queue.SimpleQueue[sqlite3.Connection] = queue.SimpleQueue()
        self._opened: list[sqlite3.Connection] = []
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = self._connect()
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
        except (OSError, sqlite3.Error) as error:
            raise StoreUnavailableError(
                f"cannot open the embedded store at {path}: {error}"
            ) from error
        self._key_columns = [schema.pk, schema.sk] + [
            attr for spec in schema.indexes for attr in (spec.pk, spec.sk)
        ]

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(
            self.path, check_same_thread=False, isolation_level=None, timeout=10
        )
        with self._lock:
            self._opened.append(connection)
        return connection

    @contextmanager
    def _reader(self) -> Iterator[sqlite3.Connection]:
        """A read-only connection used by one thread at a time, returned to the pool after."""
        try:
            connection = self._readers.get_nowait()
        except queue.Empty:
            try:
                connection = self._connect()
                connection.execute("PRAGMA query_only=1")
            except sqlite3.Error as error:
                raise StoreUnavailableError(f"embedded store unavailable: {error}") from error
        try:
            yield connection
        except sqlite3.OperationalError as error:
            raise StoreUnavailableError(f"embedded store unavailable: {error}") from error
        finally:
            self._readers.put(connection)

    def describe(self) -> str:
        return f"embedded SQLite store at {self.path.resolve()}"

    @staticmethod
    def _column(attr: str) -> str:
        return f'"{attr.lower()}"'

    def ensure_table(self) -> bool:
        with self._guard():
            exists = self._db.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='items'"
            ).fetchone()
            columns = ", ".join(f"{self._column(a)} TEXT" for a in self._key_columns[2:])
            self._db.execute(
                f"CREATE TABLE IF NOT EXISTS items ({self._column(self.schema.pk)} TEXT NOT NULL, "
                f"{self._column(self.schema.sk)} TEXT NOT NULL, {columns}, item TEXT NOT NULL, "
                f"PRIMARY KEY ({self._column(self.schema.pk)}, {self._column(self.schema.sk)})"
                ") WITHOUT ROWID"
            )
            for spec in self.schema.indexes:
                pk, sk = self._column(spec.pk), self._column(spec.sk)
                self._db.execute(
                    f"CREATE INDEX IF NOT EXISTS idx_{spec.name.lower()} ON items "
                    f"({pk}, {sk}, {self._column(self.schema.pk)}, {self._column(self.schema.sk)}) "
                    f"WHERE {pk} IS NOT NULL"
                )
            return exists is None

    @contextmanager
    def _guard(self) -> Iterator[None]:
        with self._lock:
            try:
                yield
            except sqlite3.OperationalError as error:
                raise StoreUnavailableError(f"embedded store unavailable: {error}") from error

    def _load(self, key: Key, db: sqlite3.Connection | None = None) -> Item | None:
        row = (
            (db or self._db)
            .execute(
                f"SELECT item FROM items WHERE {self._column(self.schema.pk)} = ? "  # noqa: S608
                f"AND {self._column(self.schema.sk)} = ?",
                (key[self.schema.pk], key[self.schema.sk]),
            )
            .fetchone()
        )
        return None if row is None else item_json.loads(row[0])

    def _store(self, item: Item) -> None:
        columns = [*self._key_columns, "item"]
        values = [item.get(attr) for attr in self._key_columns] + [item_json.dumps(item)]
        self._db.execute(
            f"INSERT OR REPLACE INTO items ({', '.join(self._column(c) for c in columns)}) "  # noqa: S608
            f"VALUES ({', '.join('?' * len(columns))})",
            values,
        )

    def _remove(self, key: Key) -> None:
        self._db.execute(
            f"DELETE FROM items WHERE {self._column(self.schema.pk)} = ? "  # noqa: S608
            f"AND {self._column(self.schema.sk)} = ?",
            (key[self.schema.pk], key[self.schema.sk]),
        )

    def _key_of(self, action: WriteAction) -> Key:
        key = action.item if isinstance(action, Put) else action.key
        return {self.schema.pk: key[self.schema.pk], self.schema.sk: key[self.schema.sk]}

    def _apply(self, action: WriteAction, current: Item | None) -> None:
        if isinstance(action, Put):
            self._store(action.item)
        elif isinstance(action, Delete):
            self._remove(action.key)
        elif isinstance(action, Update):
            self._store(_apply_update(current, action))

    def get(self, key: Key) -> Item | None:
        with self._reader() as db:
            item = self._load(key, db)
        self.meter.record(1 if item else 0)
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
        spec = self.schema.index(index)
        pk, sk = self._column(spec.pk), self._column(spec.sk)
        order = [spec.sk] if index is None else [spec.sk, self.schema.pk, self.schema.sk]
        where, params = [f"{pk} = ?"], [partition]
        if sort is not None and sort.begins_with is not None:
            where.append(f"{sk} >= ? AND {sk} < ?")
            params += [sort.begins_with, _next_prefix(sort.begins_with)]
        if sort is not None and sort.low is not None:
            where.append(f"{sk} >= ?")
            params.append(sort.low)
        if sort is not None and sort.high is not None:
            where.append(f"{sk} <= ?")
            params.append(sort.high)
        if start is not None:
            columns = ", ".join(self._column(a) for a in order)
            where.append(
                f"({columns}) {'<' if descending else '>'} ({', '.join('?' * len(order))})"
            )
            params += [start[a] for a in order]
        direction = "DESC" if descending else "ASC"
        sql = (
            f"SELECT item FROM items WHERE {' AND '.join(where)} "  # noqa: S608
            f"ORDER BY {', '.join(f'{self._column(a)} {direction}' for a in order)} LIMIT ?"
        )
        with self._reader() as db:
            rows = db.execute(sql, [*params, limit + 1]).fetchall()
        items = [item_json.loads(row[0]) for row in rows[:limit]]
        self.meter.record(len(items))
        last_key = None
        if len(rows) > limit:
            last = items[-1]
            last_key = {a: last[a] for a in {*order, self.schema.pk, self.schema.sk}}
        if keys_only:
            wanted = {*self._key_columns}
            items = [{k: v for k, v in item.items() if k in wanted} for item in items]
        return Page(items, last_key)

    def _run_transaction(self, body: Callable[[], T]) -> T:
        with self._guard():
            self._db.execute("BEGIN IMMEDIATE")
            try:
                result = body()
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
            return result

    def write(self, action: Put | Delete | Update) -> None:
        def body() -> None:
            current = self._load(self._key_of(action))
            if not _satisfies(current, action.condition):
                raise ConditionFailedError(str(self._key_of(action)))
            self._apply(action, current)

        self._run_transaction(body)
        self.meter.record(0)

    def transact(self, actions: Sequence[WriteAction]) -> None:
        keys = [tuple(self._key_of(a).values()) for a in actions]
        if len(set(keys)) != len(keys) or not 0 < len(actions) <= 100:
            raise ValueError("a transaction takes 1-100 actions on distinct items")

        def body() -> None:
            current = [self._load(self._key_of(a)) for a in actions]
            reasons: list[str | None] = [
                None if _satisfies(item, action.condition) else "ConditionalCheckFailed"
                for action, item in zip(actions, current, strict=True)
            ]
            if any(reasons):
                raise TransactionCancelledError(reasons)
            for action, item in zip(actions, current, strict=True):
                if not isinstance(action, Check):
                    self._apply(action, item)

        self._run_transaction(body)
        self.meter.record(0)

    def batch_delete(self, keys: Sequence[Key]) -> None:
        if keys:

            def remove_all() -> None:
                for key in keys:
                    self._remove(key)

            self._run_transaction(remove_all)
            self.meter.record(0)

    def batch_put(self, items: Sequence[Item]) -> None:
        if items:

            def store_all() -> None:
                for item in items:
                    self._store(item)

            self._run_transaction(store_all)
            self.meter.record(0)

    def scan(self, *, start: Item | None = None, limit: int) -> Page:
        pk, sk = self._column(self.schema.pk), self._column(self.schema.sk)
        where, params = "", []
        if start is not None:
            where = f"WHERE ({pk}, {sk}) > (?, ?)"
            params = [start[self.schema.pk], start[self.schema.sk]]
        with self._reader() as db:
            rows = db.execute(
                f"SELECT item FROM items {where} ORDER BY {pk}, {sk} LIMIT ?",  # noqa: S608
                [*params, limit + 1],
            ).fetchall()
        items = [item_json.loads(row[0]) for row in rows[:limit]]
        self.meter.record(len(items))
        last_key = None
        if len(rows) > limit:
            last_key = {
                self.schema.pk: items[-1][self.schema.pk],
                self.schema.sk: items[-1][self.schema.sk],
            }
        return Page(items, last_key)

    def close(self) -> None:
        with self._lock:
            for connection in self._opened:
                connection.close()
            self._opened.clear()
