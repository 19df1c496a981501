"""An export through the Lambda handler, driven with API Gateway HTTP API events: API Gateway
gets the answer whole, so a store that fails midway is a 503 like any other store failure,
never a cut body or a 500."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api.test_athlete_export_interrupted import FailingTable
from tests.deploy.gateway import Answer, LambdaClient
from tests.deploy.test_lambda_handler import admin_token
from training_tracker import lambda_handler
from training_tracker.app import create_app
from training_tracker.config import AuthMode, Settings
from training_tracker.store.keys import SCHEMA

SESSIONS = 7


class Client(LambdaClient):
    """Every request with an admin token, as a deployed API needs."""

    token = ""

    def get(self, path: str, **query: str) -> Answer:
        headers = {"authorization": f"Bearer {self.token}"}
        return self.request("GET", path, query=list(query.items()), headers=headers)

    def post(self, path: str, body: dict[str, Any]) -> Answer:
        headers = {"authorization": f"Bearer {self.token}"}
        return self.request("POST", path, json_body=body, headers=headers)


@pytest.fixture
def gateway(tmp_path: Path) -> Iterator[tuple[Client, FailingTable, str]]:
    table = FailingTable(tmp_path / "store.sqlite3", SCHEMA)
    table.ensure_table()
    settings = Settings(
        sqlite_path=tmp_path / "store.sqlite3", auth_mode=AuthMode.REQUIRED, query_page_size=2
    )
    client = Client(lambda_handler.adapter_for(create_app(settings, table)))
    client.token = admin_token(table)
    athlete = client.post("/v1/athletes", {"name": "Ann"}).json()["id"]
    for day in range(1, SESSIONS + 1):
        body = {"athlete_id": athlete, "date": f"2024-05-0{day}", "duration": 30, "distance": 5}
        assert client.post("/v1/training-sessions", body).status == 201
    yield client, table, athlete
    table.close()


def test_the_whole_export_comes_back_in_one_answer(
    gateway: tuple[Client, FailingTable, str],
) -> None:
    client, _, athlete = gateway
    answer = client.get(f"/v1/athletes/{athlete}/export", format="csv")
    assert answer.status == 200
    assert answer.headers["content-disposition"] == (
        'attachment; filename="ann-training-sessions.csv"'
    )
    rows = list(csv.reader(io.StringIO(answer.body.decode(), newline="")))
    assert [r[3] for r in rows[1:]] == [f"2024-05-0{d}" for d in range(1, SESSIONS + 1)]


@pytest.mark.parametrize("healthy", [0, 2])  # at the start, and after two pages were read
def test_a_store_failure_is_a_503_wherever_it_happens(
    gateway: tuple[Client, FailingTable, str], healthy: int
) -> None:
    client, table, athlete = gateway
    table.arm(healthy=healthy)
    answer = client.get(f"/v1/athletes/{athlete}/export", format="json")
    assert answer.status == 503
    assert answer.json()["error"] == "STORE_UNAVAILABLE"
    assert answer.headers["retry-after"].isdigit()
    assert "content-disposition" not in answer.headers
