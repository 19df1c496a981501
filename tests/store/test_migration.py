"""`migrate --from seed-v1` on a table the seed wrote through its own API, plus its defects:
every session survives once, every repair is reported, and the result verifies."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from tests.store.invariants import assert_consistent, scan_all
from tests.store.seed_tables import SEED_TABLE, SeedWriter, create_seed_dynamodb_table
from training_tracker.api.schemas import athlete_name_problem
from training_tracker.domain.migration import DUPLICATE, NAME, ORPHAN, UNREADABLE
from training_tracker.errors import MigrationUnderwayError, NoMigrationRecordError
from training_tracker.services.migration import MigrationReport, SeedMigration
from training_tracker.services.sessions import SessionService
from training_tracker.store import keys, seed_layout
from training_tracker.store.dynamodb import DynamoDBTable
from training_tracker.store.keys import SCHEMA
from training_tracker.store.port import Table
from training_tracker.store.repository import Repository
from training_tracker.store.sqlite import SqliteTable

# session id -> (athlete, date, duration, distance) as the seed last wrote it
SESSIONS = {
    "a1b2": ("athlete-1", "2025-10-20", "45.0", "8.5"),
    "b2c3": ("athlete-1", "2025-10-21", "60.0", "12.0"),
    "c3d4": ("athlete-2", "2025-10-22", "30.0", "5.0"),
    "d4e5": ("athlete-2", "2025-10-23", "50.0", "10.0"),
    "s1": ("a3", "2025-11-01", "40.5", "7.25"),
    "s2": ("a4", "2025-11-03", "55.0", "11.0"),  # moved from a3 (then 2025-11-02)
    "s3": ("a3", "2025-11-02", "20.0", "3.0"),
    "s4": ("a4", "2025-11-02", "90.0", "21.1"),
    "s5": ("a4", "2025-11-04", "35.0", "6.0"),
    "s6": ("athlete-1", "2025-11-04", "25.0", "0.0"),
    "s7": ("a3", "2025-11-05", "61.25", "12.125"),
    "bs1": ("b-ctl", "2025-11-06", "10.0", "1.0"),
}
NAMES = {
    "athlete-1": "John Doe",
    "athlete-2": "Jane Smith",
    "a3": "Ann Lee",
    "a4": "Bob",
    "b-ctl": "Bell",
    "b-long": "L" * 200,
    "b-none": "Athlete b-none",
}
# (kind, PK, SK) of every problem the defects below must produce
PROBLEMS = {
    (DUPLICATE, "ATHLETE#a3", "SESSION#s2"),
    (UNREADABLE, "ATHLETE#athlete-1", "SESSION#x-empty"),
    (UNREADABLE, "ATHLETE#athlete-1", "SESSION#x-abc"),
    (UNREADABLE, "ATHLETE#athlete-1", "SESSION#x-huge"),
    (UNREADABLE, "ATHLETE#athlete-1", "SESSION#x-negative"),
    (UNREADABLE, "ATHLETE#athlete-1", "SESSION#x-nodate"),
    (ORPHAN, "ATHLETE#ghost", "SESSION#s9"),
    (NAME, "ATHLETE#b-ctl", "ATHLETE#b-ctl"),
    (NAME, "ATHLETE#b-long", "ATHLETE#b-long"),
    (NAME, "ATHLETE#b-none", "ATHLETE#b-none"),
}
SET_ASIDE = {(pk, sk) for kind, pk, sk in PROBLEMS if kind in (UNREADABLE, ORPHAN)}


def write_operator_table(table: Table) -> SeedWriter:
    """What an operator did through the seed's API: example data, two athletes, seven
    sessions, a rename and a move (which left the moved session's old item behind)."""
    seed = SeedWriter(table)
    seed.example_data()
    seed.athlete("a3", "Ann")
    seed.athlete("a4", "Bob")
    seed.create("s1", "a3", "2025-11-01", 40.5, 7.25, "Tempo")
    seed.create("s2", "a3", "2025-11-02", 50.0, 10.0)
    seed.create("s3", "a3", "2025-11-02", 20.0, 3.0, "Drills")
    seed.create("s4", "a4", "2025-11-02", 90.0, 21.1, "Long")
    seed.create("s5", "a4", "2025-11-04", 35.0, 6.0)
    seed.create("s6", "athlete-1", "2025-11-04", 25.0, 0.0)
    seed.create("s7", "a3", "2025-11-05", 61.25, 12.125)
    seed.athlete("a3", "Ann Lee")  # sessions keep the copied "Ann"
    seed.update("s2", "a4", "2025-11-03", 55.0, 11.0)  # the move
    return seed


def write_defects(seed: SeedWriter) -> None:
    def session(sid: str, athlete: str, **values: str) -> dict[str, str]:
        item = {
            "PK": f"ATHLETE#{athlete}",
            "SK": f"SESSION#{sid}",
            "GSI1PK": "SESSION",
            "GSI1SK": f"2025-11-06#{sid}",
            "SessionId": sid,
            "AthleteId": athlete,
            "Date": "2025-11-06",
            "Duration": "10",
            "Distance": "1",
            "CreatedAt": "2025-11-06T10:00:00+00:00",
            "UpdatedAt": "2025-11-06T10:00:00+00:00",
        }
        return {k: v for k, v in {**item, **values}.items() if v != "-"}

    seed.raw(session("x-empty", "athlete-1", Duration=""))
    seed.raw(session("x-abc", "athlete-1", Distance="abc"))
    seed.raw(session("x-huge", "athlete-1", Duration="1e999"))
    seed.raw(session("x-negative", "athlete-1", Distance="-5"))
    seed.raw(session("x-nodate", "athlete-1", Date="-"))
    seed.raw(session("s9", "ghost"))  # its athlete was deleted
    seed.athlete("b-ctl", "Bell\x07")
    seed.athlete("b-long", "L" * 250)
    seed.raw({"PK": "ATHLETE#b-none", "SK": "ATHLETE#b-none", "Type": "ATHLETE"})
    seed.create("bs1", "b-ctl", "2025-11-06", 10.0, 1.0)


def write_seed_table(table: Table) -> None:
    write_defects(write_operator_table(table))


def seed_dynamodb(client: Any) -> DynamoDBTable:
    return DynamoDBTable(client, SEED_TABLE, SCHEMA, endpoint=None)


def migration(source: Table, target: Repository, *, in_place: bool) -> SeedMigration:
    return SeedMigration(source, target, in_place=in_place, check_name=athlete_name_problem)


def problems_of(report: MigrationReport) -> set[tuple[str, str, str]]:
    return {(p.kind, p.pk, p.sk) for p in report.problems}


def assert_survived(repository: Repository) -> None:
    athletes = {a.id: a for a in repository.list_athletes()}
    assert {a: athletes[a].name for a in athletes} == NAMES
    for sid, (aid, day, duration, distance) in SESSIONS.items():
        session = repository.get_session(sid)
        assert session is not None, sid
        assert (session.athlete_id, session.date.isoformat()) == (aid, day)
        assert (session.duration, session.distance) == (Decimal(duration), Decimal(distance))
        assert session.athlete_name == NAMES[aid]
    assert repository.get_session("s9") is None
    assert repository.get_session("x-abc") is None
    assert athletes["a3"].session_count == 3  # s2 moved away
    assert athletes["a4"].session_count == 3
    sessions = SessionService(repository)
    listed = sessions.list(athlete_id=None, start=None, end=None, limit=100, offset=0)
    assert sorted(s.id for s in listed.sessions) == sorted(SESSIONS)
    assert listed.total == len(SESSIONS) == 12
    stats = sessions.statistics(None, None, None)
    assert stats.total_sessions == 12
    assert stats.total_duration == 521.75
    assert_consistent(repository.table)


def set_aside(repository: Repository) -> set[tuple[str, str]]:
    """The old items the migration moved into its record, unchanged."""
    return {(i["PK"], i["SK"]) for i in repository.maintenance().set_aside_items("migrate-seed-v1")}


def seed_leftovers(table: Table) -> set[tuple[str, str]]:
    return {
        (i["PK"], i["SK"])
        for i in scan_all(table)
        if seed_layout.is_seed_athlete(i) or seed_layout.is_seed_session(i)
    }


@pytest.fixture(params=["dynamodb", "sqlite"])
def seed_in_place(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Table]:
    """A seed-layout table on either engine, to be converted in place."""
    if request.param == "sqlite":
        table: Table = SqliteTable(tmp_path / "seed.sqlite3", SCHEMA)
        table.ensure_table()
        write_seed_table(table)
        yield table
        return
    with mock_aws():
        dynamo = create_seed_dynamodb_table(boto3.client("dynamodb", region_name="us-east-1"))
        write_seed_table(dynamo)
        assert dynamo.add_missing_indexes() == ["GSI2"]
        yield dynamo


def test_in_place_repairs_reports_and_verifies(seed_in_place: Table) -> None:
    table = seed_in_place
    repository = Repository(table, page_size=2)
    before = seed_leftovers(table)
    assert len([k for k in before if k[1].startswith("SESSION#")]) == 19  # s2 twice
    dry = migration(table, repository, in_place=True).run(dry_run=True)
    assert (dry.athletes, dry.sessions) == (7, 12)
    assert problems_of(dry) == PROBLEMS
    assert repository.list_athletes() == []  # a dry run writes nothing
    assert seed_leftovers(table) == before

    report = migration(table, repository, in_place=True).run()
    assert (report.athletes, report.sessions) == (7, 12)
    assert problems_of(report) == PROBLEMS
    assert report.seed_items_removed == len(before)
    assert report.verification is not None
    assert report.verification.matches
    assert (report.verification.athletes, report.verification.sessions) == (7, 12)
    assert_survived(repository)
    assert seed_leftovers(table) == set()
    assert set_aside(repository) == SET_ASIDE

    again = migration(table, repository, in_place=True).run()  # idempotent
    assert again.nothing_left
    assert again.sessions == 0
    assert again.problems == []
    assert again.verification is not None
    assert again.verification.matches
    assert_survived(repository)


def test_into_the_embedded_store(seed_client: Any, tmp_path: Path) -> None:
    source = seed_dynamodb(seed_client)
    target = SqliteTable(tmp_path / "migrated.sqlite3", SCHEMA)
    target.ensure_table()
    repository = Repository(target, page_size=3)
    untouched = scan_all(source)
    report = migration(source, repository, in_place=False).run()
    assert problems_of(report) == PROBLEMS
    assert report.verification is not None
    assert report.verification.matches
    assert_survived(repository)
    assert scan_all(source) == untouched  # the source is left as it was
    migration(source, repository, in_place=False).run()  # idempotent
    assert_survived(repository)
    assert migration(source, repository, in_place=False).verify().matches


def test_verify_needs_a_record(tmp_path: Path) -> None:
    table = SqliteTable(tmp_path / "empty.sqlite3", SCHEMA)
    table.ensure_table()
    with pytest.raises(NoMigrationRecordError):
        migration(table, Repository(table, page_size=5), in_place=True).verify()


class StopHereError(Exception):
    pass


@pytest.mark.parametrize("stop_at", ["copied", "removed", "athlete"])
def test_resumes_after_an_interruption(
    seed_in_place: Table, stop_at: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(seed_layout.SeedTable, "PAGE", 5)
    table = seed_in_place
    repository = Repository(table, page_size=2)

    def stop(message: str) -> None:
        if message.startswith(stop_at):
            raise StopHereError

    with pytest.raises(StopHereError):
        SeedMigration(
            table, repository, in_place=True, check_name=athlete_name_problem, progress=stop
        ).run()
    phase = {"copied": "copy", "removed": "clean-up", "athlete": "rebuild"}[stop_at]
    assert table.get(keys.checkpoint_key("migrate-seed-v1"))["phase"] == phase
    if phase != "copy":  # a fresh plan would see only what is left of the old table
        with pytest.raises(MigrationUnderwayError):
            migration(table, repository, in_place=True).run(resume=False)
    report = migration(table, repository, in_place=True).run()
    assert report.resumed_from == phase
    assert problems_of(report) == PROBLEMS  # the recorded decisions, not a fresh look
    assert report.verification is not None
    assert report.verification.matches
    assert_survived(repository)
    assert seed_leftovers(table) == set()
    assert set_aside(repository) == SET_ASIDE
    assert table.get(keys.checkpoint_key("migrate-seed-v1")) is None
