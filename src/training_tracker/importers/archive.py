"""Zip archives: a Strava bulk export, a Garmin Connect export (zips of FIT files inside a
zip), or any zip of activity files.

Nothing is extracted to disk. Entries are read with caps (`ImportLimits`): the entry count
and total decompressed size of the archive and the archives nested in it, each entry's size
and compression ratio, and the nesting depth. Entry names that climb out of the archive or
are absolute are refused by name. Files other than activity files and nested zips (photos,
JSON, other CSVs) are passed over."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, replace
from datetime import tzinfo

from training_tracker.errors import ImportRejectedError
from training_tracker.importers.activity import FileOutcome, ImportFailure
from training_tracker.importers.files import (
    ACTIVITY_KINDS,
    activity_outcome,
    failed,
    unwrap,
)
from training_tracker.importers.limits import MIB, ImportLimits
from training_tracker.importers.sniff import Kind, claimed_kind, inner_name
from training_tracker.importers.strava import StravaRow, read_activities_csv

STRAVA_INDEX = "activities.csv"
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass
class _Budget:
    """What one upload has spent, shared by an archive and every archive inside it."""

    limits: ImportLimits
    bytes: int = 0
    entries: int = 0


def unsafe_name(name: str) -> bool:
    """Absolute, drive-qualified, backslashed or climbing (`..`) names: a zip-slip attempt."""
    if not name or "\x00" in name or "\\" in name or name.startswith("/") or _DRIVE.match(name):
        return True
    return any(part == ".." for part in name.split("/"))


def _read_entry(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int, budget: _Budget
) -> bytes:
    limits = budget.limits
    ratio_cap = max(MIB, info.compress_size * limits.max_compression_ratio)
    room = limits.max_archive_bytes - budget.bytes
    allowed = min(cap, ratio_cap, room)
    if info.flag_bits & 0x1:
        raise ImportRejectedError("ENCRYPTED", f"{info.filename} is encrypted")
    if info.file_size > room or (info.file_size > allowed and room == allowed):
        raise ImportRejectedError(
            "ARCHIVE_TOO_LARGE",
            f"the archive decompresses to more than {limits.max_archive_bytes} bytes; "
            f"{info.filename} and the entries after it are not read",
        )
    if info.file_size > allowed:
        raise ImportRejectedError(
            "ZIP_BOMB" if info.file_size > ratio_cap else "TOO_LARGE",
            f"{info.filename} would decompress to {info.file_size} bytes; "
            f"at most {allowed} allowed",
        )
    try:
        with archive.open(info) as handle:
            content = handle.read(allowed + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        raise ImportRejectedError(
            "CORRUPT_FILE", f"{info.filename} cannot be read from the archive"
        ) from error
    if len(content) > allowed:
        raise ImportRejectedError(
            "ZIP_BOMB", f"{info.filename} decompresses past its declared size; refused"
        )
    budget.bytes += len(content)
    return content


def _strava_rows(
    archive: zipfile.ZipFile, prefix: str, zone: tzinfo, budget: _Budget
) -> tuple[dict[str, StravaRow], list[StravaRow], list[FileOutcome]]:
    info = archive.getinfo(prefix + STRAVA_INDEX)
    content = _read_entry(archive, info, budget.limits.max_file_bytes, budget)
    rows, errors = read_activities_csv(content.decode("utf-8", errors="replace"), zone)
    by_file = {prefix + row.filename: row for row in rows if row.filename}
    without_file = [row for row in rows if not row.filename]
    problems = [
        FileOutcome(
            name=f"{prefix}{STRAVA_INDEX}:{error.line}",
            failure=ImportFailure("INVALID_ROW", f"line {error.line}: {error.message}"),
        )
        for error in errors
    ]
    return by_file, without_file, problems


def _from_csv(row: StravaRow, label: str, reason: str | None = None) -> FileOutcome:
    if row.summary is None:
        return FileOutcome(name=label, failure=ImportFailure("INVALID_ROW", "row has no date"))
    summary = row.summary
    if reason:
        summary = replace(summary, warnings=(*summary.warnings, reason))
    return FileOutcome(name=label, activities=(summary,))


def _strava_prefix(archive: zipfile.ZipFile) -> str | None:
    names = set(archive.namelist())
    if STRAVA_INDEX in names:
        return ""
    tops = {n.split("/", 1)[0] for n in names if "/" in n}
    if len(tops) == 1 and f"{next(iter(tops))}/{STRAVA_INDEX}" in names:
        return f"{next(iter(tops))}/"
    return None


def read_archive(
    name: str, data: bytes, zone: tzinfo, budget: _Budget | ImportLimits, depth: int = 1
) -> list[FileOutcome]:
    """One outcome per activity file inside (or per Strava activity without a file)."""
    if isinstance(budget, ImportLimits):
        budget = _Budget(budget)
    limits = budget.limits
    if depth > limits.max_nesting_depth:
        raise ImportRejectedError(
            "TOO_DEEP", f"{name} is nested more than {limits.max_nesting_depth} archives deep"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError) as error:
        raise ImportRejectedError("CORRUPT_FILE", f"{name} is not a readable zip") from error
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        budget.entries += len(infos)
        if budget.entries > limits.max_archive_entries:
            raise ImportRejectedError(
                "TOO_MANY_ENTRIES",
                f"{name} holds more than {limits.max_archive_entries} entries; refused",
            )
        outcomes: list[FileOutcome] = []
        strava = _strava_prefix(archive) if depth == 1 else None
        by_file: dict[str, StravaRow] = {}
        if strava is not None:
            by_file, without_file, problems = _strava_rows(archive, strava, zone, budget)
            outcomes += problems
            outcomes += [_from_csv(r, f"strava activity {r.activity_id}") for r in without_file]
        seen: set[str] = set()
        for info in infos:
            label = f"{name}/{info.filename}"
            kind = claimed_kind(inner_name(info.filename))
            if kind not in ACTIVITY_KINDS and kind is not Kind.ZIP:
                continue
            seen.add(info.filename)
            try:
                outcomes += _entry(archive, info, label, kind, zone, budget, depth)
            except ImportRejectedError as error:
                outcomes.append(failed(label, error))
                if error.code == "ARCHIVE_TOO_LARGE":
                    break
            row = by_file.get(info.filename)
            if row is not None:
                outcomes[-1] = _with_strava(outcomes[-1], row)
        for path, row in by_file.items():
            if path not in seen:
                outcomes.append(
                    _from_csv(row, f"strava activity {row.activity_id}", f"{path} is missing")
                )
    return outcomes


def _with_strava(outcome: FileOutcome, row: StravaRow) -> FileOutcome:
    if outcome.failure is not None:
        reason = f"the file could not be read ({outcome.failure.message}); figures from the CSV"
        return _from_csv(row, outcome.name, reason)
    return replace(outcome, activities=tuple(row.enrich(a) for a in outcome.activities))


def _entry(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    label: str,
    kind: Kind | None,
    zone: tzinfo,
    budget: _Budget,
    depth: int,
) -> list[FileOutcome]:
    if unsafe_name(info.filename):
        raise ImportRejectedError(
            "UNSAFE_PATH", f"{info.filename!r} points outside the archive; refused"
        )
    limits = budget.limits
    if kind is Kind.ZIP:
        content = _read_entry(archive, info, limits.max_archive_bytes, budget)
        return read_archive(label, content, zone, budget, depth + 1)
    content = _read_entry(archive, info, limits.max_file_bytes, budget)
    _, entry_kind, plain = unwrap(posixpath.basename(info.filename), content, limits)
    if entry_kind not in ACTIVITY_KINDS:
        raise ImportRejectedError(
            "UNSUPPORTED_FORMAT", f"{info.filename} is {entry_kind.value}, not an activity file"
        )
    return [activity_outcome(label, entry_kind, plain, zone)]
