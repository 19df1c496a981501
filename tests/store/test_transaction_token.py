"""Every attempt at one transaction carries the same ClientRequestToken (botocore's retries and
the table's own resends alike), so DynamoDB can answer a repeat instead of applying it again;
the next transaction carries another."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import botocore.retries.standard
import pytest
from botocore.exceptions import ConnectTimeoutError, ReadTimeoutError
from moto import mock_aws

from training_tracker.config import Settings
from training_tracker.errors import StoreUnavailableError
from training_tracker.store.dynamodb import TRANSACT_RESENDS, DynamoDBTable, build_client
from training_tracker.store.keys import PK, SCHEMA, SK
from training_tracker.store.port import Update

ATTEMPTS = 3


class Recorder:
    """A before-send hook: keeps each TransactWriteItems body and, while `fail` is set, raises
    it instead of sending."""

    def __init__(self) -> None:
        self.tokens: list[str] = []
        self.fail: type[Exception] | None = None

    def __call__(self, request: Any, **_: Any) -> None:
        self.tokens.append(json.loads(request.body)["ClientRequestToken"])
        if self.fail is not None:
            raise self.fail(endpoint_url=request.url)


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[DynamoDBTable, Recorder]]:
    monkeypatch.setattr(botocore.retries.standard.ExponentialBackoff, "delay_amount", lambda *_: 0)
    monkeypatch.setattr("training_tracker.store.dynamodb.time.sleep", lambda _: None)
    with mock_aws():
        client = build_client(Settings(dynamodb_max_attempts=ATTEMPTS))
        recorder = Recorder()
        client.meta.events.register("before-send.dynamodb.TransactWriteItems", recorder)
        table = DynamoDBTable(client, "tokens", SCHEMA, endpoint=None)
        table.ensure_table()
        yield table, recorder


def bump(pk: str) -> list[Update]:
    one = {"n": Decimal(1)}
    return [Update({PK: pk, SK: "X"}, add=one), Update({PK: pk, SK: "Y"}, add=one)]


def test_answers_never_heard_resend_the_same_token_then_give_up(
    recorded: tuple[DynamoDBTable, Recorder],
) -> None:
    table, recorder = recorded
    recorder.fail = ReadTimeoutError
    with pytest.raises(StoreUnavailableError, match="whether a write was applied"):
        table.transact(bump("a"))
    assert len(recorder.tokens) == ATTEMPTS * (1 + TRANSACT_RESENDS)
    assert len(set(recorder.tokens)) == 1

    recorder.tokens.clear()
    recorder.fail = None
    table.transact(bump("a"))
    table.transact(bump("a"))
    assert len(set(recorder.tokens)) == 2  # one per transaction, never reused


def test_requests_that_never_left_are_not_resent(
    recorded: tuple[DynamoDBTable, Recorder],
) -> None:
    """A connection that was never made can't have applied anything: nothing to ask about."""
    table, recorder = recorded
    recorder.fail = ConnectTimeoutError
    with pytest.raises(StoreUnavailableError) as raised:
        table.transact(bump("a"))
    assert "whether a write was applied" not in str(raised.value)
    assert len(recorder.tokens) == ATTEMPTS
