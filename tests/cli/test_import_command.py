"""`training-tracker import` as a user runs it, on a real embedded store file."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.importers.builders import gpx, strava_csv, zipped
from tests.importers.fit_writer import one_hour_run
from training_tracker.cli import app
from training_tracker.domain.models import Athlete
from training_tracker.services.imports import ImportService
from training_tracker.store.keys import SCHEMA
from training_tracker.store.repository import Repository
from training_tracker.store.sqlite import SqliteTable

runner = CliRunner()
START = datetime(2024, 2, 1, 7, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "store.sqlite3"
    table = SqliteTable(path, SCHEMA)
    table.ensure_table()
    Repository(table, page_size=50).create_athlete(Athlete(id="ath-1", name="Ada"))
    table.close()
    return path


def _env(store: Path) -> dict[str, str]:
    return {"STORAGE_ENGINE": "sqlite", "SQLITE_PATH": str(store), "COLUMNS": "200"}


def _session_count(store: Path) -> int:
    table = SqliteTable(store, SCHEMA)
    try:
        athlete = Repository(table, page_size=50).get_athlete("ath-1")
        assert athlete is not None
        return athlete.session_count
    finally:
        table.close()


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "watch"
    (folder / "sub").mkdir(parents=True)
    for day in range(3):
        run = one_hour_run(START + timedelta(days=day), seconds=120)
        (folder / f"run{day}.fit").write_bytes(run)
    (folder / "sub" / "walk.gpx.gz").write_bytes(gzip.compress(gpx(START, kind="walking")))
    (folder / "sub" / "broken.tcx").write_bytes(b"<TrainingCenterDatabase><")
    (folder / "notes.txt").write_text("not an activity")  # not importable by name: passed over
    return folder


def test_import_a_folder_then_again(store: Path, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    first = runner.invoke(app, ["import", str(folder), "--athlete", "ath-1"], env=_env(store))
    assert first.exit_code == 1, first.output  # one file failed
    assert "4 imported (created 4 sessions), 0 already there, 1 failed" in first.output
    assert "CORRUPT_FILE" in first.output
    assert "notes.txt" not in first.output
    assert _session_count(store) == 4
    second = runner.invoke(app, ["import", str(folder), "--athlete", "ath-1"], env=_env(store))
    assert "0 imported (created 0 sessions), 4 already there, 1 failed" in second.output
    assert _session_count(store) == 4
    assert (store.parent / "originals" / "ath-1").is_dir()


def test_dry_run_writes_nothing(store: Path, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    result = runner.invoke(
        app,
        ["import", str(folder / "run0.fit"), "--athlete", "ath-1", "--dry-run"],
        env=_env(store),
    )
    assert result.exit_code == 0, result.output
    assert "would import" in result.output
    assert "would create 1 sessions" in result.output
    assert _session_count(store) == 0
    assert not (store.parent / "originals").exists()


def test_strava_zip_and_unknown_athlete(store: Path, tmp_path: Path) -> None:
    rows = [{"Activity ID": "1", "Activity Date": "Feb 1, 2024, 7:00:00 AM", "Moving Time": "600"}]
    export = tmp_path / "export.zip"
    export.write_bytes(zipped({"activities.csv": strava_csv(rows)}))
    done = runner.invoke(app, ["import", str(export), "--athlete", "ath-1"], env=_env(store))
    assert done.exit_code == 0, done.output
    assert "strava activity 1" in done.output
    missing = runner.invoke(app, ["import", str(export), "--athlete", "nobody"], env=_env(store))
    assert missing.exit_code == 2
    assert "NOT_FOUND" in missing.output


def test_an_interrupted_run_resumes(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(tmp_path)
    real = ImportService.import_upload
    calls = {"n": 0}

    def stop_at_the_third(self, athlete, name, data, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(self, athlete, name, data, **kwargs)

    monkeypatch.setattr(ImportService, "import_upload", stop_at_the_third)
    cut = runner.invoke(app, ["import", str(folder), "--athlete", "ath-1"], env=_env(store))
    assert cut.exit_code == 130
    assert "run the same command again" in cut.output
    assert _session_count(store) == 2
    monkeypatch.setattr(ImportService, "import_upload", real)
    resumed = runner.invoke(app, ["import", str(folder), "--athlete", "ath-1"], env=_env(store))
    assert "2 imported (created 2 sessions), 2 already there, 1 failed" in resumed.output
    assert _session_count(store) == 4
