"""Whole-store export and restore on the embedded store: a store of N sessions (the bench's
own dataset and bulk loader) exported, restored into a fresh file with its totals rebuilt,
and the copy of the embedded store's file (`backup`) for scale.

`python -m bench.run --only-dump` runs only this and rewrites only its section of the report.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from bench.fill import load, make_dataset
from training_tracker.services.store_dump import export_store
from training_tracker.services.store_restore import RestoreProgress, StoreRestore
from training_tracker.store.checkpoints import CheckpointStore
from training_tracker.store.dump import StoreDump
from training_tracker.store.keys import SCHEMA
from training_tracker.store.repository import Repository
from training_tracker.store.sqlite import SqliteTable
from training_tracker.store.sqlite_backup import backup_file

TITLE = "## Whole-store export, restore and backup"
SCAN_PAGE = 1000
T = TypeVar("T")  # what a timed step returns


@dataclass(frozen=True)
class Step:
    name: str
    seconds: float
    count: int  # records (export, restore) or MB (backup)
    unit: str
    items: int | None = None  # the store's items the step moved, derived ones included


@dataclass(frozen=True)
class DumpBench:
    sessions: int
    athletes: int
    items: int
    file_bytes: int
    steps: list[Step]

    def rows(self) -> tuple[list[str], list[list[str]]]:
        header = ["step", "what", "seconds", "per second", "store items/s"]
        rows = [
            [
                s.name,
                f"{s.count} {s.unit}",
                f"{s.seconds:.2f}",
                f"{s.count / s.seconds:,.0f}",
                "" if s.items is None else f"{s.items / s.seconds:,.0f}",
            ]
            for s in self.steps
        ]
        return header, rows


def _timed(action: Callable[[], T]) -> tuple[T, float]:
    began = time.perf_counter()
    result = action()
    return result, time.perf_counter() - began


def measure_dump(workdir: Path, sessions: int = 100_000) -> DumpBench:
    data = make_dataset(sessions)
    source = SqliteTable(workdir / "dump-source.sqlite3", SCHEMA)
    source.ensure_table()
    items = load(source, data, chunk=5000)
    out = workdir / "store.jsonl.gz"
    report, exported = _timed(lambda: export_store(StoreDump(source, page_size=SCAN_PAGE), out))
    copy = workdir / "backup.sqlite3"
    size, copied = _timed(lambda: backup_file(source.path, copy))
    source.close()

    target = SqliteTable(workdir / "dump-target.sqlite3", SCHEMA)
    target.ensure_table()
    restore = StoreRestore(
        Repository(target, page_size=SCAN_PAGE),
        StoreDump(target, page_size=SCAN_PAGE),
        CheckpointStore(target),
    )
    records = report.records
    written_at: list[float] = []

    def wrote(done: int) -> None:
        if done == records and not written_at:
            written_at.append(time.perf_counter())

    began = time.perf_counter()
    restored = restore.run(out, RestoreProgress(wrote=wrote))
    ended = time.perf_counter()
    target.close()
    steps = [
        Step("export (scan, encode, gzip)", exported, records, "records", items),
        Step(
            "restore: check the file, write the records", written_at[0] - began, records, "records"
        ),
        Step(
            "restore: rebuild totals (`rebuild-aggregates`)",
            ended - written_at[0],
            sessions,
            "sessions",
        ),
        Step("restore, in all", ended - began, records, "records", items),
        Step("backup (SQLite online backup)", copied, size // 1_000_000, "MB", items),
    ]
    assert restored.rebuild.sessions == sessions  # the restore put every session back
    return DumpBench(sessions, len(data.athletes), items, report.size, steps)


def markdown(result: DumpBench, load_average: str) -> str:
    header, rows = result.rows()
    lines = [
        TITLE,
        "",
        f"An embedded store of {result.sessions} sessions and {result.athletes} athletes "
        f"({result.items} items with locators and totals) exported to one file "
        f"({result.file_bytes // 1000} kB gzip), restored into a fresh store (the whole file "
        "checked first, records written in batches, then `rebuild-aggregates`), and copied "
        "with `backup`. One process on one core; measured with `python -m bench.run "
        f"--only-dump` (`bench/dump.py`), load average {load_average} on "
        f"{os.cpu_count()} cores at the time, so a quiet machine does better.",
        "",
        "| " + " | ".join(header) + " |",
        "|---|---:|---:|---:|---:|",
        *("| " + " | ".join(row) + " |" for row in rows),
        "",
    ]
    return "\n".join(lines)


def replace_section(report: str, section: str) -> str:
    """`report` with its section of this title replaced by `section` (or `section` added)."""
    start = report.find(TITLE)
    if start < 0:
        return report.rstrip("\n") + "\n\n" + section
    following = report.find("\n## ", start + len(TITLE))
    rest = "" if following < 0 else report[following + 1 :]
    return report[:start] + section + ("\n" + rest if rest else "")
