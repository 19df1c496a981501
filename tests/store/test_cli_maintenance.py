"""The maintenance commands as a user runs them: `migrate` and `rebuild-aggregates`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws
from typer.testing import CliRunner

from tests.store.seed_tables import SEED_TABLE, create_seed_dynamodb_table
from tests.store.test_migration import PROBLEMS, assert_survived, write_operator_table
from training_tracker.cli import MIGRATED, MISMATCH, WITH_PROBLEMS, app
from training_tracker.services.athletes import AthleteService
from training_tracker.store.dynamodb import DynamoDBTable
from training_tracker.store.keys import SCHEMA
from training_tracker.store.repository import Repository
from training_tracker.store.sqlite import SqliteTable

runner = CliRunner()
IN_PLACE = {"DYNAMODB_TABLE_NAME": SEED_TABLE, "AWS_REGION": "us-east-1", "COLUMNS": "200"}


def last_line(output: str) -> str:
    return output.strip().splitlines()[-1]


def test_migrate_in_place_reports_every_problem(seed_client: Any) -> None:
    dry = runner.invoke(app, ["migrate", "--from", "seed-v1", "--dry-run"], env=IN_PLACE)
    assert dry.exit_code == WITH_PROBLEMS, dry.output
    assert "would copy 7 athletes and 12 sessions" in dry.output
    assert last_line(dry.output) == f"dry run: would migrate with {len(PROBLEMS)} problems"

    done = runner.invoke(app, ["migrate", "--from", "seed-v1"], env=IN_PLACE)
    assert done.exit_code == WITH_PROBLEMS, done.output
    assert "added index GSI2" in done.output
    assert "copied 7 athletes and 12 sessions" in done.output
    for kind, pk, sk in PROBLEMS:
        assert f"problem: {kind}: {pk} / {sk}: " in done.output
    assert "problem: duplicate: ATHLETE#a3 / SESSION#s2: older copy of session s2" in done.output
    assert "Duration is not a number from 0 to 1000000: '1e999'" in done.output
    assert "verified: 7 athletes, 12 sessions" in done.output
    assert last_line(done.output) == f"migrated with {len(PROBLEMS)} problems"
    assert_survived(Repository(DynamoDBTable(seed_client, SEED_TABLE, SCHEMA, None), page_size=5))

    verified = runner.invoke(app, ["migrate", "--verify"], env=IN_PLACE)
    assert verified.exit_code == MIGRATED, verified.output
    assert "all match" in last_line(verified.output)


def test_verify_fails_on_a_difference_that_is_no_announced_repair(seed_client: Any) -> None:
    assert runner.invoke(app, ["migrate"], env=IN_PLACE).exit_code == WITH_PROBLEMS
    repository = Repository(DynamoDBTable(seed_client, SEED_TABLE, SCHEMA, None), page_size=5)
    AthleteService(repository).rename("a4", "Robert")  # a client wrote before the check
    result = runner.invoke(app, ["migrate", "--verify"], env=IN_PLACE)
    assert result.exit_code == MISMATCH, result.output
    assert "mismatch: athlete a4: name 'Robert', expected 'Bob'" in result.output
    assert last_line(result.output).startswith("verification FAILED")


@pytest.fixture
def clean_seed_client() -> Iterator[Any]:
    """The seed's table as an operator's use left it: a moved session, nothing else wrong."""
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        write_operator_table(create_seed_dynamodb_table(client))
        yield client


def test_a_table_whose_only_defect_is_the_moved_copy(clean_seed_client: Any) -> None:
    done = runner.invoke(app, ["migrate", "--from", "seed-v1"], env=IN_PLACE)
    assert done.exit_code == WITH_PROBLEMS, done.output
    assert "copied 4 athletes and 11 sessions" in done.output
    assert last_line(done.output) == "migrated with 1 problems"
    again = runner.invoke(app, ["migrate", "--from", "seed-v1"], env=IN_PLACE)
    assert again.exit_code == MIGRATED, again.output
    assert "nothing of the old layout is left" in again.output
    assert last_line(again.output) == "migrated with 0 problems"


def test_migrate_into_the_embedded_store_then_rebuild(seed_client: Any, tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite3"
    env = {"STORAGE_ENGINE": "sqlite", "SQLITE_PATH": str(store), "COLUMNS": "200"}
    args = ["migrate", "--from", "seed-v1", "--source-table", SEED_TABLE]
    done = runner.invoke(app, args, env=env)
    assert done.exit_code == WITH_PROBLEMS, done.output
    rebuilt = runner.invoke(app, ["rebuild-aggregates"], env=env)
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "7 athletes, 12 sessions" in rebuilt.output
    assert_survived(Repository(SqliteTable(store, SCHEMA), page_size=5))
    against_source = runner.invoke(app, [*args, "--verify"], env=env)
    assert against_source.exit_code == MIGRATED, against_source.output
    assert "compared with the old table: all match" in against_source.output


def test_verify_without_a_migration_is_an_error(tmp_path: Path) -> None:
    env = {"STORAGE_ENGINE": "sqlite", "SQLITE_PATH": str(tmp_path / "s.sqlite3")}
    runner.invoke(app, ["create-table"], env=env)
    result = runner.invoke(app, ["migrate", "--verify"], env=env)
    assert result.exit_code == 1
    assert "nothing to verify" in result.output


def test_unknown_layout_is_refused(tmp_path: Path) -> None:
    env = {"SQLITE_PATH": str(tmp_path / "s.sqlite3")}
    result = runner.invoke(app, ["migrate", "--from", "v0", "--source-table", "x"], env=env)
    assert result.exit_code == 2
    assert "unknown layout" in result.output
