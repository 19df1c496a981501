"""`restore`: an export file into an empty store, resumably, then the totals rebuilt.

The whole file is read once first (every record parsed, the closing counts checked), so a
damaged or cut-short file is refused before anything is written. Records are then written
in chunks of unconditional batch puts; after each chunk a checkpoint in the store records
how many are in. A rerun after an interruption finds that checkpoint, checks it belongs to
the same export, skips what is in and goes on: a chunk written twice is the same items put
twice, so nothing is duplicated. Last, `rebuild-aggregates` (resumable too) writes the
totals, session counts and locators from the sessions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from training_tracker.errors import StoreNotEmptyError
from training_tracker.services.dump_format import Contents, check, read_records
from training_tracker.services.maintenance import RebuildReport, TotalsRebuilder
from training_tracker.store.checkpoints import CheckpointStore
from training_tracker.store.dump import Record, StoreDump
from training_tracker.store.repository import Repository

RESTORE_JOB = "restore"
CHUNK = 500  # records per checkpoint: at most this many are written again after a kill
WRITING, REBUILDING = "records", "totals"


@dataclass
class RestoreReport:
    contents: Contents
    written: int = 0  # records written by this run
    items: int = 0
    resumed_after: int | None = None  # records found already in, when resuming
    rebuild: RebuildReport = field(default_factory=RebuildReport)


@dataclass
class RestoreProgress:
    """What the command shows: the check, the writing, the rebuild."""

    checked: Callable[[Contents], None] = lambda _: None
    wrote: Callable[[int], None] = lambda _: None  # records in so far, of contents' total
    rebuilding: Callable[[str], None] = lambda _: None


class StoreRestore:
    def __init__(
        self,
        repository: Repository,
        dump: StoreDump,
        checkpoints: CheckpointStore,
        *,
        chunk: int = CHUNK,
    ) -> None:
        self.repository = repository
        self.dump = dump
        self.checkpoints = checkpoints
        self.chunk = chunk

    def run(self, path: Path, progress: RestoreProgress | None = None) -> RestoreReport:
        progress = progress or RestoreProgress()
        contents = check(path)
        progress.checked(contents)
        report = RestoreReport(contents)
        state = self._start(contents)
        if state.get("resumed"):
            report.resumed_after = int(state["records"])
        if state["phase"] == WRITING:
            self._write(path, contents, int(state["records"]), report, progress)
            self._save(contents, phase=REBUILDING, records=sum(contents.counts.values()))
        report.rebuild = TotalsRebuilder(self.repository, progress=progress.rebuilding).run()
        self.checkpoints.clear(RESTORE_JOB)
        return report

    def _start(self, contents: Contents) -> dict[str, Any]:
        """The checkpoint to go on from: this export's, or a fresh one on an empty store."""
        state = self.checkpoints.get(RESTORE_JOB)
        if state is not None:
            if state.get("export_id") != contents.header.export_id:
                raise StoreNotEmptyError(
                    f"an interrupted restore of another export ({state.get('export_id')}) "
                    "is in this store; finish it by restoring that file again, or restore "
                    "into an empty store"
                )
            return {**state, "resumed": True}
        if self.dump.holds_data():
            raise StoreNotEmptyError(
                "the store is not empty; restore loads into an empty store only (create a "
                "new table or point SQLITE_PATH at a new file)"
            )
        return self._save(contents, phase=WRITING, records=0)

    def _write(
        self,
        path: Path,
        contents: Contents,
        done: int,
        report: RestoreReport,
        progress: RestoreProgress,
    ) -> None:
        progress.wrote(done)
        pending: list[Record] = []
        for record in read_records(path, skip=done):
            pending.append(record)
            if len(pending) == self.chunk:
                done = self._flush(pending, contents, done, report)
                progress.wrote(done)
        done = self._flush(pending, contents, done, report)
        progress.wrote(done)

    def _flush(
        self, pending: list[Record], contents: Contents, done: int, report: RestoreReport
    ) -> int:
        if not pending:
            return done
        report.items += self.dump.put(pending)
        report.written += len(pending)
        done += len(pending)
        pending.clear()
        self._save(contents, phase=WRITING, records=done)
        return done

    def _save(self, contents: Contents, *, phase: str, records: int) -> dict[str, Any]:
        state: dict[str, Any] = {
            "export_id": contents.header.export_id,
            "phase": phase,
            "records": records,
        }
        self.checkpoints.set(RESTORE_JOB, state)
        return state


def counts_text(counts: Counter[str]) -> str:
    return ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) or "nothing"
