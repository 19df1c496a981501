"""The maintenance commands as a user runs them: `migrate` and `rebuild-aggregates`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from tests.store.test_migration import SEED_TABLE, assert_survived
from training_tracker.cli import app
from training_tracker.store.dynamodb import DynamoDBTable
from training_tracker.store.keys import SCHEMA
from training_tracker.store.repository import Repository
from training_tracker.store.sqlite import SqliteTable

runner = CliRunner()


def test_migrate_in_place(seed_client: Any) -> None:
    env = {"DYNAMODB_TABLE_NAME": SEED_TABLE, "AWS_REGION": "us-east-1", "COLUMNS": "200"}
    dry = runner.invoke(app, ["migrate", "--from", "seed-v1", "--dry-run"], env=env)
    assert dry.exit_code == 0, dry.output
    assert "would copy 3 athletes and 4 sessions" in dry.output
    assert "ghost" in dry.output
    done = runner.invoke(app, ["migrate", "--from", "seed-v1"], env=env)
    assert done.exit_code == 0, done.output
    assert "added index GSI2" in done.output
    assert "copied 3 athletes and 4 sessions" in done.output
    assert_survived(Repository(DynamoDBTable(seed_client, SEED_TABLE, SCHEMA, None), page_size=5))


def test_migrate_into_the_embedded_store_then_rebuild(seed_client: Any, tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite3"
    env = {"STORAGE_ENGINE": "sqlite", "SQLITE_PATH": str(store), "COLUMNS": "200"}
    done = runner.invoke(
        app, ["migrate", "--from", "seed-v1", "--source-table", SEED_TABLE], env=env
    )
    assert done.exit_code == 0, done.output
    rebuilt = runner.invoke(app, ["rebuild-aggregates"], env=env)
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "3 athletes, 4 sessions" in rebuilt.output
    assert_survived(Repository(SqliteTable(store, SCHEMA), page_size=5))


def test_unknown_layout_is_refused(tmp_path: Path) -> None:
    env = {"SQLITE_PATH": str(tmp_path / "s.sqlite3")}
    result = runner.invoke(app, ["migrate", "--from", "v0", "--source-table", "x"], env=env)
    assert result.exit_code == 2
    assert "unknown layout" in result.output
