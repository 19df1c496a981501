"""Readers for activity files and archives: bytes in, session details out, no other I/O.

`read_upload` is the entry point; `sessions_csv` holds the CSV format the export writes."""

from training_tracker.importers.activity import (
    FileOutcome,
    ImportedActivity,
    ImportFailure,
    RowError,
)
from training_tracker.importers.limits import DEFAULT_LIMITS, ImportLimits
from training_tracker.importers.reader import read_upload

__all__ = [
    "DEFAULT_LIMITS",
    "FileOutcome",
    "ImportFailure",
    "ImportLimits",
    "ImportedActivity",
    "RowError",
    "read_upload",
]
