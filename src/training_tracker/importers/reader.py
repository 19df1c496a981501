"""The one entry point: uploaded bytes and their name in, one outcome per file out."""

from __future__ import annotations

from datetime import tzinfo

from training_tracker.errors import ImportRejectedError
from training_tracker.importers.activity import FileOutcome
from training_tracker.importers.archive import read_archive
from training_tracker.importers.files import activity_outcome, csv_outcome, failed, unwrap
from training_tracker.importers.limits import DEFAULT_LIMITS, ImportLimits
from training_tracker.importers.sniff import Kind


def read_upload(
    name: str, data: bytes, zone: tzinfo, limits: ImportLimits = DEFAULT_LIMITS
) -> list[FileOutcome]:
    """A FIT/GPX/TCX file (maybe gzipped), a sessions CSV, or a zip of activity files.

    Never raises for what the bytes hold: a file that cannot be read is an outcome with a
    failure, and one bad entry of an archive leaves the others read."""
    try:
        _, kind, content = unwrap(name, data, limits)
        if kind is Kind.ZIP:
            return read_archive(name, content, zone, limits)
    except ImportRejectedError as error:
        return [failed(name, error)]
    if kind is Kind.CSV:
        return [csv_outcome(name, content)]
    return [activity_outcome(name, kind, content, zone)]
