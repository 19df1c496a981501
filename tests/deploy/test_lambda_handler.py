"""The Lambda handler driven with genuine HTTP API (2.0) events against DynamoDB on moto."""

from __future__ import annotations

import json
from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

from tests.conftest import DynamoCounter, counted_dynamodb
from tests.deploy import scenario
from tests.deploy.gateway import LambdaClient, http_api_event, invoke
from training_tracker import iam, lambda_handler
from training_tracker.app import create_app
from training_tracker.config import AuthMode, Settings
from training_tracker.domain.access import Role
from training_tracker.services.tokens import TokenService
from training_tracker.store.dynamodb import DynamoDBTable
from training_tracker.store.keys import SCHEMA
from training_tracker.store.originals import S3Originals
from training_tracker.store.port import Table
from training_tracker.store.repository import Repository
from training_tracker.store.tokens import TokenStore


def admin_token(table: Table) -> str:
    service = TokenService(TokenStore(table, page_size=100), Repository(table, page_size=100))
    return service.create(Role.ADMIN, name="scenario").secret


@pytest.fixture
def gateway() -> Iterator[tuple[LambdaClient, str, DynamoCounter]]:
    with counted_dynamodb() as (table, counter):
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="originals")
        settings = Settings(auth_mode=AuthMode.REQUIRED, query_page_size=2)
        app = create_app(settings, table, S3Originals(s3, "originals"))
        client = LambdaClient(lambda_handler.adapter_for(app))
        token = admin_token(table)
        counter.reset()
        yield client, token, counter


def test_every_kind_of_request_gets_the_answer_the_api_promises(
    gateway: tuple[LambdaClient, str, DynamoCounter],
) -> None:
    client, token, _ = gateway
    steps = {step.label: step.answer for step in scenario.run(client, token)}
    statuses = {label: answer.status for label, answer in steps.items()}
    assert statuses == {
        "liveness": 200,
        "readiness": 200,
        "no token": 401,
        "basic scheme": 401,
        "unknown token": 401,
        "create Ada": 201,
        "create Bea": 201,
        "list athletes": 200,
        "athlete by id": 200,
        "session 2024-05-01": 201,
        "session 2024-05-03": 201,
        "session 2024-05-04": 201,
        "session in a base64 body": 201,
        "first page": 200,
        "page by cursor": 200,
        "repeated query name": 200,
        "forged cursor": 400,
        "reversed range": 200,
        "athlete statistics": 200,
        "everyone's statistics": 200,
        "training load": 200,
        "session by id": 200,
        "stale If-Match": 412,
        "rename": 200,
        "idempotent create, first": 201,
        "idempotent create, replay": 201,
        "broken JSON": 422,
        "invalid body": 422,
        "wrong type in query": 422,
        "too large": 413,
        "missing session": 404,
        "multipart upload": 200,
        "original file": 200,
        "delete session": 204,
        "deleted session": 404,
        "unknown route": 404,
        "wrong method": 405,
        "web app": 200,
        "web app module": 200,
        "root": 200,
    }
    assert steps["no token"].headers["www-authenticate"] == 'Bearer realm="training-tracker"'
    assert "invalid_token" in steps["unknown token"].headers["www-authenticate"]
    # The base64 body was decoded: the session holds what was sent.
    by_id = steps["session by id"].json()
    assert (by_id["date"], by_id["duration"]) == ("2024-05-05", 20)
    # The query string reached the app intact: 2 + 2 of 4 sessions, newest first, no overlap.
    first, second = steps["first page"].json(), steps["page by cursor"].json()
    dates = [s["date"] for s in first["data"] + second["data"]]
    assert dates == ["2024-05-05", "2024-05-04", "2024-05-03", "2024-05-01"]
    assert steps["repeated query name"].json()["pagination"]["limit"] == 3  # the last one wins
    assert steps["idempotent create, replay"].headers["idempotent-replayed"] == "true"
    assert steps["idempotent create, replay"].json() == steps["idempotent create, first"].json()
    assert steps["multipart upload"].json()["counts"]["created"] == 1
    # The decompressed original comes back byte for byte, whatever encoding carried it.
    assert steps["original file"].body == scenario.WALK
    assert steps["delete session"].body == b""
    assert "content-type" not in steps["delete session"].headers
    assert steps["web app"].headers["content-type"].startswith("text/html")
    assert b"<html" in steps["web app"].body.lower()
    assert steps["too large"].json()["error"] == "PAYLOAD_TOO_LARGE"
    # Each answer carries the request id the client sent.
    assert all(
        answer.headers["x-request-id"] == f"scenario-{n:02d}"
        for n, answer in enumerate(steps.values())
    )


def test_a_request_without_an_id_gets_api_gateways(
    gateway: tuple[LambdaClient, str, DynamoCounter],
) -> None:
    client, _, _ = gateway
    client.request("GET", "/healthz")
    event = client.events[-1]
    answer = client.request("GET", "/healthz")
    assert answer.headers["x-request-id"] == client.events[-1]["requestContext"]["requestId"]
    assert client.events[-1]["requestContext"]["requestId"] != event["requestContext"]["requestId"]
    forged = client.request("GET", "/healthz", headers={"x-request-id": "bad id\twith tab"})
    assert forged.headers["x-request-id"] == client.events[-1]["requestContext"]["requestId"]


def test_the_service_calls_only_the_dynamodb_actions_its_policy_grants(
    gateway: tuple[LambdaClient, str, DynamoCounter],
) -> None:
    client, token, counter = gateway
    scenario.run(client, token)
    used = {action for op in counter.operations for action in iam.OPERATION_ACTIONS[_snake(op)]}
    assert used, "the scenario made no DynamoDB call"
    assert used <= set(iam.SERVICE_ACTIONS), used - set(iam.SERVICE_ACTIONS)


def _snake(operation: str) -> str:
    from botocore import xform_name

    return str(xform_name(operation))


def test_the_module_handler_builds_the_app_from_the_environment_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As deployed: settings from the environment; no BIND_HOST, so tokens are required."""
    for name in ("AUTH_MODE", "BIND_HOST", "STORAGE_ENGINE", "DYNAMODB_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DYNAMODB_TABLE_NAME", "lambda-table")
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    monkeypatch.setattr(lambda_handler, "_handler", None)
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        DynamoDBTable(client, "lambda-table", SCHEMA, endpoint=None).ensure_table()
        ready = invoke(lambda_handler.handler, http_api_event("GET", "/readyz"))
        built = lambda_handler._handler
        refused = invoke(lambda_handler.handler, http_api_event("GET", "/v1/athletes"))
        assert lambda_handler._handler is built  # kept for the instance's next invocations
    assert (ready.status, json.loads(ready.body)["detail"]) == (200, "table status ACTIVE")
    assert refused.status == 401
