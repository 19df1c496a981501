"""One activity file: unwrap any gzip layer, check it is what it says, read it."""

from __future__ import annotations

import hashlib
from datetime import tzinfo

from training_tracker.errors import ImportRejectedError
from training_tracker.importers.activity import FileOutcome, ImportedActivity, ImportFailure
from training_tracker.importers.fit import read_fit
from training_tracker.importers.gpx import read_gpx
from training_tracker.importers.gunzip import gunzip
from training_tracker.importers.limits import ImportLimits
from training_tracker.importers.sessions_csv import read_sessions_csv
from training_tracker.importers.sniff import Kind, inner_name, sniff
from training_tracker.importers.tcx import read_tcx

CONTENT_TYPES = {
    Kind.FIT: "application/vnd.ant.fit",
    Kind.GPX: "application/gpx+xml",
    Kind.TCX: "application/vnd.garmin.tcx+xml",
    Kind.CSV: "text/csv",
}
ACTIVITY_KINDS = frozenset({Kind.FIT, Kind.GPX, Kind.TCX})


def content_key(data: bytes) -> str:
    """The dedupe key and storage address of a file: SHA-256 of its decompressed bytes, so
    `ride.fit` and `ride.fit.gz` (whose gzip header carries a time stamp) are one file."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def failed(name: str, error: ImportRejectedError) -> FileOutcome:
    return FileOutcome(name=name, failure=ImportFailure(error.code, error.message))


def unwrap(name: str, data: bytes, limits: ImportLimits) -> tuple[str, Kind, bytes]:
    """The file's name, kind and bytes once any gzip layer is removed."""
    kind = sniff(name, data)
    cap = limits.max_archive_bytes if kind is Kind.ZIP else limits.max_file_bytes
    if len(data) > cap:
        raise ImportRejectedError("TOO_LARGE", f"{name} is larger than {cap} bytes")
    if kind is not Kind.GZIP:
        return name, kind, data
    content = gunzip(name, data, limits)
    inner = inner_name(name)
    kind = sniff(inner, content)
    if kind in (Kind.GZIP, Kind.ZIP):
        raise ImportRejectedError(
            "NESTED_COMPRESSION", f"{name} holds a {kind.value} inside gzip; unpack it first"
        )
    return inner, kind, content


def read_activities(name: str, kind: Kind, data: bytes, zone: tzinfo) -> list[ImportedActivity]:
    key = content_key(data)
    if kind is Kind.FIT:
        return read_fit(name, data, zone, key)
    if kind is Kind.GPX:
        return read_gpx(name, data, zone, key)
    if kind is Kind.TCX:
        return read_tcx(name, data, zone, key)
    raise ImportRejectedError("UNSUPPORTED_FORMAT", f"{name} is not an activity file")


def activity_outcome(name: str, kind: Kind, data: bytes, zone: tzinfo) -> FileOutcome:
    try:
        activities = read_activities(name, kind, data, zone)
    except ImportRejectedError as error:
        return failed(name, error)
    return FileOutcome(
        name=name, activities=tuple(activities), content=data, content_type=CONTENT_TYPES[kind]
    )


def csv_outcome(name: str, data: bytes) -> FileOutcome:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return failed(name, ImportRejectedError("CORRUPT_FILE", f"{name} is not UTF-8 text"))
    rows = read_sessions_csv(text)
    if not rows.activities and rows.errors:
        first = rows.errors[0]
        return FileOutcome(
            name=name,
            failure=ImportFailure("INVALID_ROWS", f"line {first.line}: {first.message}"),
            row_errors=tuple(rows.errors),
        )
    return FileOutcome(
        name=name,
        activities=tuple(activity for _, activity in rows.activities),
        row_errors=tuple(rows.errors),
    )
