"""Fixtures for the store suites."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from tests.store.test_migration import write_seed_table


@pytest.fixture
def seed_client() -> Iterator[Any]:
    """In-process moto holding a table written in the original (seed-v1) layout."""
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        write_seed_table(client)
        yield client
