"""Importing activity files: 1-hour, 1 Hz FIT files (3600 records each), parsed alone and
imported through the import service into a fresh embedded store (one transaction each)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.importers.fit_writer import one_hour_run
from training_tracker.config import Settings
from training_tracker.domain.models import Athlete
from training_tracker.importers import read_upload
from training_tracker.services.imports import ImportService
from training_tracker.store.factory import build_originals
from training_tracker.store.imports import ImportKeys
from training_tracker.store.keys import SCHEMA
from training_tracker.store.repository import Repository
from training_tracker.store.sqlite import SqliteTable


@dataclass(frozen=True)
class ImportBench:
    files: int
    file_bytes: int
    parse_seconds: float
    import_seconds: float
    duplicate_seconds: float

    def rows(self) -> tuple[list[str], list[list[str]]]:
        def rate(seconds: float) -> str:
            return f"{self.files / seconds:.2f}"

        header = ["step", "files", "seconds", "files/s"]
        steps = [
            ("parse only (fitdecode)", self.parse_seconds),
            ("import (parse, original, one transaction)", self.import_seconds),
            ("import again (duplicates, one lookup each)", self.duplicate_seconds),
        ]
        return header, [
            [name, str(self.files), f"{seconds:.2f}", rate(seconds)] for name, seconds in steps
        ]


def measure_imports(workdir: Path, files: int = 8) -> ImportBench:
    start = datetime(2024, 1, 1, 6, tzinfo=UTC)
    datas = [one_hour_run(start + timedelta(days=n)) for n in range(files)]
    began = time.perf_counter()
    for n, data in enumerate(datas):
        read_upload(f"{n}.fit", data, ZoneInfo("UTC"))
    parsed = time.perf_counter() - began

    settings = Settings(sqlite_path=workdir / "imports.sqlite3")
    table = SqliteTable(settings.sqlite_path, SCHEMA)
    table.ensure_table()
    repository = Repository(table, page_size=100)
    athlete = Athlete(id="bench-athlete", name="Bench")
    repository.create_athlete(athlete)
    service = ImportService(repository, ImportKeys(table, page_size=100), build_originals(settings))
    timings = []
    for _ in range(2):
        began = time.perf_counter()
        for n, data in enumerate(datas):
            service.import_upload(service.athlete(athlete.id), f"{n}.fit", data)
        timings.append(time.perf_counter() - began)
    table.close()
    return ImportBench(files, len(datas[0]), parsed, timings[0], timings[1])


def markdown(result: ImportBench) -> str:
    header, rows = result.rows()
    lines = [
        "## Importing activity files",
        "",
        f"{result.files} FIT files of one hour at 1 Hz ({result.file_bytes} bytes, 3600 records "
        "each) into a fresh embedded store, one after another on one core.",
        "",
        "| " + " | ".join(header) + " |",
        "|---|---:|---:|---:|",
        *("| " + " | ".join(row) + " |" for row in rows),
        "",
    ]
    return "\n".join(lines)
