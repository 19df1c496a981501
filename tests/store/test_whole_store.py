"""`export` and `restore` on each engine: every record survives, derived items are rebuilt,
bad files are refused before anything is written, and an interrupted run resumes."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import boto3
import pytest
from fastapi.testclient import TestClient

from tests.conftest import LOCAL_URL
from tests.store.whole_store import answers, fill, record_lines
from training_tracker.app import create_app
from training_tracker.config import Settings
from training_tracker.errors import ExportFileError, StoreNotEmptyError
from training_tracker.services.store_dump import export_store
from training_tracker.services.store_restore import RESTORE_JOB, StoreRestore
from training_tracker.store.checkpoints import CheckpointStore
from training_tracker.store.dump import Record, StoreDump
from training_tracker.store.dynamodb import DynamoDBTable
from training_tracker.store.keys import SCHEMA
from training_tracker.store.port import Item, Table
from training_tracker.store.repository import Repository
from training_tracker.store.sqlite import SqliteTable

PAGE = 3  # small scan pages: the export follows every one


def fresh_table(like: Table, tmp_path: Path, name: str) -> Table:
    """An empty store of the same engine as `like`."""
    if isinstance(like, SqliteTable):
        table: Table = SqliteTable(tmp_path / f"{name}.sqlite3", SCHEMA)
    else:
        client = boto3.client("dynamodb", region_name="us-east-1")
        table = DynamoDBTable(client, name, SCHEMA, endpoint=None)
    table.ensure_table()
    return table


def restorer(table: Table, chunk: int = 4) -> StoreRestore:
    dump = StoreDump(table, page_size=PAGE)
    return StoreRestore(
        Repository(table, page_size=PAGE), dump, CheckpointStore(table), chunk=chunk
    )


def api(table: Table, tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(sqlite_path=tmp_path / "unused.sqlite3", query_page_size=2)
    with TestClient(create_app(settings, table), base_url=LOCAL_URL) as client:
        yield client


def test_every_record_survives_a_restore_and_the_api_answers_the_same(
    table: Table, client: TestClient, tmp_path: Path
) -> None:
    athletes = fill(client, table)
    before = answers(client, athletes)
    first = tmp_path / "first.jsonl.gz"
    report = export_store(StoreDump(table, page_size=PAGE), first)
    assert report.counts == Counter(
        {
            "athlete": 2,
            "session": 6,
            "plan": 1,
            "wellness": 1,
            "token": 1,
            "import-key": 1,
            "idempotency-answer": 1,
        }
    )
    assert report.passed_over["derived"] > 6  # locators and totals: rebuilt, not carried
    header, records, trailer = record_lines(first)
    assert header["format_version"] == 1
    assert header["product_version"]
    assert trailer == {"end": True, "records": 13, "counts": dict(report.counts)}

    restored = fresh_table(table, tmp_path, "restored")
    done = restorer(restored).run(first)
    assert done.written == 13
    assert done.resumed_after is None
    assert done.rebuild.sessions == 6
    assert CheckpointStore(restored).get(RESTORE_JOB) is None
    second = tmp_path / "second.jsonl.gz"
    export_store(StoreDump(restored, page_size=PAGE), second)
    assert record_lines(second)[1] == records
    assert answers(next(api(restored, tmp_path)), athletes) == before


def test_a_store_with_data_is_refused_and_left_as_it_was(
    table: Table, client: TestClient, tmp_path: Path
) -> None:
    athletes = fill(client, table)
    path = tmp_path / "export.jsonl.gz"
    export_store(StoreDump(table, page_size=PAGE), path)
    before = answers(client, athletes)
    with pytest.raises(StoreNotEmptyError, match="not empty"):
        restorer(table).run(path)
    assert answers(client, athletes) == before


class FailingAfter:
    """A real table that stops (as a killed process would) at its n-th batch put."""

    def __init__(self, table: Table, puts: int) -> None:
        self._table = table
        self._puts = puts

    def __getattr__(self, name: str) -> Any:
        return getattr(self._table, name)

    def batch_put(self, items: Sequence[Item]) -> None:
        self._puts -= 1
        if self._puts < 0:
            raise KeyboardInterrupt
        self._table.batch_put(items)


@pytest.mark.parametrize("puts", [1, 3, 4])  # mid-records, and in the rebuild
def test_an_interrupted_restore_resumes_without_duplicates(
    table: Table, client: TestClient, tmp_path: Path, puts: int
) -> None:
    athletes = fill(client, table)
    path = tmp_path / "export.jsonl.gz"
    export_store(StoreDump(table, page_size=PAGE), path)
    restored = fresh_table(table, tmp_path, "restored")
    with pytest.raises(KeyboardInterrupt):
        restorer(FailingAfter(restored, puts)).run(path)  # type: ignore[arg-type]
    assert CheckpointStore(restored).get(RESTORE_JOB) is not None

    other = tmp_path / "other.jsonl.gz"
    export_store(StoreDump(fresh_table(table, tmp_path, "empty"), page_size=PAGE), other)
    with pytest.raises(StoreNotEmptyError, match="another export"):
        restorer(restored).run(other)

    done = restorer(restored).run(path)
    assert done.resumed_after is not None
    assert done.written == 13 - done.resumed_after
    again = tmp_path / "again.jsonl.gz"
    export_store(StoreDump(restored, page_size=PAGE), again)
    assert record_lines(again)[1] == record_lines(path)[1]
    assert answers(next(api(restored, tmp_path)), athletes) == answers(client, athletes)


def _rewrite(path: Path, change: Any) -> Path:
    lines = gzip.decompress(path.read_bytes()).decode().splitlines()
    bad = path.with_name("bad.jsonl.gz")
    bad.write_bytes(gzip.compress(("\n".join(change(lines)) + "\n").encode()))
    return bad


def _edit_record(lines: list[str], kind: str, **fields: Any) -> list[str]:
    for n, line in enumerate(lines):
        parsed = json.loads(line)
        if parsed.get("kind") == kind:
            parsed["record"].update(fields)
            lines[n] = json.dumps(parsed)
            return lines
    raise AssertionError(kind)


BAD_FILES = {
    "cut short": lambda lines: lines[:-3],
    "unknown field": lambda lines: _edit_record(lines, "session", speed="fast"),
    "wrong type": lambda lines: _edit_record(lines, "session", duration=45.5),
    "not finite": lambda lines: _edit_record(lines, "session", distance="Infinity"),
    "bad enum": lambda lines: _edit_record(lines, "athlete", sex="robot"),
    "missing field": lambda lines: [
        line.replace('"athlete_name"', '"athlete_name_"') for line in lines
    ],
    "unknown kind": lambda lines: [lines[0], '{"kind": "nope", "record": {}}', *lines[1:]],
    "counts disagree": lambda lines: [lines[0], *lines[2:]],
    "newer format": lambda lines: [lines[0].replace('"format_version": 1', '"format_version": 2')],
    "not an object": lambda lines: [lines[0], "[1, 2]", *lines[1:]],
}


@pytest.mark.parametrize("problem", sorted(BAD_FILES))
def test_a_bad_file_is_refused_before_anything_is_written(
    sqlite_table: SqliteTable, tmp_path: Path, problem: str
) -> None:
    source = fresh_table(sqlite_table, tmp_path, "source")
    with next(api(source, tmp_path)) as client:
        fill(client, source)
    path = tmp_path / "export.jsonl.gz"
    export_store(StoreDump(source, page_size=PAGE), path)
    bad = _rewrite(path, BAD_FILES[problem])
    with pytest.raises(ExportFileError):
        restorer(sqlite_table).run(bad)
    assert not StoreDump(sqlite_table, page_size=PAGE).holds_data()
    assert CheckpointStore(sqlite_table).get(RESTORE_JOB) is None


def test_files_that_are_no_export_at_all(sqlite_table: SqliteTable, tmp_path: Path) -> None:
    plain = tmp_path / "plain.jsonl"
    plain.write_text('{"format": "training-tracker-export"}\n')
    truncated = tmp_path / "truncated.gz"
    truncated.write_bytes(gzip.compress(b'{"a": 1}\n' * 1000)[:-20])
    empty = tmp_path / "empty.gz"
    empty.write_bytes(gzip.compress(b""))
    for path in (plain, truncated, empty, tmp_path / "missing.gz"):
        with pytest.raises(ExportFileError):
            restorer(sqlite_table).run(path)
    assert not StoreDump(sqlite_table, page_size=PAGE).holds_data()


class BrokenDump(StoreDump):
    def records(self, passed_over: Counter[str]) -> Iterator[Record]:
        yield from list(super().records(passed_over))[:5]
        raise ConnectionError("the store went away")


def test_an_interrupted_export_leaves_no_file_that_looks_whole(
    table: Table, client: TestClient, tmp_path: Path
) -> None:
    fill(client, table)
    target = tmp_path / "export.jsonl.gz"
    target.write_bytes(b"yesterday's export")
    with pytest.raises(ConnectionError):
        export_store(BrokenDump(table, page_size=PAGE), target)
    assert target.read_bytes() == b"yesterday's export"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".export")] == []


def test_expired_answers_are_not_exported(table: Table, client: TestClient, tmp_path: Path) -> None:
    fill(client, table)
    later = StoreDump(table, page_size=PAGE, clock=lambda: 4_000_000_000.0)
    report = export_store(later, tmp_path / "export.jsonl.gz")
    assert "idempotency-answer" not in report.counts
    assert report.passed_over["idempotency (expired)"] == 1
