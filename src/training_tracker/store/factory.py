"""Picks and builds the storage engine the settings ask for."""

from __future__ import annotations

from training_tracker.config import Engine, Settings
from training_tracker.ops.store_calls import instrument_client
from training_tracker.store.dynamodb import DynamoDBTable, build_client
from training_tracker.store.keys import SCHEMA
from training_tracker.store.port import Table
from training_tracker.store.sqlite import SqliteTable


def build_table(settings: Settings) -> Table:
    if settings.engine is Engine.DYNAMODB:
        return build_dynamodb_table(settings, settings.table_name)
    return SqliteTable(settings.sqlite_path, SCHEMA)


def build_dynamodb_table(settings: Settings, table_name: str) -> DynamoDBTable:
    """A DynamoDB table of this layout by name (the configured one, or a migration source).
    Its client charges each call to the request that makes it (ops/store_calls.py)."""
    client = instrument_client(build_client(settings))
    return DynamoDBTable(client, table_name, SCHEMA, settings.dynamodb_endpoint)
