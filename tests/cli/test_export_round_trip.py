"""An athlete's CSV export, imported back with `training-tracker import` as a user runs it,
on a real embedded store file: into another athlete it creates the same sessions; into the
same athlete every row is already there."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.api.helpers import make_session
from tests.api.test_athlete_export import PROFILE, SESSIONS, export, stated
from tests.conftest import LOCAL_URL
from training_tracker.app import create_app
from training_tracker.cli import app as cli
from training_tracker.config import Settings

runner = CliRunner()


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "store.sqlite3"


@pytest.fixture
def client(store: Path) -> Iterator[TestClient]:
    settings = Settings(sqlite_path=store, query_page_size=3)
    with TestClient(create_app(settings), base_url=LOCAL_URL) as test_client:
        yield test_client


def _import(store: Path, path: Path, athlete_id: str) -> str:
    env = {"STORAGE_ENGINE": "sqlite", "SQLITE_PATH": str(store), "COLUMNS": "200"}
    result = runner.invoke(cli, ["import", str(path), "--athlete", athlete_id], env=env)
    assert result.exit_code == 0, result.output
    return result.output


def test_export_then_import_with_the_command(
    client: TestClient, store: Path, tmp_path: Path
) -> None:
    source = client.post("/v1/athletes", json=PROFILE).json()["id"]
    for fields in SESSIONS:
        make_session(client, source, **fields)
    target = client.post("/v1/athletes", json={**PROFILE, "name": "Twin"}).json()["id"]
    exported = tmp_path / "sessions.csv"
    exported.write_bytes(export(client, source, "csv").content)
    n = len(SESSIONS)

    into_same = _import(store, exported, source)
    assert f"0 imported (created 0 sessions), {n} already there, 0 failed" in into_same
    into_other = _import(store, exported, target)
    assert f"{n} imported (created {n} sessions), 0 already there, 0 failed" in into_other
    again = _import(store, exported, target)
    assert f"0 imported (created 0 sessions), {n} already there, 0 failed" in again

    assert len(export(client, source, "json").json()) == n
    assert stated(export(client, target, "json").json()) == stated(
        export(client, source, "json").json()
    )
