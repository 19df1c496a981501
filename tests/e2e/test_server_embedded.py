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


def test_the_access_log_keeps_no_token_and_no_forwarded_address(
    processes: Processes, tmp_path: Path
) -> None:
    """`serve` on loopback believes no X-Forwarded-For (TRUSTED_PROXIES is empty), and a token
    sent in a URL is blanked before the access line is written."""
    server = start_server(processes, tmp_path, clean_env(SQLITE_PATH=str(tmp_path / "s.sqlite3")))
    secret = "tt_" + "S3cr3t" * 8
    with server.client() as http:
        spoofed = http.get("/v1/athletes", headers={"X-Forwarded-For": "203.0.113.77"})
        assert spoofed.status_code == 200
        leaked = http.get("/v1/athletes", params={"access_token": secret, "athleteId": "x"})
        assert leaked.status_code == 200  # open mode ignores it; required mode refuses it
        in_path = http.get(f"/v1/athletes/{secret}")
        assert in_path.status_code == 404
    server.process.stop()
    log = server.process.log()
    assert '"GET /v1/athletes HTTP/1.1" 200' in log  # the access log is on
    assert "203.0.113.77" not in log
    assert re.search(r"127\.0\.0\.1:\d+ - \"GET /v1/athletes HTTP/1\.1\" 200", log)
    assert secret not in log
    assert "S3cr3t" not in log
    assert "access_token=[redacted]&athleteId=x" in log
