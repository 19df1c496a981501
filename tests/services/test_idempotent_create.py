"""A create and its Idempotency-Key answer are one write: the second request holding the key
creates nothing and is told so."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.store.invariants import assert_consistent
from training_tracker.domain.idempotency import AnswerRecord, StoredAnswer
from training_tracker.domain.models import SessionDetails
from training_tracker.errors import IdempotencyKeyReusedError
from training_tracker.services.athletes import AthleteService
from training_tracker.services.idempotency import (
    DuplicateRequestError,
    IdempotencyService,
    record_id,
)
from training_tracker.services.sessions import SessionService
from training_tracker.store.answers import AnswerStore
from training_tracker.store.sqlite import SqliteTable

NOW = 1_000_000.0


@pytest.fixture
def idempotency(store: SqliteTable) -> IdempotencyService:
    return IdempotencyService(AnswerStore(store), ttl_seconds=60, clock=lambda: NOW)


def answer(service: IdempotencyService, key: str, body: str) -> AnswerRecord:
    return service.new_record(record_id("anon", key), "request", StoredAnswer(201, body, '"1"'))


def test_the_answer_is_recorded_with_the_session(
    athletes: AthleteService,
    sessions: SessionService,
    idempotency: IdempotencyService,
    store: SqliteTable,
) -> None:
    ann = athletes.create("Ann")
    details = SessionDetails(
        athlete_id=ann.id, date=date(2024, 5, 1), duration=Decimal(30), distance=Decimal(5)
    )
    first = sessions.create(details, answer=lambda s: answer(idempotency, "k", s.id))
    stored = idempotency.lookup(record_id("anon", "k"), "request")
    assert stored == StoredAnswer(201, first.id, '"1"')
    with pytest.raises(DuplicateRequestError):
        sessions.create(details, answer=lambda s: answer(idempotency, "k", s.id))
    assert athletes.get(ann.id).session_count == 1
    assert sessions.totals(None, None, None).count == 1
    assert_consistent(store)


def test_a_second_athlete_with_the_same_key_is_not_created(
    athletes: AthleteService, idempotency: IdempotencyService
) -> None:
    first = athletes.create("Ann", answer=lambda a: answer(idempotency, "k", a.id))
    with pytest.raises(DuplicateRequestError):
        athletes.create("Ann", answer=lambda a: answer(idempotency, "k", a.id))
    assert [a.id for a in athletes.list()] == [first.id]
    other = athletes.create("Ann", answer=lambda a: answer(idempotency, "other", a.id))
    assert len(athletes.list()) == 2
    assert idempotency.lookup(record_id("anon", "other"), "request") == StoredAnswer(
        201, other.id, '"1"'
    )


def test_a_key_reused_for_another_request_is_refused(
    athletes: AthleteService, idempotency: IdempotencyService
) -> None:
    athletes.create("Ann", answer=lambda a: answer(idempotency, "k", a.id))
    with pytest.raises(IdempotencyKeyReusedError):
        idempotency.lookup(record_id("anon", "k"), "another request")


def test_an_expired_answer_is_absent_and_removed(
    athletes: AthleteService, store: SqliteTable
) -> None:
    now = [NOW]
    service = IdempotencyService(AnswerStore(store), ttl_seconds=60, clock=lambda: now[0])
    athletes.create("Ann", answer=lambda a: answer(service, "k", a.id))
    now[0] += 61
    assert service.lookup(record_id("anon", "k"), "request") is None
    assert AnswerStore(store).get(record_id("anon", "k")) is None
    athletes.create("Ann", answer=lambda a: answer(service, "k", a.id))  # the key is free again
