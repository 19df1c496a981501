"""`migrate --from seed-v1`: every athlete and session of a seed-layout table survives."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.store.invariants import assert_consistent, scan_all
from training_tracker.services.migration import SeedMigration
from training_tracker.services.sessions import SessionService
from training_tracker.store import keys
from training_tracker.store.dynamodb import DynamoDBTable
from training_tracker.store.keys import SCHEMA
from training_tracker.store.repository import Repository
from training_tracker.store.sqlite import SqliteTable

SEED_TABLE = "seed-tracker"
ATHLETES = {"a1": "Ann", "a2": "Bob", "a3": "Nobody Trains"}
SESSIONS = [
    # id, athlete, date, duration, distance, notes, the AthleteName copy the seed kept
    ("s1", "a1", "2024-01-05", "45.5", "10.2", "Tempo", "Ann"),
    ("s2", "a1", "2024-02-29", "30", "0", None, "Ann"),
    ("s3", "a2", "2024-02-29", "61.25", "12.125", "Long", "Bobby (renamed since)"),
    ("s4", "a2", "2023-12-31", "0.1", "0.3", "", "Bob"),
]


def seed_item(values: dict[str, Any]) -> dict[str, Any]:
    return {k: {"S": v} for k, v in values.items() if v is not None}


def write_seed_table(client: Any) -> None:
    """The seed's table: one GSI on GSI1PK/GSI1SK, numbers as strings, names copied."""
    client.create_table(
        TableName=SEED_TABLE,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[
            {"AttributeName": a, "AttributeType": "S"} for a in ("PK", "SK", "GSI1PK", "GSI1SK")
        ],
        KeySchema=[
            {"AttributeName": "PK", "KeyType": "HASH"},
            {"AttributeName": "SK", "KeyType": "RANGE"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "GSI1",
                "KeySchema": [
                    {"AttributeName": "GSI1PK", "KeyType": "HASH"},
                    {"AttributeName": "GSI1SK", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
    )
    for athlete_id, name in ATHLETES.items():
        client.put_item(
            TableName=SEED_TABLE,
            Item=seed_item(
                {
                    "PK": f"ATHLETE#{athlete_id}",
                    "SK": f"ATHLETE#{athlete_id}",
                    "Type": "ATHLETE",
                    "id": athlete_id,
                    "name": name,
                }
            ),
        )
    for sid, aid, day, duration, distance, notes, copied in SESSIONS:
        client.put_item(
            TableName=SEED_TABLE,
            Item=seed_item(
                {
                    "PK": f"ATHLETE#{aid}",
                    "SK": f"SESSION#{sid}",
                    "GSI1PK": "SESSION",
                    "GSI1SK": f"{day}#{sid}",
                    "Type": "SESSION",
                    "id": sid,
                    "athlete_id": aid,
                    "AthleteName": copied,
                    "date": day,
                    "duration": duration,
                    "distance": distance,
                    "notes": notes,
                    "createdAt": "2024-03-01T10:00:00+00:00",
                    "updatedAt": "2024-03-02T10:00:00+00:00",
                }
            ),
        )
    client.put_item(  # a session whose athlete is gone: reported, not copied
        TableName=SEED_TABLE,
        Item=seed_item(
            {
                "PK": "ATHLETE#ghost",
                "SK": "SESSION#s9",
                "id": "s9",
                "athlete_id": "ghost",
                "date": "2024-01-01",
                "duration": "1",
                "distance": "1",
            }
        ),
    )


def assert_survived(repository: Repository) -> None:
    athletes = {a.id: a for a in repository.list_athletes()}
    assert {a: athletes[a].name for a in athletes} == ATHLETES
    for sid, aid, day, duration, distance, notes, _ in SESSIONS:
        session = repository.get_session(sid)
        assert session is not None, sid
        assert (session.athlete_id, session.date, session.notes) == (
            aid,
            date.fromisoformat(day),
            notes,
        )
        assert (session.duration, session.distance) == (Decimal(duration), Decimal(distance))
        assert session.athlete_name == ATHLETES[aid]
        assert session.created_at.isoformat() == "2024-03-01T10:00:00+00:00"
    assert repository.get_session("s9") is None
    assert athletes["a1"].session_count == 2
    assert athletes["a3"].session_count == 0
    stats = SessionService(repository).statistics(None, None, None)
    assert stats.total_sessions == 4
    assert stats.total_duration == 136.85
    assert_consistent(repository.table)


def test_in_place(seed_client: Any) -> None:
    table = DynamoDBTable(seed_client, SEED_TABLE, SCHEMA, endpoint=None)
    assert table.add_missing_indexes() == ["GSI2"]
    assert table.add_missing_indexes() == []
    repository = Repository(table, page_size=2)
    dry = SeedMigration(table, repository, in_place=True).run(dry_run=True)
    assert (dry.athletes, dry.sessions) == (3, 4)
    assert any("ghost" in problem for problem in dry.skipped)
    assert repository.list_athletes() == []  # a dry run writes nothing

    report = SeedMigration(table, repository, in_place=True).run()
    assert (report.athletes, report.sessions, report.seed_items_removed) == (3, 4, 7)
    assert_survived(repository)
    leftovers = [
        i for i in scan_all(table) if i["SK"].count("#") == 1 and i["SK"].startswith("SESSION#")
    ]
    assert [i["id"] for i in leftovers] == ["s9"]  # the orphan stays for someone to look at
    again = SeedMigration(table, repository, in_place=True).run()
    assert again.sessions == 0  # nothing of the old layout is left to copy
    assert_survived(repository)


def test_into_the_embedded_store(seed_client: Any, tmp_path: Path) -> None:
    source = DynamoDBTable(seed_client, SEED_TABLE, SCHEMA, endpoint=None)
    target = SqliteTable(tmp_path / "migrated.sqlite3", SCHEMA)
    target.ensure_table()
    repository = Repository(target, page_size=3)
    SeedMigration(source, repository, in_place=False).run()
    assert_survived(repository)
    assert len(scan_all(source)) == 8  # the source is left as it was
    SeedMigration(source, repository, in_place=False).run()  # idempotent
    assert_survived(repository)


class StopHereError(Exception):
    pass


def test_resumes_after_an_interruption(seed_client: Any, tmp_path: Path) -> None:
    source = DynamoDBTable(seed_client, SEED_TABLE, SCHEMA, endpoint=None)
    target = SqliteTable(tmp_path / "migrated.sqlite3", SCHEMA)
    target.ensure_table()
    repository = Repository(target, page_size=2)
    messages: list[str] = []

    def fail_in_rebuild(message: str) -> None:
        messages.append(message)
        if message.startswith("athlete"):
            raise StopHereError

    with pytest.raises(StopHereError):
        SeedMigration(source, repository, in_place=False, progress=fail_in_rebuild).run()
    assert target.get(keys.checkpoint_key("migrate-seed-v1"))["phase"] == "rebuild"
    report = SeedMigration(source, repository, in_place=False).run()
    assert report.resumed_from == "rebuild"
    assert_survived(repository)
    assert target.get(keys.checkpoint_key("migrate-seed-v1")) is None
