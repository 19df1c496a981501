"""An app on each engine whose DynamoDB client carries the request-accounting hooks."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from moto import mock_aws

from tests.conftest import LOCAL_URL, DynamoCounter
from training_tracker.app import create_app
from training_tracker.config import AuthMode, Settings
from training_tracker.domain.access import Role
from training_tracker.ops.store_calls import instrument_client
from training_tracker.services.tokens import NewToken, TokenService
from training_tracker.store.dynamodb import DynamoDBTable
from training_tracker.store.keys import SCHEMA
from training_tracker.store.port import Table
from training_tracker.store.repository import Repository
from training_tracker.store.sqlite import SqliteTable
from training_tracker.store.tokens import TokenStore

TABLE = "ops-test"


@pytest.fixture
def counter() -> DynamoCounter:
    return DynamoCounter()


@pytest.fixture(params=["sqlite", "dynamodb"])
def store(
    request: pytest.FixtureRequest, tmp_path: Path, counter: DynamoCounter
) -> Iterator[Table]:
    if request.param == "sqlite":
        table = SqliteTable(tmp_path / "store.sqlite3", SCHEMA)
        table.ensure_table()
        yield table
        table.close()
        return
    with mock_aws():
        client = instrument_client(boto3.client("dynamodb", region_name="us-east-1"))
        client.meta.events.register("after-call.dynamodb", counter)
        dynamo = DynamoDBTable(client, TABLE, SCHEMA, endpoint=None)
        dynamo.ensure_table()
        counter.reset()
        yield dynamo


def new_token(table: Table, role: Role = Role.ADMIN) -> NewToken:
    service = TokenService(TokenStore(table, page_size=100), Repository(table, page_size=100))
    return service.create(role, name="ops")


AppFactory = Callable[..., TestClient]


@pytest.fixture
def make_client(store: Table) -> Iterator[AppFactory]:
    clients: list[TestClient] = []

    def build(**settings: Any) -> TestClient:
        settings.setdefault("auth_mode", AuthMode.REQUIRED)
        app: FastAPI = create_app(Settings(**settings), store)
        client = TestClient(app, base_url=LOCAL_URL)
        client.__enter__()
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.__exit__(None, None, None)


class Records(logging.Handler):
    """Keeps the access log's records as they are emitted."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def fields(self) -> list[dict[str, Any]]:
        return [r.fields for r in self.records if isinstance(getattr(r, "fields", None), dict)]


@pytest.fixture
def access_log() -> Iterator[Records]:
    logger = logging.getLogger("training_tracker.access")
    handler = Records()
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(level)
