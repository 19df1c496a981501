"""The access log: one record per request with its id, principal, route, status, latency and
the DynamoDB calls it made; JSON lines when asked; never the token."""

from __future__ import annotations

import io
import json
import logging
import re

import pytest

from tests.conftest import DynamoCounter
from tests.ops.conftest import AppFactory, Records, new_token
from training_tracker.ops.access_log import RequestIds
from training_tracker.ops.logs import JsonFormatter
from training_tracker.store.dynamodb import DynamoDBTable
from training_tracker.store.port import Table


def test_a_request_is_logged_with_its_principal_route_and_store_calls(
    make_client: AppFactory, store: Table, access_log: Records, counter: DynamoCounter
) -> None:
    token = new_token(store)
    client = make_client()
    auth = {"Authorization": f"Bearer {token.secret}"}
    athlete = client.post("/v1/athletes", json={"name": "Ada"}, headers=auth).json()
    access_log.records.clear()
    counter.reset()
    answer = client.get(f"/v1/athletes/{athlete['id']}", headers={**auth, "X-Request-Id": "req-42"})
    assert answer.headers["X-Request-Id"] == "req-42"
    [fields] = access_log.fields()
    assert fields["request_id"] == "req-42"
    assert fields["method"] == "GET"
    assert fields["route"] == "/v1/athletes/{athlete_id}"
    assert fields["path"] == f"/v1/athletes/{athlete['id']}"
    assert fields["status"] == 200
    assert fields["latency_ms"] > 0
    assert (fields["principal"], fields["role"]) == (token.record.token_id, "admin")
    if isinstance(store, DynamoDBTable):
        # The same calls botocore saw: the token lookup (unless cached) and the athlete.
        assert fields["store_requests"] == counter.requests >= 1
        assert sum(fields["store_operations"].values()) == counter.requests
        assert fields["store_operations"]["GetItem"] == counter.operations.count("GetItem")
        assert fields["store_capacity_units"] > 0
    else:
        assert fields["store_requests"] == 0  # only DynamoDB calls are accounted
    logged = "\n".join(
        r.getMessage() + json.dumps(getattr(r, "fields", {})) for r in access_log.records
    )
    assert token.secret not in logged


def test_refused_and_unrouted_requests_are_logged_too(
    make_client: AppFactory, access_log: Records
) -> None:
    client = make_client()
    client.get("/v1/athletes", headers={"Authorization": "Bearer nope"})
    client.get("/nowhere/" + "x" * 50)
    client.put("/v1/athletes/a1", content=b"x" * 2_000_000)  # refused before routing
    client.get("/app/main.js")  # a mounted static app
    client.get("/docs")  # a plain route, outside the OpenAPI schema
    refused, unrouted, too_large, static, docs = access_log.fields()
    assert (too_large["status"], too_large["route"]) == (413, "/v1/athletes/{athlete_id}")
    assert (static["status"], static["route"]) == (200, "/app/{file}")
    assert (docs["status"], docs["route"]) == (200, "/docs")
    assert (refused["status"], refused["principal"], refused["route"]) == (
        401,
        None,
        "/v1/athletes",
    )
    assert (unrouted["status"], unrouted["route"]) == (404, "(unmatched)")
    assert "nope" not in json.dumps(refused)


@pytest.mark.parametrize("sent", [None, "has space", "x" * 129, "émoji"])
def test_a_missing_or_unsafe_request_id_is_replaced(
    make_client: AppFactory, access_log: Records, sent: str | None
) -> None:
    headers = {} if sent is None else {"X-Request-Id": sent.encode()}
    answer = make_client().get("/healthz", headers=headers)
    given = answer.headers["X-Request-Id"]
    assert given != sent
    assert re.fullmatch(r"[0-9a-f]{32}", given)
    assert access_log.fields()[0]["request_id"] == given


def test_json_lines_carry_the_fields_and_the_request_id_of_records_logged_inside(
    make_client: AppFactory, store: Table
) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("training_tracker")
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.INFO)
    try:
        client = make_client(auth_mode="open")
        client.post("/v1/athletes", json={"name": "Ada"}, headers={"X-Request-Id": "json-1"})
        client.get("/v1/athletes/missing", headers={"X-Request-Id": "json-2"})
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    access = [line for line in lines if line["logger"] == "training_tracker.access"]
    assert [(a["request_id"], a["status"], a["route"]) for a in access] == [
        ("json-1", 201, "/v1/athletes"),
        ("json-2", 404, "/v1/athletes/{athlete_id}"),
    ]
    assert access[0]["principal"] == "anonymous"
    assert access[0]["level"] == "INFO"
    assert all(isinstance(a["store_operations"], dict) for a in access)


def test_new_request_ids_are_distinct_and_a_forked_worker_draws_its_own_prefix() -> None:
    ids = RequestIds()
    first, second = ids.new(), ids.new()
    assert first != second
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert re.fullmatch(r"[0-9a-f]{32}", second)
    ids.restart()  # what os.register_at_fork runs in a child process
    assert ids.new()[:20] != first[:20]
