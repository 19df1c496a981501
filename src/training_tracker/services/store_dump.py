"""`export`: every record of the store into one gzip JSON Lines file, streamed, atomically.

The file is written under a temporary name beside the target and renamed over it only once
it is whole and on disk, so an export that is interrupted never leaves a file that looks
finished (and an existing file of that name stays as it was). Memory stays flat: records
are read a page at a time and written as they come.

Run it while nothing writes (or see the docs for a snapshot first): the scan is not a
point-in-time view of a store that is changing under it.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import tempfile
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from training_tracker.errors import ExportFileError
from training_tracker.services.dump_format import Header, kind_of, record_line, trailer_line
from training_tracker.store.dump import StoreDump

FLUSH_EVERY = 1000  # records per write to the compressor, and per progress report
COMPRESS_LEVEL = 6  # gzip's 9 costs about twice the time for a few percent


@dataclass
class ExportReport:
    path: Path
    counts: Counter[str] = field(default_factory=Counter)
    passed_over: Counter[str] = field(default_factory=Counter)
    size: int = 0

    @property
    def records(self) -> int:
        return sum(self.counts.values())


class _AtomicFile:
    """A gzip file written under a temporary name beside `out` and renamed over it by
    `commit`; `discard` removes it. Its own failures (a full disk, no permission) become
    ExportFileError; whatever else goes wrong (the store) passes through untouched."""

    def __init__(self, out: Path) -> None:
        self.out = out
        # mkstemp makes the file readable by its owner only: it holds everyone's data.
        with self._failing_as_export_error():
            handle, self.temporary = tempfile.mkstemp(
                dir=out.parent, prefix=f".{out.name}.", suffix=".part"
            )
            self._raw = os.fdopen(handle, "wb")
        self._zipped = gzip.GzipFile(fileobj=self._raw, mode="wb", compresslevel=COMPRESS_LEVEL)

    @contextlib.contextmanager
    def _failing_as_export_error(self) -> Iterator[None]:
        try:
            yield
        except OSError as error:
            raise ExportFileError(f"cannot write {self.out}: {error.strerror or error}") from error

    def write(self, lines: list[str]) -> None:
        with self._failing_as_export_error():
            self._zipped.write(("\n".join(lines) + "\n").encode())

    def commit(self) -> int:
        """Flushes the file to disk and gives it its name; its size."""
        with self._failing_as_export_error():
            self._zipped.close()
            self._raw.flush()
            os.fsync(self._raw.fileno())
            self._raw.close()
            os.replace(self.temporary, self.out)
        _sync_folder(self.out.parent)
        return self.out.stat().st_size

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self._zipped.close()
        with contextlib.suppress(OSError):
            self._raw.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.temporary)


def export_store(
    dump: StoreDump, out: Path, *, progress: Callable[[int], None] = lambda _: None
) -> ExportReport:
    """Writes the store's records to `out` (replacing it only when the new file is whole)."""
    if not out.parent.is_dir():
        raise ExportFileError(f"{out.parent} is not a folder")
    header = Header(
        export_id=str(uuid.uuid4()),
        exported_at=datetime.now(UTC).isoformat(timespec="seconds"),
        product_version=version("training-tracker"),
    )
    report = ExportReport(out)
    file = _AtomicFile(out)
    try:
        file.write([json.dumps(header.line())])
        lines: list[str] = []
        for record in dump.records(report.passed_over):
            lines.append(record_line(record))
            report.counts[kind_of(record)] += 1
            if len(lines) == FLUSH_EVERY:
                file.write(lines)
                lines.clear()
                progress(report.records)
        file.write([*lines, trailer_line(report.counts)])
        report.size = file.commit()
    except BaseException:
        file.discard()
        raise
    progress(report.records)
    return report


def _sync_folder(folder: Path) -> None:
    """Makes the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
