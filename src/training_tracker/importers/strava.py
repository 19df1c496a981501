"""The `activities.csv` of a Strava bulk export: names, descriptions, perceived exertion,
and the activities that have no file (entered by hand on Strava).

The file repeats some headers: the first `Elapsed Time`, `Distance` and `Max Heart Rate`
are the summary in the athlete's display units, the later ones are in seconds, metres and
bpm. `Activity Date` is UTC."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from datetime import UTC, datetime, tzinfo

from training_tracker.importers import sports
from training_tracker.importers.activity import ImportedActivity, RowError
from training_tracker.importers.timing import heart_rates, kilometres, localise, minutes

_DATE_FORMATS = ("%b %d, %Y, %I:%M:%S %p", "%d %b %Y, %H:%M:%S", "%Y-%m-%d %H:%M:%S")


@dataclass(frozen=True)
class StravaRow:
    line: int
    activity_id: str
    filename: str | None
    name: str | None
    description: str | None
    rpe: int | None
    summary: ImportedActivity | None  # from the CSV alone, for rows without a file
    problem: str | None = None

    @property
    def key(self) -> str:
        return f"strava:{self.activity_id}"

    def enrich(self, activity: ImportedActivity) -> ImportedActivity:
        """A file's activity with what only the CSV knows, and the Strava id as a key."""
        return replace(
            activity,
            name=self.name or activity.name,
            description=self.description or activity.description,
            rpe=self.rpe if self.rpe is not None else activity.rpe,
        ).with_keys(self.key)


def _number(text: str | None) -> float | None:
    if text is None or not text.strip():
        return None
    cleaned = text.strip().replace(" ", "")
    cleaned = cleaned.replace(",", "") if "." in cleaned else cleaned.replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def _when(text: str) -> datetime | None:
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


class _Columns:
    def __init__(self, header: list[str]) -> None:
        self.first: dict[str, int] = {}
        self.last: dict[str, int] = {}
        for index, title in enumerate(h.strip() for h in header):
            self.first.setdefault(title, index)
            self.last[title] = index
        self.repeated = {t for t in self.first if self.first[t] != self.last[t]}

    def get(self, cells: list[str], title: str, *, last: bool = False) -> str | None:
        index = (self.last if last else self.first).get(title)
        if index is None or index >= len(cells):
            return None
        value = cells[index].strip()
        return value or None


def _row(line: int, cells: list[str], cols: _Columns, zone: tzinfo) -> StravaRow:
    activity_id = cols.get(cells, "Activity ID") or ""
    rpe_value = _number(cols.get(cells, "Perceived Exertion"))
    rpe = round(rpe_value) if rpe_value is not None and 1 <= rpe_value <= 10 else None
    name = cols.get(cells, "Activity Name")
    description = cols.get(cells, "Activity Description")
    filename = cols.get(cells, "Filename")
    when = _when(cols.get(cells, "Activity Date") or "")
    problem = None
    if not activity_id.isdigit():
        problem = "no Activity ID"
    elif when is None:
        problem = "Activity Date is missing or not in a known format"
    summary = None
    if when is not None and problem is None:
        elapsed = _number(cols.get(cells, "Elapsed Time", last=True))
        moving = _number(cols.get(cells, "Moving Time")) or elapsed
        if "Distance" in cols.repeated:
            metres = _number(cols.get(cells, "Distance", last=True)) or 0.0
        else:
            metres = (_number(cols.get(cells, "Distance")) or 0.0) * 1000
        top = _number(cols.get(cells, "Max Heart Rate", last=True)) or _number(
            cols.get(cells, "Max Heart Rate")
        )
        avg, mx = heart_rates(_number(cols.get(cells, "Average Heart Rate")), top)
        local = localise(when, zone)
        summary = ImportedActivity(
            date=local.date(),
            start=local,
            sport=sports.from_name(cols.get(cells, "Activity Type")),
            duration=minutes(moving or 0.0),
            elapsed=None if elapsed is None else minutes(elapsed),
            distance=kilometres(max(metres, 0.0)),
            avg_heart_rate=avg,
            max_heart_rate=mx,
            rpe=rpe,
            name=name,
            description=description,
            source_format="strava",
            dedupe_keys=(f"strava:{activity_id}",),
            line=line,
        )
    return StravaRow(line, activity_id, filename, name, description, rpe, summary, problem)


def read_activities_csv(text: str, zone: tzinfo) -> tuple[list[StravaRow], list[RowError]]:
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    rows: list[StravaRow] = []
    errors: list[RowError] = []
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        return rows, [RowError(1, "activities.csv has no header")]
    cols = _Columns(header)
    if "Activity ID" not in cols.first:
        return rows, [RowError(1, "activities.csv has no Activity ID column")]
    line = reader.line_num + 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            row = _row(start, cells, cols, zone)
            if row.problem:
                errors.append(RowError(start, row.problem))
            else:
                rows.append(row)
    except csv.Error as error:
        errors.append(RowError(line, f"not valid CSV: {error}; reading stopped"))
    return rows, errors
