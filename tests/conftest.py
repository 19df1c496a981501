"""Fixtures shared by every suite: a Table on each engine, counted, and an app client."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import pytest
from fastapi.testclient import TestClient
from moto import mock_aws

from training_tracker.app import create_app
from training_tracker.config import Settings
from training_tracker.store.dynamodb import DynamoDBTable
from training_tracker.store.keys import SCHEMA
from training_tracker.store.port import Table
from training_tracker.store.sqlite import SqliteTable

# Open mode answers only loopback names (DNS rebinding defence): test clients use one.
LOCAL_URL = "http://localhost"
ENGINES = ["sqlite", "dynamodb"]
# Tiny pages make every read path prove it follows LastEvaluatedKey.
TINY_PAGE = 2

for variable in ("DYNAMODB_TABLE_NAME", "DYNAMODB_ENDPOINT", "STORAGE_ENGINE"):
    os.environ.pop(variable, None)
os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")


@dataclass
class DynamoCounter:
    """Counts DynamoDB requests and items read, from botocore's own events."""

    requests: int = 0
    items_read: int = 0
    operations: list[str] = field(default_factory=list)

    def __call__(self, parsed: dict[str, Any], model: Any, **_: Any) -> None:
        self.requests += 1
        self.operations.append(model.name)
        if "ScannedCount" in parsed:
            self.items_read += parsed["ScannedCount"]
        elif "Item" in parsed:
            self.items_read += 1

    def reset(self) -> None:
        self.requests = 0
        self.items_read = 0
        self.operations.clear()


@contextmanager
def counted_dynamodb() -> Iterator[tuple[DynamoDBTable, DynamoCounter]]:
    """A fresh table on in-process moto, with a request counter on its client."""
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        counter = DynamoCounter()
        client.meta.events.register("after-call.dynamodb", counter)
        table = DynamoDBTable(client, "training-tracker-test", SCHEMA, endpoint=None)
        table.ensure_table()
        counter.reset()
        yield table, counter


@pytest.fixture
def dynamodb_table() -> Iterator[tuple[DynamoDBTable, DynamoCounter]]:
    with counted_dynamodb() as counted:
        yield counted


@pytest.fixture
def sqlite_table(tmp_path: Path) -> Iterator[SqliteTable]:
    table = SqliteTable(tmp_path / "store.sqlite3", SCHEMA)
    table.ensure_table()
    yield table
    table.close()


@pytest.fixture(params=ENGINES)
def table(request: pytest.FixtureRequest) -> Table:
    if request.param == "sqlite":
        sqlite: Table = request.getfixturevalue("sqlite_table")
        return sqlite
    dynamo, _ = request.getfixturevalue("dynamodb_table")
    return dynamo


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(sqlite_path=tmp_path / "app.sqlite3", query_page_size=TINY_PAGE)


@pytest.fixture
def client(table: Table, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, table), base_url=LOCAL_URL) as test_client:
        yield test_client
