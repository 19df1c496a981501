"""The sessions CSV: one format written by the export and read back by the import.

Columns, in order (`COLUMNS`), with the v1 field names. `date`, `duration` (minutes) and
`distance` (km) are required when reading; `sport`, `rpe`, `avgHeartRate`, `maxHeartRate` and
`notes` are optional, and an empty one means "not stated", as when a session is logged
without it. The columns the server derives or owns (`athlete_id`, `athlete_name`, `load`,
`loadMethod`, `createdAt`, `updatedAt`) are written for reference and ignored when read: rows
are imported for the athlete the import names. `id` is read only to recognise a row exported
from a session the athlete still has, and to tell apart two exported sessions that are
otherwise alike.

Text cells that a spreadsheet would run as a formula (starting with = + - @ or a tab) are
written with a leading apostrophe, which the reader removes again; so is a cell that starts
with an apostrophe itself, so that such a cell reads back unchanged."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TextIO

from training_tracker.domain.load import Sport
from training_tracker.domain.models import (
    MAX_HEART_RATE,
    MAX_NOTES_LENGTH,
    MAX_QUANTITY,
    MAX_RPE,
    MIN_HEART_RATE,
    MIN_RPE,
    TrainingSession,
)
from training_tracker.importers.activity import ImportedActivity, RowError

COLUMNS: tuple[str, ...] = (
    "id",
    "athlete_id",
    "athlete_name",
    "date",
    "duration",
    "distance",
    "sport",
    "rpe",
    "avgHeartRate",
    "maxHeartRate",
    "notes",
    "load",
    "loadMethod",
    "createdAt",
    "updatedAt",
)
REQUIRED: frozenset[str] = frozenset({"date", "duration", "distance"})
MAX_ROWS = 100_000
# Longer than any id the server gives: such an `id` cell names no session.
MAX_ID_LENGTH = 128
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ESCAPE = "'"
_ESCAPED_START = (*_FORMULA_START, _ESCAPE)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _text(value: str | None) -> str:
    if value is None:
        return ""
    return _ESCAPE + value if value.startswith(_ESCAPED_START) else value


def sessions_csv_lines(sessions: Iterable[TrainingSession]) -> Iterator[str]:
    """The header line, then one line per session (a row whose notes span lines is still
    one item), each ending in CRLF: what a streamed export sends as it reads."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def line(cells: Iterable[str]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(cells)
        return buffer.getvalue()

    yield line(COLUMNS)
    for s in sessions:
        yield line(
            [
                s.id,
                s.athlete_id,
                _text(s.athlete_name),
                _cell(s.date),
                _cell(s.duration),
                _cell(s.distance),
                _cell(s.sport),
                _cell(s.rpe),
                _cell(s.avg_heart_rate),
                _cell(s.max_heart_rate),
                _text(s.notes),
                _cell(s.load),
                _cell(s.load_method),
                _cell(s.created_at),
                _cell(s.updated_at),
            ]
        )


def write_sessions_csv(sessions: Iterable[TrainingSession], out: TextIO) -> int:
    """Writes a header and one row per session; returns the number of rows."""
    count = -1
    for text in sessions_csv_lines(sessions):
        out.write(text)
        count += 1
    return count


@dataclass
class CsvRows:
    """Rows read, each with the line it starts on, and the rows refused with the reason."""

    activities: list[tuple[int, ImportedActivity]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


class _RowRefusedError(ValueError):
    pass


def _decimal(row: dict[str, str], column: str, low: float, high: float) -> Decimal | None:
    text = row.get(column, "").strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise _RowRefusedError(f"{column} must be a number, not {text[:20]!r}") from None
    if not value.is_finite() or not low <= value <= high:
        raise _RowRefusedError(f"{column} must be between {low} and {high}")
    return value


def _required(row: dict[str, str], column: str) -> Decimal:
    value = _decimal(row, column, 0, MAX_QUANTITY)
    if value is None:
        raise _RowRefusedError(f"{column} is required")
    return value


def _untext(value: str) -> str:
    if value.startswith(_ESCAPE) and value[1:].startswith(_ESCAPED_START):
        return value[1:]
    return value


def _activity(row: dict[str, str]) -> ImportedActivity:
    raw_date = row.get("date", "").strip()
    try:
        day = date.fromisoformat(raw_date)
    except ValueError:
        raise _RowRefusedError(f"date must be YYYY-MM-DD, not {raw_date[:20]!r}") from None
    sport_text = row.get("sport", "").strip().lower()
    if sport_text and sport_text not in Sport.__members__.values():
        raise _RowRefusedError(f"sport must be one of {', '.join(Sport)}, not {sport_text[:20]!r}")
    rpe = _decimal(row, "rpe", MIN_RPE, MAX_RPE)
    if rpe is not None and rpe != rpe.to_integral_value():
        raise _RowRefusedError("rpe must be a whole number from 1 to 10")
    avg = _decimal(row, "avgHeartRate", MIN_HEART_RATE, MAX_HEART_RATE)
    top = _decimal(row, "maxHeartRate", MIN_HEART_RATE, MAX_HEART_RATE)
    if avg is not None and top is not None and avg > top:
        raise _RowRefusedError("avgHeartRate must not be greater than maxHeartRate")
    notes = _untext(row.get("notes", ""))
    if len(notes) > MAX_NOTES_LENGTH:
        raise _RowRefusedError(f"notes must be at most {MAX_NOTES_LENGTH} characters")
    if any(ord(c) < 32 and c not in "\n\t" for c in notes):
        raise _RowRefusedError("notes must not contain control characters")
    fields = (raw_date, *(row.get(c, "").strip() for c in COLUMNS[4:11] if c != "notes"), notes)
    exported_id = row.get("id", "").strip()
    if exported_id:  # two exported sessions alike in every other cell are two
        fields = (exported_id, *fields)
    digest = hashlib.sha256("\x1f".join(fields).encode()).hexdigest()
    return ImportedActivity(
        date=day,
        start=None,
        sport=Sport(sport_text) if sport_text else None,
        duration=_required(row, "duration"),
        distance=_required(row, "distance"),
        avg_heart_rate=avg,
        max_heart_rate=top,
        rpe=None if rpe is None else int(rpe),
        stated_notes=notes or None,
        exported_id=exported_id if 0 < len(exported_id) <= MAX_ID_LENGTH else None,
        source_format="csv",
        dedupe_keys=(f"csv:{digest}",),
    )


def read_sessions_csv(text: str, max_rows: int = MAX_ROWS) -> CsvRows:
    """Every row read on its own: a bad row is reported with its line and skipped."""
    result = CsvRows()
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        result.errors.append(RowError(1, "the file is empty; the first line must be a header"))
        return result
    except csv.Error as error:
        result.errors.append(RowError(1, f"the header is not valid CSV: {error}"))
        return result
    unknown = [h for h in header if h not in COLUMNS]
    missing = sorted(REQUIRED - set(header))
    if unknown or missing or len(set(header)) != len(header):
        problems = []
        if unknown:
            problems.append(f"unknown column(s) {', '.join(unknown)}")
        if missing:
            problems.append(f"missing column(s) {', '.join(missing)}")
        if len(set(header)) != len(header):
            problems.append("a column appears twice")
        result.errors.append(RowError(1, "; ".join(problems) + f" (columns: {', '.join(COLUMNS)})"))
        return result
    line = reader.line_num + 1
    rows = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            result.errors.append(RowError(line, f"not valid CSV: {error}; reading stopped"))
            break
        start, line = line, reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue
        rows += 1
        if rows > max_rows:
            result.errors.append(RowError(start, f"more than {max_rows} rows; the rest is ignored"))
            break
        if len(cells) != len(header):
            result.errors.append(
                RowError(start, f"{len(cells)} cells where the header has {len(header)}")
            )
            continue
        try:
            activity = _activity(dict(zip(header, cells, strict=True)))
            result.activities.append((start, replace(activity, line=start)))
        except _RowRefusedError as error:
            result.errors.append(RowError(start, str(error)))
    return result
