"""The real server on the embedded store (no DYNAMODB_TABLE_NAME), and `seed-demo`."""

from __future__ import annotations

import re
from pathlib import Path

from tests.e2e.conftest import (
    Processes,
    Stack,
    clean_env,
    executable,
    one_line,
    run_cli,
    start_server,
)
from training_tracker.store.keys import SCHEMA
from training_tracker.store.repository import Repository
from training_tracker.store.sqlite import SqliteTable


def test_data_survives_a_restart(stack: Stack, processes: Processes) -> None:
    first = stack.server("embedded")  # started with SQLITE_PATH and no DYNAMODB_* variables
    store = Path(first.env["SQLITE_PATH"])
    env = first.env
    with first.client() as http:
        assert http.get("/v1/athletes").json() == []  # nothing written until asked
        athlete = http.post("/v1/athletes", json={"name": "Ada"}).json()
        created = http.post(
            "/v1/training-sessions",
            json={
                "athlete_id": athlete["id"],
                "date": "2024-05-01",
                "duration": 45.5,
                "distance": 10.2,
                "notes": "Tempo",
            },
        )
        assert created.status_code == 201, created.text
        session = created.json()
    log = one_line(first.process.log())
    assert "engine: sqlite" in log
    assert f"storage: embedded SQLite store at {store.resolve()}" in log
    # `serve` on 127.0.0.1 (what `./pw start` runs) is open, and says so
    assert "auth is OPEN (loopback only" in log
    assert "auth: OPEN - no token needed" in log
    first.process.stop()
    assert first.process.popen.returncode is not None
    assert "Traceback" not in first.process.log()
    assert store.exists()

    second = start_server(processes, first.cwd, env)
    with second.client() as http:
        assert http.get("/v1/athletes").json() == [athlete]
        assert http.get(f"/v1/training-sessions/{session['id']}").json() == session
        listed = http.get("/v1/training-sessions", params={"athleteId": athlete["id"]}).json()
        assert listed["pagination"]["total"] == 1
        stats = http.get(f"/v1/athletes/{athlete['id']}/statistics").json()
        assert stats["totalSessions"] == 1
        assert stats["totalDuration"] == 45.5


def test_seed_demo_writes_only_when_run(tmp_path: Path) -> None:
    store = tmp_path / "demo.sqlite3"
    env = clean_env(SQLITE_PATH=str(store))

    result = run_cli(
        [executable("training-tracker"), "seed-demo", "--athletes", "2", "--days", "6"],
        env,
        tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    said = re.search(
        r"wrote 2 athletes and (\d+) sessions", one_line(result.stdout + result.stderr)
    )
    assert said, result.stdout + result.stderr

    table = SqliteTable(store, SCHEMA)
    try:
        repository = Repository(table, page_size=100)
        athletes = repository.list_athletes()
        assert len(athletes) == 2
        assert sum(a.session_count for a in athletes) == int(said.group(1)) > 0
    finally:
        table.close()

    # A fresh store next to it holds nothing: the data came from seed-demo, not from start-up.
    fresh = SqliteTable(tmp_path / "fresh.sqlite3", SCHEMA)
    try:
        fresh.ensure_table()
        assert Repository(fresh, page_size=100).list_athletes() == []
    finally:
        fresh.close()
