"""The cursor signing secret lives in the store: created once, the same for every process."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from training_tracker.store.keys import SCHEMA, server_secret_key
from training_tracker.store.port import Put, Table
from training_tracker.store.server_secrets import SECRET_BYTES, shared_secret
from training_tracker.store.sqlite import SqliteTable


def test_first_use_creates_it_and_later_uses_read_it(table: Table) -> None:
    assert table.get(server_secret_key("cursor")) is None
    first = shared_secret(table, "cursor")
    assert len(first) == SECRET_BYTES
    assert table.get(server_secret_key("cursor")) is not None
    assert shared_secret(table, "cursor") == first
    assert shared_secret(table, "other") != first


def test_concurrent_first_uses_agree(table: Table) -> None:
    with ThreadPoolExecutor(8) as pool:
        found = set(pool.map(lambda _: shared_secret(table, "cursor"), range(16)))
    assert len(found) == 1


class _LosesTheRace:
    """The store as seen by a process whose write comes just after another process's."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.theirs: bytes | None = None

    def get(self, key: dict[str, str]) -> object:
        return self.table.get(key)

    def write(self, action: Put) -> None:
        if self.theirs is None:
            self.theirs = shared_secret(self.table, "cursor")
        self.table.write(action)


def test_a_process_that_loses_the_race_uses_the_winners_secret(table: Table) -> None:
    late = _LosesTheRace(table)
    mine = shared_secret(late, "cursor")  # type: ignore[arg-type]
    assert late.theirs is not None
    assert mine == late.theirs == shared_secret(table, "cursor")


def _secret_in_a_process(path: str) -> str:
    table = SqliteTable(Path(path), SCHEMA)
    try:
        return shared_secret(table, "cursor").hex()
    finally:
        table.close()


def test_processes_sharing_an_embedded_store_agree(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    store = SqliteTable(path, SCHEMA)
    store.ensure_table()
    store.close()
    with ProcessPoolExecutor(4, mp_context=get_context("spawn")) as pool:
        found = set(pool.map(_secret_in_a_process, [str(path)] * 8))
    assert len(found) == 1
    reopened = SqliteTable(path, SCHEMA)
    try:
        assert shared_secret(reopened, "cursor").hex() in found  # it survives a restart
    finally:
        reopened.close()
