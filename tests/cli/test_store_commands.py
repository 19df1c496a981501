"""`training-tracker backup` as an operator runs it: a copy of the embedded store taken while
another connection keeps writing, which opens, passes its integrity check and is one
consistent state; and on DynamoDB a clear pointer to its own backups."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from training_tracker.cli import app
from training_tracker.domain.models import Athlete, SessionDetails, TrainingSession
from training_tracker.services.sessions import SessionService
from training_tracker.store.bulk import bulk_items
from training_tracker.store.keys import SCHEMA
from training_tracker.store.repository import Repository
from training_tracker.store.sqlite import SqliteTable

runner = CliRunner()
ATHLETES = [Athlete(id=f"a{n}", name=f"Athlete {n}") for n in range(4)]
FILLED = 8000


def _filled_store(path: Path) -> None:
    table = SqliteTable(path, SCHEMA)
    table.ensure_table()
    moment = datetime(2024, 1, 1, tzinfo=UTC)
    sessions = [
        TrainingSession(
            id=f"s{n}",
            athlete_id=ATHLETES[n % 4].id,
            athlete_name=ATHLETES[n % 4].name,
            date=date(2020, 1, 1) + timedelta(days=n % 1500),
            duration=Decimal(30 + n % 60),
            distance=Decimal("5.5"),
            notes="x" * 200,
            created_at=moment,
            updated_at=moment,
        )
        for n in range(FILLED)
    ]
    table.batch_put(bulk_items(ATHLETES, sessions))
    table.close()


def test_backup_while_another_connection_writes(tmp_path: Path) -> None:
    store, copy = tmp_path / "store.sqlite3", tmp_path / "backup.sqlite3"
    _filled_store(store)
    writer_table = SqliteTable(store, SCHEMA)
    sessions = SessionService(Repository(writer_table, page_size=50))
    written: list[int] = []
    failures: list[BaseException] = []
    stop = threading.Event()
    started = threading.Event()

    def write() -> None:
        n = 0
        try:
            while not stop.is_set():
                details = SessionDetails(
                    athlete_id=ATHLETES[n % 4].id,
                    date=date(2025, 1, 1) + timedelta(days=n % 300),
                    duration=Decimal(45),
                    distance=Decimal(9),
                )
                sessions.create(details)  # one transaction: session, locator, totals, count
                n += 1
                written.append(n)
                started.set()
        except BaseException as error:  # reported by the assertion below
            failures.append(error)
            started.set()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        started.wait(30)
        before = len(written)
        result = runner.invoke(
            app,
            ["backup", "--out", str(copy)],
            env={"STORAGE_ENGINE": "sqlite", "SQLITE_PATH": str(store), "COLUMNS": "200"},
        )
        during = len(written)
    finally:
        stop.set()
        writer.join(30)
        writer_table.close()
    assert result.exit_code == 0, result.output
    assert "integrity check ok" in result.output
    assert failures == []
    assert during > before  # the writer went on while the copy was made
    assert len(written) > during  # and after it

    with sqlite3.connect(copy) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    table = SqliteTable(copy, SCHEMA)
    try:
        repository = Repository(table, page_size=500)
        counted = 0
        for athlete in ATHLETES:
            stored = repository.get_athlete(athlete.id)
            assert stored is not None
            found = sum(1 for _ in repository.all_athlete_sessions(athlete.id))
            # One committed state: every session is in its athlete's count, none is missing.
            assert stored.session_count == found
            counted += found
        assert FILLED <= counted <= FILLED + len(written)
    finally:
        table.close()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".backup")] == []


def test_backup_on_dynamodb_points_to_its_own_backups(tmp_path: Path) -> None:
    copy = tmp_path / "backup.sqlite3"
    result = runner.invoke(
        app,
        ["backup", "--out", str(copy)],
        env={"DYNAMODB_TABLE_NAME": "tracker", "AWS_REGION": "us-east-1", "COLUMNS": "300"},
    )
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert "DynamoDB table 'tracker'" in text
    assert "point-in-time recovery" in text
    assert "on-demand backups" in text
    assert not copy.exists()


def test_backup_of_a_missing_store_says_so(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["backup", "--out", str(tmp_path / "b.sqlite3")],
        env={"STORAGE_ENGINE": "sqlite", "SQLITE_PATH": str(tmp_path / "none.sqlite3")},
    )
    assert result.exit_code == 1
    assert "no embedded store" in result.output


def test_export_and_restore_say_what_is_wrong(tmp_path: Path) -> None:
    env = {"STORAGE_ENGINE": "sqlite", "SQLITE_PATH": str(tmp_path / "s.sqlite3")}
    runner.invoke(app, ["create-table"], env=env)
    into_folder = runner.invoke(app, ["export", "--out", str(tmp_path)], env=env)
    assert into_folder.exit_code == 1
    assert "cannot write" in into_folder.output
    missing = runner.invoke(app, ["restore", str(tmp_path / "nope.jsonl.gz")], env=env)
    assert missing.exit_code == 1
    assert "no such file" in missing.output
    (tmp_path / "text.jsonl.gz").write_text("hello")
    not_gzip = runner.invoke(app, ["restore", str(tmp_path / "text.jsonl.gz")], env=env)
    assert not_gzip.exit_code == 1
    assert "not a whole gzip file" in not_gzip.output
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".part"] == []
