"""A migration's record on DynamoDB: an athlete with a long history still fits.

DynamoDB refuses an item over 400 KB; moto refuses one too, but counts sizes more leniently
(one view of 12,000 days, about 430 KB as DynamoDB counts, passes moto), so the history here
is long enough to be refused by either when recorded in one item."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

import boto3
import pytest
from moto import mock_aws

from training_tracker.domain.migration import AthleteView, DayFigures, MigrationPlan, Problem
from training_tracker.store.dynamodb import DynamoDBTable
from training_tracker.store.keys import SCHEMA
from training_tracker.store.maintenance import MaintenanceStore


@pytest.fixture
def store() -> Iterator[MaintenanceStore]:
    with mock_aws():
        table = DynamoDBTable(boto3.client("dynamodb", region_name="us-east-1"), "t", SCHEMA, None)
        table.ensure_table()
        yield MaintenanceStore(table, page_size=100)


def test_a_long_history_is_recorded_and_read_back_whole(store: MaintenanceStore) -> None:
    first = date(1990, 1, 1)
    figures = DayFigures(3, Decimal("181.123456789012"), Decimal("42.987654321098"))
    days = {first + timedelta(days=n): figures for n in range(20_000)}  # 55 years, every day
    plan = MigrationPlan(
        view={"runner": AthleteView("Long Runner", days), "new": AthleteView("No Sessions")},
        problems=[Problem("duplicate", "ATHLETE#a", "SESSION#s", "older copy")],
    )
    store.save_migration_record("migrate-seed-v1", plan)
    recorded = store.migration_record("migrate-seed-v1")
    assert recorded is not None
    assert recorded.view == plan.view
    assert recorded.problems == plan.problems
    assert recorded.view["runner"].sessions == 60_000
