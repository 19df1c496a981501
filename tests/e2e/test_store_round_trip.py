"""SQLite -> DynamoDB -> SQLite through `training-tracker export` and `restore` as an operator
runs them: the records of all three exports are the same, and so is every API answer. And a
restore killed mid-way finishes when run again, without duplicates.

DynamoDB is moto server behind the test proxy, which leaves a share of every BatchWriteItem
unprocessed as DynamoDB may: the restore must send those again until all are in."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from fastapi.testclient import TestClient

from tests.conftest import LOCAL_URL
from tests.e2e.conftest import CLI_TIMEOUT, Moto, clean_env, executable, one_line, run_cli
from tests.store.whole_store import answers, fill, record_lines
from tests.support.dynamodb_proxy import DynamoDBProxy
from training_tracker.app import create_app
from training_tracker.config import Settings
from training_tracker.domain.models import Athlete, TrainingSession
from training_tracker.errors import StoreUnavailableError
from training_tracker.services.store_dump import export_store
from training_tracker.services.store_restore import RESTORE_JOB
from training_tracker.store.bulk import bulk_items
from training_tracker.store.checkpoints import CheckpointStore
from training_tracker.store.dump import StoreDump
from training_tracker.store.dynamodb import DynamoDBTable
from training_tracker.store.keys import SCHEMA
from training_tracker.store.port import Table
from training_tracker.store.repository import Repository
from training_tracker.store.sqlite import SqliteTable

REPO = Path(__file__).resolve().parents[2]


def api_answers(table: Table, athletes: dict[str, str], tmp_path: Path) -> dict[str, object]:
    settings = Settings(sqlite_path=tmp_path / "unused.sqlite3", query_page_size=2)
    with TestClient(create_app(settings, table), base_url=LOCAL_URL) as client:
        return answers(client, athletes)


def test_sqlite_to_dynamodb_to_sqlite(moto: Moto, tmp_path: Path) -> None:
    cli = executable("training-tracker")
    first_store = tmp_path / "first.sqlite3"
    source = SqliteTable(first_store, SCHEMA)
    source.ensure_table()
    settings = Settings(sqlite_path=tmp_path / "app.sqlite3", query_page_size=2)
    with TestClient(create_app(settings, source), base_url=LOCAL_URL) as client:
        athletes = fill(client, source)
    expected = api_answers(source, athletes, tmp_path)
    source.close()

    def sqlite_env(path: Path) -> dict[str, str]:
        return clean_env(STORAGE_ENGINE="sqlite", SQLITE_PATH=str(path))

    first, second, third = (tmp_path / f"{n}.jsonl.gz" for n in ("first", "second", "third"))
    exported = run_cli([cli, "export", "--out", str(first)], sqlite_env(first_store), REPO)
    assert exported.returncode == 0, exported.stderr
    assert "exported 13 records" in one_line(exported.stderr)

    name = f"round-trip-{uuid.uuid4().hex[:8]}"
    moto.create_tracker_table(name)
    with DynamoDBProxy(moto.endpoint) as proxy:
        proxy.leave_unprocessed(lambda n: n % 3 == 0)
        dynamo_env = clean_env(DYNAMODB_TABLE_NAME=name, DYNAMODB_ENDPOINT=proxy.url)
        restored = run_cli([cli, "restore", str(first)], dynamo_env, REPO)
        assert restored.returncode == 0, restored.stderr
        assert "restored 13 records" in one_line(restored.stderr)
        assert proxy.stats["unprocessed"] > 0  # and were sent again: the records all match
        refused = run_cli([cli, "restore", str(first)], dynamo_env, REPO)
        assert refused.returncode == 1
        assert "not empty" in one_line(refused.stderr)
        again = run_cli([cli, "export", "--out", str(second)], dynamo_env, REPO)
        assert again.returncode == 0, again.stderr

    dynamo = DynamoDBTable(moto.client(), name, SCHEMA, moto.endpoint)
    assert api_answers(dynamo, athletes, tmp_path) == expected
    dynamo.delete_table()
    dynamo.close()

    last_store = tmp_path / "last.sqlite3"
    back = run_cli([cli, "restore", str(second)], sqlite_env(last_store), REPO)
    assert back.returncode == 0, back.stderr
    final = run_cli([cli, "export", "--out", str(third)], sqlite_env(last_store), REPO)
    assert final.returncode == 0, final.stderr

    records = [record_lines(path)[1] for path in (first, second, third)]
    assert len(records[0]) == 13
    assert records[0] == records[1] == records[2]
    last = SqliteTable(last_store, SCHEMA)
    assert api_answers(last, athletes, tmp_path) == expected
    last.close()


def _bulk_store(path: Path, sessions: int) -> None:
    moment = datetime(2024, 1, 1, tzinfo=UTC)
    athletes = [Athlete(id=f"a{n}", name=f"Athlete {n}") for n in range(20)]
    made = [
        TrainingSession(
            id=f"s{n:05d}",
            athlete_id=athletes[n % 20].id,
            athlete_name=athletes[n % 20].name,
            date=date(2023, 1, 1) + timedelta(days=n % 700),
            duration=Decimal(20 + n % 90),
            distance=Decimal(n % 300) / 10,
            created_at=moment,
            updated_at=moment,
        )
        for n in range(sessions)
    ]
    table = SqliteTable(path, SCHEMA)
    table.ensure_table()
    table.batch_put(bulk_items(athletes, made))
    table.close()


def _records_in(path: Path) -> int | None:
    """How many records the restore's checkpoint says are in; None before it is written."""
    if not path.exists():
        return None
    table = SqliteTable(path, SCHEMA)
    try:
        state = CheckpointStore(table).get(RESTORE_JOB)
    except StoreUnavailableError:  # the file is being created
        return None
    finally:
        table.close()
    return None if state is None else int(state["records"])


def test_a_killed_restore_finishes_when_run_again(tmp_path: Path) -> None:
    cli = executable("training-tracker")
    source, target = tmp_path / "source.sqlite3", tmp_path / "target.sqlite3"
    _bulk_store(source, 6000)
    table = SqliteTable(source, SCHEMA)
    first = tmp_path / "first.jsonl.gz"
    export_store(StoreDump(table, page_size=500), first)
    table.close()
    env = clean_env(STORAGE_ENGINE="sqlite", SQLITE_PATH=str(target))
    restore = subprocess.Popen(
        [cli, "restore", str(first)],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + CLI_TIMEOUT
        while (_records_in(target) or 0) < 1000 and time.monotonic() < deadline:
            assert restore.poll() is None, "the restore finished before it could be killed"
            time.sleep(0.02)
    finally:
        os.killpg(restore.pid, signal.SIGKILL)
        restore.wait()
    killed_at = _records_in(target)
    assert killed_at is not None  # it was killed mid-way: its checkpoint is still there
    assert killed_at < 6020

    again = run_cli([cli, "restore", str(first)], env, REPO)
    assert again.returncode == 0, again.stderr
    assert f"resumed after {killed_at} records already in" in one_line(again.stderr)
    second = tmp_path / "second.jsonl.gz"
    done = run_cli([cli, "export", "--out", str(second)], env, REPO)
    assert done.returncode == 0, done.stderr
    assert record_lines(second)[1] == record_lines(first)[1]
    restored = SqliteTable(target, SCHEMA)
    try:
        athlete = Repository(restored, page_size=100).get_athlete("a3")
        assert athlete is not None
        assert athlete.session_count == 300  # counted once each: nothing written twice counts
    finally:
        restored.close()
