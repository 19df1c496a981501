"""`recompute-loads`: women's TRIMP sessions stored with the old weighting (0.64 · e^(1.67x))
get the published one (0.86 · e^(1.67x)), totals included; men and sRPE are untouched; an
interrupted run resumes after the last athlete done."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from training_tracker.cli import app
from training_tracker.domain.load import LoadMethod, Sex
from training_tracker.domain.models import Athlete, TrainingSession
from training_tracker.services.load_recomputation import RECOMPUTE_JOB
from training_tracker.store.bulk import bulk_items
from training_tracker.store.checkpoints import CheckpointStore
from training_tracker.store.keys import SCHEMA
from training_tracker.store.repository import Repository
from training_tracker.store.sqlite import SqliteTable

runner = CliRunner()
DAY = date(2024, 5, 1)
CREATED = datetime(2024, 5, 1, tzinfo=UTC)
# 60 min at HRr 0.7 (average 151, resting 60, maximum 190):
OLD_FEMALE = Decimal("86.52")  # 26.88 · e^1.169, the old weighting
NEW_FEMALE = Decimal("116.26")  # 36.12 · e^1.169, the published one
MALE = Decimal("103.07")


def athlete(athlete_id: str, name: str, sex: Sex | None) -> Athlete:
    return Athlete(
        id=athlete_id,
        name=name,
        resting_heart_rate=Decimal(60),
        max_heart_rate=Decimal(190),
        sex=sex,
    )


def session(
    session_id: str, owner: Athlete, load: Decimal, *, rpe: int | None = None
) -> TrainingSession:
    return TrainingSession(
        id=session_id,
        athlete_id=owner.id,
        athlete_name=owner.name,
        date=DAY,
        duration=Decimal(60),
        distance=Decimal(10),
        rpe=rpe,
        avg_heart_rate=None if rpe else Decimal(151),
        load=load,
        load_method=LoadMethod.SRPE if rpe else LoadMethod.TRIMP,
        created_at=CREATED,
        updated_at=CREATED,
    )


def stored_before_the_fix(path: Path) -> tuple[SqliteTable, Repository]:
    table = SqliteTable(path, SCHEMA)
    table.ensure_table()
    ann, bea, max_ = (
        athlete("a", "Ann", Sex.FEMALE),
        athlete("b", "Bea", Sex.FEMALE),
        athlete("m", "Max", Sex.MALE),
    )
    sessions = [
        session("ann-1", ann, OLD_FEMALE),
        session("ann-2", ann, Decimal(300), rpe=5),  # sRPE: no heart-rate weighting
        session("bea-1", bea, OLD_FEMALE),
        session("max-1", max_, MALE),
    ]
    table.batch_put(bulk_items([ann, bea, max_], sessions))
    return table, Repository(table, page_size=2)


def load_of(repository: Repository, session_id: str) -> Decimal | None:
    found = repository.get_session(session_id)
    assert found is not None
    return found.load


def day_load(repository: Repository, athlete_id: str | None) -> Decimal:
    """The day's summed load in the athlete's (or everyone's) day totals."""
    (bucket,) = repository.day_buckets(athlete_id, DAY, DAY)
    return bucket.totals.load


def test_women_get_the_published_weighting_totals_included(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    _, repository = stored_before_the_fix(path)
    env = {"STORAGE_ENGINE": "sqlite", "SQLITE_PATH": str(path), "COLUMNS": "200"}
    result = runner.invoke(app, ["recompute-loads"], env=env)
    assert result.exit_code == 0, result.output
    assert "2 athletes checked, 2 session loads changed" in result.output
    assert (load_of(repository, "ann-1"), load_of(repository, "bea-1")) == (NEW_FEMALE,) * 2
    assert load_of(repository, "ann-2") == 300
    assert load_of(repository, "max-1") == MALE
    assert day_load(repository, "a") == NEW_FEMALE + 300
    assert day_load(repository, "b") == NEW_FEMALE
    assert day_load(repository, None) == 2 * NEW_FEMALE + 300 + MALE
    again = runner.invoke(app, ["recompute-loads", "--everyone"], env=env)
    assert "3 athletes checked, 0 session loads changed" in again.output


def test_an_interrupted_run_resumes_after_the_last_athlete_done(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    table, repository = stored_before_the_fix(path)
    # As if a run stopped after Ann: the rerun starts at Bea and leaves Ann as she is.
    CheckpointStore(table).set(RECOMPUTE_JOB, {"after": "ann\x1fa"})
    env = {"STORAGE_ENGINE": "sqlite", "SQLITE_PATH": str(path), "COLUMNS": "200"}
    result = runner.invoke(app, ["recompute-loads"], env=env)
    assert result.exit_code == 0, result.output
    assert "1 athletes checked, 1 session loads changed (resumed" in result.output
    assert (load_of(repository, "ann-1"), load_of(repository, "bea-1")) == (
        OLD_FEMALE,
        NEW_FEMALE,
    )
    assert CheckpointStore(table).get(RECOMPUTE_JOB) is None
    # --restart ignores a checkpoint and goes through everyone again.
    CheckpointStore(table).set(RECOMPUTE_JOB, {"after": "zzz"})
    restarted = runner.invoke(app, ["recompute-loads", "--restart"], env=env)
    assert "2 athletes checked, 1 session loads changed" in restarted.output
    assert load_of(repository, "ann-1") == NEW_FEMALE
