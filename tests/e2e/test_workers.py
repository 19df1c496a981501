"""`serve --workers N`: several server processes behind one port agree on everything a client
can carry from one request to the next (a cursor), on both engines, with nothing configured."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.conftest import (
    Moto,
    Processes,
    Server,
    clean_env,
    executable,
    free_port,
)

WORKERS = 3
FRESH_CONNECTIONS = 12


def _serve(processes: Processes, cwd: Path, env: dict[str, str]) -> Server:
    port = free_port()
    args = [executable("training-tracker"), "serve", "--port", str(port)]
    process = processes.start("serve", [*args, "--workers", str(WORKERS)], env, cwd)
    return Server(process, f"http://127.0.0.1:{port}", env, cwd).wait()


@pytest.fixture(params=["sqlite", "dynamodb"])
def env(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    if request.param == "sqlite":
        return clean_env(SQLITE_PATH=str(tmp_path / "store.sqlite3"))
    moto: Moto = request.getfixturevalue("moto")
    moto.create_tracker_table("e2e-workers")
    return clean_env(DYNAMODB_TABLE_NAME="e2e-workers", DYNAMODB_ENDPOINT=moto.endpoint)


def test_every_worker_accepts_a_cursor_another_issued(
    processes: Processes, tmp_path: Path, env: dict[str, str]
) -> None:
    server = _serve(processes, tmp_path, env)
    with server.client() as http:
        athlete = http.post("/v1/athletes", json={"name": "Ada"}).json()
        for day in ("2024-05-01", "2024-05-02", "2024-05-03"):
            body = {"athlete_id": athlete["id"], "date": day, "duration": 30, "distance": 5}
            assert http.post("/v1/training-sessions", json=body).status_code == 201
    params = {"athleteId": athlete["id"], "limit": 1}
    cursors = set()
    for _ in range(FRESH_CONNECTIONS):  # new connections, spread over the workers
        with server.client() as http:
            first = http.get("/v1/training-sessions", params=params).json()
            cursors.add(first["pagination"]["nextCursor"])
    assert len(cursors) == 1  # every worker signs with the one secret in the store
    (cursor,) = cursors
    for _ in range(FRESH_CONNECTIONS):
        with server.client() as http:
            page = http.get("/v1/training-sessions", params={**params, "cursor": cursor})
            assert page.status_code == 200, page.text
            assert [s["date"] for s in page.json()["data"]] == ["2024-05-02"]
    log = server.process.log()
    assert f"{WORKERS} worker processes" in log
    workers = set(re.findall(r"Started server process \[(\d+)\]", log))
    assert len(workers) == WORKERS, log
    assert "Traceback" not in log
