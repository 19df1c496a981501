"""Fixtures for the store suites."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from tests.store.seed_tables import create_seed_dynamodb_table
from tests.store.test_migration import write_seed_table


@pytest.fixture
def seed_client() -> Iterator[Any]:
    """In-process moto holding a table the seed wrote (see `write_seed_table`)."""
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        write_seed_table(create_seed_dynamodb_table(client))
        yield client
