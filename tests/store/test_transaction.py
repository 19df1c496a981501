"""The unit of work commits its parts at once and names the ones whose conditions failed."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from training_tracker.domain.idempotency import AnswerRecord, StoredAnswer
from training_tracker.domain.models import Athlete, TrainingSession
from training_tracker.store.answers import AnswerStore
from training_tracker.store.port import Table
from training_tracker.store.repository import Repository
from training_tracker.store.transaction import Part, WriteConflictError

ANN = Athlete(id="a1", name="Ann")
RECORD = AnswerRecord("r1", "request", StoredAnswer(201, {"id": "a1"}, '"1"'), 2_000_000_000)
AT = datetime(2024, 5, 1, tzinfo=UTC)


def test_parts_commit_together(table: Table) -> None:
    repository = Repository(table, page_size=2)
    with repository.transaction() as unit:
        unit.create_athlete(ANN)
        unit.record_answer(RECORD)
    assert repository.get_athlete(ANN.id) == ANN
    assert AnswerStore(table).get("r1") == RECORD


@pytest.mark.parametrize(
    ("athlete_id", "failed"),
    [("a2", {Part.ANSWER}), ("a1", {Part.ATHLETE, Part.ANSWER})],
    ids=["answer taken", "both taken"],
)
def test_a_failed_part_is_named_and_nothing_is_written(
    table: Table, athlete_id: str, failed: set[Part]
) -> None:
    repository = Repository(table, page_size=2)
    with repository.transaction() as unit:
        unit.create_athlete(ANN)
        unit.record_answer(RECORD)

    def create_again() -> None:
        with repository.transaction() as unit:
            unit.create_athlete(Athlete(id=athlete_id, name="Bob"))
            unit.record_answer(RECORD)

    with pytest.raises(WriteConflictError) as conflict:
        create_again()
    assert conflict.value.failed_parts == failed
    assert [a.id for a in repository.list_athletes()] == ["a1"]


def test_a_single_write_names_its_part(table: Table) -> None:
    repository = Repository(table, page_size=2)
    repository.create_athlete(ANN)
    with pytest.raises(WriteConflictError) as conflict:
        repository.create_athlete(ANN)
    assert conflict.value.failed_parts == {Part.ATHLETE}


def test_a_block_that_raises_writes_nothing(table: Table) -> None:
    repository = Repository(table, page_size=2)
    repository.create_athlete(ANN)
    session = TrainingSession(
        id="s1",
        athlete_id=ANN.id,
        athlete_name=ANN.name,
        date=date(2024, 5, 1),
        duration=Decimal(30),
        distance=Decimal(5),
        created_at=AT,
        updated_at=AT,
    )

    def change_mind() -> None:
        with repository.transaction() as unit:
            unit.change_session(None, session, athlete_version=ANN.version)
            raise RuntimeError("changed my mind")

    with pytest.raises(RuntimeError):
        change_mind()
    assert repository.get_session("s1") is None
