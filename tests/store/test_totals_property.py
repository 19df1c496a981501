"""Random sequences of writes on every engine keep totals, counts and locators exact, on a
fresh table and on one migrated from the seed's layout (random sessions, some moved)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import boto3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from moto import mock_aws

from tests.conftest import counted_dynamodb
from tests.store.invariants import assert_consistent
from tests.store.seed_tables import SeedWriter, create_seed_dynamodb_table
from training_tracker.api.schemas import athlete_name_problem
from training_tracker.domain.calendar import EARLIEST, LATEST
from training_tracker.domain.load import Sex
from training_tracker.domain.models import SessionDetails
from training_tracker.domain.totals import Totals
from training_tracker.errors import AthleteHasSessionsError, InvalidProfileError, NotFoundError
from training_tracker.services.athletes import AthleteService
from training_tracker.services.migration import SeedMigration
from training_tracker.services.sessions import SessionService
from training_tracker.store.keys import SCHEMA
from training_tracker.store.port import Table
from training_tracker.store.repository import Repository
from training_tracker.store.sqlite import SqliteTable


@contextmanager
def fresh_table(engine: str) -> Iterator[Table]:
    if engine == "sqlite-seed":
        with tempfile.TemporaryDirectory() as folder:
            table = SqliteTable(Path(folder) / "seed.sqlite3", SCHEMA)
            table.ensure_table()
            yield table
            table.close()
    elif engine == "dynamodb-seed":
        with mock_aws():
            yield create_seed_dynamodb_table(boto3.client("dynamodb", region_name="us-east-1"))
    elif engine == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            table = SqliteTable(Path(folder) / "store.sqlite3", SCHEMA)
            table.ensure_table()
            yield table
            table.close()
    else:
        with counted_dynamodb() as (dynamo, _):
            yield dynamo


# Mostly days close together (so sessions share totals), sometimes anywhere in the calendar,
# its edges included (month and day keys far apart, empty months between them).
DAYS = st.one_of(
    st.integers(0, 70).map(lambda n: date(2024, 1, 20) + timedelta(days=n)),
    st.sampled_from([EARLIEST, LATEST, date(1999, 12, 31), date(2100, 2, 28)]),
    st.dates(min_value=EARLIEST, max_value=LATEST),
)
# What the API accepts: up to 1e6 with 2 (duration) or 3 (distance) decimal places; -0 is 0.
DURATIONS = st.decimals(min_value=0, max_value=1_000_000, places=2).map(lambda d: d + 0)
DISTANCES = st.decimals(min_value=0, max_value=1_000_000, places=3).map(lambda d: d + 0)
# What the seed stored (as text): moderate amounts, read back the way it served them.
AMOUNTS = st.decimals(min_value=0, max_value=500, places=2)
RPE = st.none() | st.integers(1, 10)
HEART_RATE = st.none() | st.integers(20, 250).map(Decimal)
SEX = st.none() | st.sampled_from(list(Sex))
step = st.one_of(
    st.tuples(st.just("create"), st.integers(0, 3), DAYS, DURATIONS, DISTANCES, RPE, HEART_RATE),
    st.tuples(
        st.just("update"),
        st.integers(0, 30),
        st.integers(0, 3),
        DAYS,
        DURATIONS,
        DISTANCES,
        RPE,
        HEART_RATE,
    ),
    st.tuples(st.just("delete"), st.integers(0, 30)),
    st.tuples(st.just("delete_athlete"), st.integers(0, 3), st.booleans()),
    st.tuples(st.just("rename"), st.integers(0, 3), st.text("abcXYZ ", min_size=1, max_size=5)),
    st.tuples(st.just("add_athlete"), st.text("abc", min_size=1, max_size=3)),
    st.tuples(st.just("profile"), st.integers(0, 3), HEART_RATE, HEART_RATE, SEX),
)


# A session the seed wrote: athlete, day, duration, distance, and the athlete it was later
# moved to (the seed left the old copy behind), if any.
seed_session = st.tuples(
    st.integers(0, 2), DAYS, AMOUNTS, AMOUNTS, st.none() | st.tuples(st.integers(0, 2), DAYS)
)


def migrated(table: Table, seeded: list[tuple]) -> tuple[list[str], list[str]]:  # type: ignore[type-arg]
    """Writes `seeded` as the seed did, migrates in place; the athlete and session ids."""
    seed = SeedWriter(table)
    athlete_ids = ["ann", "bob", "cy"]
    for athlete_id, name in zip(athlete_ids, ("Ann", "Bob", "Cy"), strict=True):
        seed.athlete(athlete_id, name)
    for n, (who, day, duration, distance, moved) in enumerate(seeded):
        sid = f"seed-{n}"
        seed.create(sid, athlete_ids[who], day.isoformat(), float(duration), float(distance))
        if moved is not None:
            seed.update(sid, athlete_ids[moved[0]], moved[1].isoformat(), 1.5, 2.5)
    if hasattr(table, "add_missing_indexes"):
        table.add_missing_indexes()
    repository = Repository(table, page_size=3)
    report = SeedMigration(table, repository, in_place=True, check_name=athlete_name_problem).run()
    assert report.verification is not None
    assert report.verification.matches
    assert report.sessions == len(seeded)
    moved = sum(1 for who, *_, to in seeded if to is not None and to[0] != who)
    assert len(report.problems) == moved  # one dropped copy per move to another athlete
    return athlete_ids, [f"seed-{n}" for n in range(len(seeded))]


@pytest.mark.parametrize("engine", ["sqlite", "dynamodb", "sqlite-seed", "dynamodb-seed"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(step, max_size=25), seeded=st.lists(seed_session, max_size=6))
def test_random_writes_keep_totals_exact(
    engine: str,
    steps: list[tuple],  # type: ignore[type-arg]
    seeded: list[tuple],  # type: ignore[type-arg]
) -> None:
    with fresh_table(engine) as table:
        repository = Repository(table, page_size=3)
        athletes, sessions = AthleteService(repository), SessionService(repository)
        session_ids: list[str] = []
        if engine.endswith("-seed"):
            athlete_ids, session_ids = migrated(table, seeded)
        else:
            athlete_ids = [athletes.create(name).id for name in ("Ann", "Bob", "Cy")]

        def athlete(index: int) -> str:
            return athlete_ids[index % len(athlete_ids)] if athlete_ids else "none"

        for action, *args in steps:
            try:
                if action == "create":
                    who, day, duration, distance, rpe, heart_rate = args
                    details = SessionDetails(
                        athlete_id=athlete(who),
                        date=day,
                        duration=duration,
                        distance=distance,
                        rpe=rpe,
                        avg_heart_rate=heart_rate,
                    )
                    session_ids.append(sessions.create(details).id)
                elif action == "update" and session_ids:
                    index, who, day, duration, distance, rpe, heart_rate = args
                    details = SessionDetails(
                        athlete_id=athlete(who),
                        date=day,
                        duration=duration,
                        distance=distance,
                        rpe=rpe,
                        avg_heart_rate=heart_rate,
                    )
                    sessions.update(session_ids[index % len(session_ids)], details)
                elif action == "delete" and session_ids:
                    sessions.delete(session_ids.pop(args[0] % len(session_ids)))
                elif action == "delete_athlete" and athlete_ids:
                    athletes.delete(athlete_ids[args[0] % len(athlete_ids)], cascade=args[1])
                    athlete_ids.remove(athlete_ids[args[0] % len(athlete_ids)])
                elif action == "rename" and athlete_ids:
                    athletes.rename(athlete(args[0]), args[1])
                elif action == "add_athlete":
                    athlete_ids.append(athletes.create(args[0]).id)
                elif action == "profile" and athlete_ids:
                    who, rest, top, sex = args
                    athletes.update(
                        athlete(who),
                        {"resting_heart_rate": rest, "max_heart_rate": top, "sex": sex},
                    )
            except (NotFoundError, AthleteHasSessionsError, InvalidProfileError):
                pass
            session_ids = [s for s in session_ids if repository.get_session(s) is not None]

        assert_consistent(table)
        stored = [repository.get_session(s) for s in session_ids]
        everyone = sessions.totals(None, None, None)
        assert everyone == sum((Totals.of(s) for s in stored if s), Totals())
        for athlete_id in athlete_ids:  # an athlete's all-time totals: one item, exact
            own = [s for s in stored if s and s.athlete_id == athlete_id]
            assert sessions.totals(athlete_id, None, None) == sum(map(Totals.of, own), Totals())
        listed = sessions.list(athlete_id=None, start=None, end=None, limit=100, offset=0)
        assert listed.total == len(session_ids)
        # offsets placed by walking everyone's month totals land where the full list says
        for offset in range(1, len(session_ids), 3):
            deep = sessions.list(athlete_id=None, start=None, end=None, limit=3, offset=offset)
            assert deep.total == len(session_ids)
            assert deep.sessions == listed.sessions[offset : offset + 3]
        assert sorted(s.id for s in listed.sessions) == sorted(session_ids)
        assert [s.date for s in listed.sessions] == sorted(
            (s.date for s in listed.sessions), reverse=True
        )
        # cursor pages walk the same sessions, skipping the months between them
        page = sessions.list(athlete_id=None, start=None, end=None, limit=2, offset=0)
        walked, more = [s.id for s in page.sessions], page.total > 2
        while more:
            last = page.sessions[-1]
            page, more = sessions.list_after(
                athlete_id=None, start=None, end=None, after=(last.date, last.id), limit=2
            )
            walked += [s.id for s in page.sessions]
        assert walked == [s.id for s in listed.sessions]
