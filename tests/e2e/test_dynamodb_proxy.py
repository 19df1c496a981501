"""The test proxy behaves as the DynamoDB documentation says, on raw requests through boto3:
ClientRequestToken idempotency, transaction conflicts per item, and responses lost after the
request was applied."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ConnectionClosedError

from tests.e2e.conftest import REGION, Moto
from tests.support.dynamodb_proxy import DynamoDBProxy
from training_tracker.store.dynamodb import DynamoDBTable
from training_tracker.store.keys import SCHEMA


@pytest.fixture
def proxy(moto: Moto) -> Iterator[DynamoDBProxy]:
    with DynamoDBProxy(moto.endpoint) as started:
        yield started


@pytest.fixture
def table(moto: Moto) -> str:
    name = f"proxy-{uuid.uuid4().hex[:8]}"
    moto.client().create_table(
        TableName=name,
        AttributeDefinitions=[
            {"AttributeName": "PK", "AttributeType": "S"},
            {"AttributeName": "SK", "AttributeType": "S"},
        ],
        KeySchema=[
            {"AttributeName": "PK", "KeyType": "HASH"},
            {"AttributeName": "SK", "KeyType": "RANGE"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    return name


def client(proxy: DynamoDBProxy, attempts: int = 1) -> Any:
    return boto3.client(
        "dynamodb",
        endpoint_url=proxy.url,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(retries={"mode": "standard", "total_max_attempts": attempts}),
    )


def add(table: str, pk: str, amount: int = 1) -> dict[str, Any]:
    return {
        "Update": {
            "TableName": table,
            "Key": {"PK": {"S": pk}, "SK": {"S": "X"}},
            "UpdateExpression": "ADD n :n",
            "ExpressionAttributeValues": {":n": {"N": str(amount)}},
        }
    }


def count(moto: Moto, table: str, pk: str) -> int | None:
    item = moto.client().get_item(
        TableName=table, Key={"PK": {"S": pk}, "SK": {"S": "X"}}, ConsistentRead=True
    )
    return int(item["Item"]["n"]["N"]) if "Item" in item else None


def error_code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code"))


def test_same_token_and_request_is_answered_without_applying_again(
    proxy: DynamoDBProxy, moto: Moto, table: str
) -> None:
    dynamodb = client(proxy)
    for _ in range(3):
        dynamodb.transact_write_items(TransactItems=[add(table, "a")], ClientRequestToken="t1")
    assert count(moto, table, "a") == 1
    assert proxy.stats["replayed"] == 2
    # A new token is a new request.
    dynamodb.transact_write_items(TransactItems=[add(table, "a")], ClientRequestToken="t2")
    assert count(moto, table, "a") == 2


def test_same_token_with_another_request_is_a_mismatch(
    proxy: DynamoDBProxy, moto: Moto, table: str
) -> None:
    dynamodb = client(proxy)
    dynamodb.transact_write_items(TransactItems=[add(table, "a")], ClientRequestToken="t1")
    with pytest.raises(ClientError) as raised:
        dynamodb.transact_write_items(TransactItems=[add(table, "a", 5)], ClientRequestToken="t1")
    assert error_code(raised.value) == "IdempotentParameterMismatchException"
    assert count(moto, table, "a") == 1


def test_a_failed_request_runs_again_under_its_token(
    proxy: DynamoDBProxy, moto: Moto, table: str
) -> None:
    dynamodb = client(proxy)
    guarded = add(table, "a")
    guarded["Update"]["ConditionExpression"] = "attribute_exists(PK)"
    with pytest.raises(ClientError) as raised:
        dynamodb.transact_write_items(TransactItems=[guarded], ClientRequestToken="t1")
    assert error_code(raised.value) == "TransactionCanceledException"
    dynamodb.put_item(TableName=table, Item={"PK": {"S": "a"}, "SK": {"S": "X"}, "n": {"N": "0"}})
    dynamodb.transact_write_items(TransactItems=[guarded], ClientRequestToken="t1")
    assert count(moto, table, "a") == 1


def _in_background(target: Any) -> tuple[threading.Thread, list[Any]]:
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(target())
        except Exception as error:  # handed to the test thread
            outcome.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def _wait_in_flight(proxy: DynamoDBProxy, items: int) -> None:
    deadline = time.monotonic() + 10
    while proxy.in_flight() < items:
        assert time.monotonic() < deadline, "the first transaction never got in flight"
        time.sleep(0.01)


def test_overlapping_transactions_on_one_item_conflict(
    proxy: DynamoDBProxy, moto: Moto, table: str
) -> None:
    first, second = client(proxy), client(proxy)
    with proxy.holding():
        thread, outcome = _in_background(
            lambda: first.transact_write_items(TransactItems=[add(table, "a"), add(table, "b")])
        )
        _wait_in_flight(proxy, 2)
        with pytest.raises(ClientError) as raised:
            second.transact_write_items(TransactItems=[add(table, "c"), add(table, "b")])
        reasons = raised.value.response["CancellationReasons"]
        assert [r["Code"] for r in reasons] == ["None", "TransactionConflict"]
        # A plain write to an item in flight fails too; one to another item does not.
        with pytest.raises(ClientError) as plain:
            second.put_item(TableName=table, Item={"PK": {"S": "a"}, "SK": {"S": "X"}})
        assert error_code(plain.value) == "TransactionConflictException"
        second.put_item(TableName=table, Item={"PK": {"S": "d"}, "SK": {"S": "X"}})
        assert {json.loads(key)["PK"]["S"] for _, key in proxy.conflicted} == {"a", "b"}
        assert count(moto, table, "a") is None  # still held: nothing applied yet
    thread.join()
    assert not isinstance(outcome[0], Exception), outcome
    assert (count(moto, table, "a"), count(moto, table, "b"), count(moto, table, "c")) == (
        1,
        1,
        None,
    )
    # Once the first is done, the same transaction goes through.
    second.transact_write_items(TransactItems=[add(table, "c"), add(table, "b")])
    assert (count(moto, table, "b"), count(moto, table, "c")) == (2, 1)


def test_a_retry_while_the_first_is_running_is_told_it_is_in_progress(
    proxy: DynamoDBProxy, table: str
) -> None:
    items = [add(table, "a")]
    with proxy.holding():
        thread, outcome = _in_background(
            lambda: client(proxy).transact_write_items(TransactItems=items, ClientRequestToken="t")
        )
        _wait_in_flight(proxy, 1)
        with pytest.raises(ClientError) as raised:
            client(proxy).transact_write_items(TransactItems=items, ClientRequestToken="t")
        assert error_code(raised.value) == "TransactionInProgressException"
    thread.join()
    assert not isinstance(outcome[0], Exception), outcome


def test_a_dropped_response_was_applied_and_an_sdk_retry_returns_its_answer(
    proxy: DynamoDBProxy, moto: Moto, table: str
) -> None:
    proxy.drop_responses("TransactWriteItems", lambda n: n == 0)
    with pytest.raises(ConnectionClosedError):
        client(proxy).transact_write_items(TransactItems=[add(table, "a")])
    assert count(moto, table, "a") == 1  # applied, though the client never heard

    # botocore keeps its generated token across its own retries: applied once, answered 200.
    proxy.drop_responses("TransactWriteItems", lambda n: n == 0)
    answer = client(proxy, attempts=3).transact_write_items(TransactItems=[add(table, "b")])
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert answer["ResponseMetadata"]["RetryAttempts"] == 1
    assert count(moto, table, "b") == 1
    assert proxy.stats["replayed"] == 1


def test_without_token_memory_an_sdk_retry_applies_twice(moto: Moto, table: str) -> None:
    """What moto alone does (and why the proxy exists)."""
    with DynamoDBProxy(moto.endpoint, remember_tokens=False) as forgetful:
        forgetful.drop_responses("TransactWriteItems", lambda n: n == 0)
        client(forgetful, attempts=3).transact_write_items(TransactItems=[add(table, "a")])
    assert count(moto, table, "a") == 2


def put_request(pk: str) -> dict[str, Any]:
    return {"PutRequest": {"Item": {"PK": {"S": pk}, "SK": {"S": "X"}, "n": {"N": "1"}}}}


def test_a_batch_write_leaves_the_scheduled_requests_unprocessed(
    proxy: DynamoDBProxy, moto: Moto, table: str
) -> None:
    proxy.leave_unprocessed(lambda n: n % 2 == 1)
    requests = [put_request(f"p{n}") for n in range(6)]
    answer = client(proxy).batch_write_item(RequestItems={table: requests})
    assert answer["UnprocessedItems"] == {table: requests[1::2]}  # in the request's format
    assert [count(moto, table, f"p{n}") for n in range(6)] == [1, None] * 3
    again = client(proxy).batch_write_item(RequestItems=answer["UnprocessedItems"])
    assert again["UnprocessedItems"] == {table: [requests[3]]}  # numbering goes on: 6, 7, 8
    assert proxy.stats["unprocessed"] == 4


def test_batch_put_sends_unprocessed_items_again_until_all_are_in(
    proxy: DynamoDBProxy, moto: Moto, table: str
) -> None:
    proxy.leave_unprocessed(lambda n: n % 3 == 0)  # one of every three left, each time
    store = DynamoDBTable(client(proxy, attempts=3), table, SCHEMA, proxy.url)
    store.batch_put([{"PK": f"p{n}", "SK": "X", "n": n} for n in range(60)])
    assert [count(moto, table, f"p{n}") for n in range(60)] == list(range(60))
    assert proxy.stats["unprocessed"] > 20  # items were left, some more than once
    assert proxy.stats["batch_writes"] > 3  # more calls than 60 items in 25s need
