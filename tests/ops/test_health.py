"""/healthz and /readyz: public, outside /v1, and honest about the store."""

from __future__ import annotations

import sqlite3

import pytest
from fastapi.testclient import TestClient

from tests.conftest import LOCAL_URL
from tests.ops.conftest import AppFactory
from training_tracker.app import create_app
from training_tracker.config import AuthMode, Settings
from training_tracker.store.dynamodb import DynamoDBTable
from training_tracker.store.keys import SCHEMA
from training_tracker.store.port import Table
from training_tracker.store.sqlite import SqliteTable


def test_probes_answer_without_a_token_while_v1_demands_one(
    make_client: AppFactory, store: Table
) -> None:
    client = make_client()
    assert client.get("/v1/athletes").status_code == 401
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    engine = "dynamodb" if isinstance(store, DynamoDBTable) else "sqlite"
    expected = "table status ACTIVE" if engine == "dynamodb" else "store answers"
    assert (ready.status_code, ready.json()) == (
        200,
        {"status": "ready", "store": engine, "detail": expected},
    )


def test_probes_are_in_the_openapi_schema(make_client: AppFactory) -> None:
    paths = make_client().get("/openapi.json").json()["paths"]
    assert {"/healthz", "/readyz"} <= paths.keys()
    assert "503" in paths["/readyz"]["get"]["responses"]


@pytest.mark.parametrize("store", ["dynamodb"], indirect=True)
def test_a_missing_table_is_not_ready_and_the_answer_names_nothing(store: Table) -> None:
    assert isinstance(store, DynamoDBTable)
    missing = DynamoDBTable(store._client, "no-such-table", SCHEMA, endpoint=None)
    settings = Settings(auth_mode=AuthMode.REQUIRED)
    with TestClient(create_app(settings, missing), base_url=LOCAL_URL) as client:
        assert client.get("/healthz").status_code == 200  # alive, only not ready
        ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json() == {
        "status": "unavailable",
        "store": "dynamodb",
        "detail": "store unavailable",
    }
    assert "no-such-table" not in ready.text


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_an_embedded_store_whose_table_is_gone_is_not_ready(
    make_client: AppFactory, store: Table
) -> None:
    assert isinstance(store, SqliteTable)
    client = make_client()
    assert client.get("/readyz").status_code == 200
    with sqlite3.connect(store.path) as other:
        other.execute("DROP TABLE items")
    ready = client.get("/readyz")
    assert (ready.status_code, ready.json()["status"]) == (503, "unavailable")
    assert str(store.path) not in ready.text
