"""A consistent copy of the embedded store's file, taken while servers keep writing to it.

SQLite's online backup API copies the database into a new file. It runs here as one step:
one read transaction over the whole copy, which in WAL mode writers never wait for, so the
copy is exactly one committed state of the store. (Copying in several steps would let a
write from another connection between two steps restart the copy from the beginning, and a
store that is written to all the time might never finish.) The copy is made under a
temporary name and renamed only when it passes `PRAGMA integrity_check`, so no half-made
backup ever carries the target's name.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

from training_tracker.errors import StoreUnavailableError

ALL_PAGES = -1


def backup_file(
    source: Path, target: Path, *, progress: Callable[[int, int], None] = lambda _d, _t: None
) -> int:
    """Copies the SQLite database at `source` to `target`; its size in bytes.
    `progress(done, total)` is called with pages when the copy is made."""
    if not source.is_file():
        raise StoreUnavailableError(f"no embedded store at {source}")
    if not target.parent.is_dir():
        raise StoreUnavailableError(f"{target.parent} is not a folder")
    try:
        handle, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".part"
        )
    except OSError as error:
        raise StoreUnavailableError(f"cannot write in {target.parent}: {error}") from error
    os.close(handle)
    try:
        with (
            contextlib.closing(sqlite3.connect(source, timeout=10)) as db,
            contextlib.closing(sqlite3.connect(temporary)) as copy,
        ):
            db.backup(
                copy,
                pages=ALL_PAGES,
                progress=lambda _status, remaining, total: progress(total - remaining, total),
            )
            # A file to keep on its own: no write-ahead log beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
            verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
            if verdict != "ok":
                raise StoreUnavailableError(f"the copy failed its integrity check: {verdict}")
        os.replace(temporary, target)
    except (sqlite3.Error, OSError) as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise StoreUnavailableError(f"backup of {source} to {target} failed: {error}") from error
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return target.stat().st_size
