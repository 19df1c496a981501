"""The Lambda handler answers exactly as a real `serve` process does, request for request.

Both run on moto_server, each on its own table: the handler in-process, fed HTTP API (2.0)
events; the server over HTTP, with JSON logs and metrics on, so its real log lines and its
/metrics text are checked here too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.deploy import scenario
from tests.deploy.gateway import LambdaClient
from tests.e2e.conftest import Moto, Processes, Server, clean_env, start_server
from training_tracker.app import create_app
from training_tracker.config import AuthMode, Settings
from training_tracker.domain.access import Role
from training_tracker.lambda_handler import adapter_for
from training_tracker.ops.store_calls import instrument_client
from training_tracker.services.tokens import NewToken, TokenService
from training_tracker.store.dynamodb import DynamoDBTable
from training_tracker.store.keys import SCHEMA
from training_tracker.store.originals import S3Originals
from training_tracker.store.repository import Repository
from training_tracker.store.tokens import TokenStore

METRICS_TOKEN = "parity-metrics-token"


@dataclass
class Parity:
    server: Server
    server_token: NewToken
    lambda_steps: list[scenario.Step]
    server_steps: list[scenario.Step]


def tracker_table(moto: Moto, name: str) -> DynamoDBTable:
    moto.create_tracker_table(name)
    return DynamoDBTable(instrument_client(moto.client()), name, SCHEMA, moto.endpoint)


def admin_token(table: DynamoDBTable) -> NewToken:
    service = TokenService(TokenStore(table, page_size=100), Repository(table, page_size=100))
    return service.create(Role.ADMIN, name="parity")


@pytest.fixture(scope="module")
def parity(
    moto: Moto, session_processes: Processes, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Parity]:
    served, handled = tracker_table(moto, "parity-serve"), tracker_table(moto, "parity-lambda")
    s3 = boto3.client(
        "s3",
        endpoint_url=moto.endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    for bucket in ("parity-serve-originals", "parity-lambda-originals"):
        s3.create_bucket(Bucket=bucket)
    env = clean_env(
        DYNAMODB_TABLE_NAME="parity-serve",
        DYNAMODB_ENDPOINT=moto.endpoint,
        ORIGINALS_BUCKET="parity-serve-originals",
        ORIGINALS_ENDPOINT=moto.endpoint,
        AUTH_MODE="required",
        QUERY_PAGE_SIZE="2",
        LOG_FORMAT="json",
        METRICS_ENABLED="true",
        METRICS_TOKEN=METRICS_TOKEN,
    )
    server = start_server(session_processes, tmp_path_factory.mktemp("parity"), env)
    settings = Settings(
        auth_mode=AuthMode.REQUIRED,
        query_page_size=2,
        metrics_enabled=True,
        metrics_token=METRICS_TOKEN,
    )
    originals = S3Originals(s3, "parity-lambda-originals")
    function = LambdaClient(adapter_for(create_app(settings, handled, originals)))
    server_token = admin_token(served)
    lambda_steps = scenario.run(function, admin_token(handled).secret)
    server_steps = scenario.run(scenario.HttpClient(server.url), server_token.secret)
    yield Parity(server, server_token, lambda_steps, server_steps)
    served.close()
    handled.close()


def test_every_answer_is_the_same_over_lambda_and_over_http(parity: Parity) -> None:
    assert len(parity.lambda_steps) == len(parity.server_steps) > 30
    for through_lambda, over_http in zip(parity.lambda_steps, parity.server_steps, strict=True):
        assert scenario.normalized(through_lambda) == scenario.normalized(over_http)


def access_lines(server: Server) -> list[dict[str, Any]]:
    lines = [line for line in server.process.log().splitlines() if line.startswith("{")]
    records = [json.loads(line) for line in lines]
    return [r for r in records if r["logger"] == "training_tracker.access"]


def test_the_server_logs_one_json_line_per_request_without_the_token(parity: Parity) -> None:
    log = parity.server.process.log()
    assert parity.server_token.secret not in log
    by_id = {r["request_id"]: r for r in access_lines(parity.server) if r["request_id"]}
    for n, step in enumerate(parity.server_steps):
        if step.label in {"liveness", "readiness"}:  # probes log at DEBUG only
            assert f"scenario-{n:02d}" not in by_id
            continue
        record = by_id[f"scenario-{n:02d}"]
        assert record["status"] == step.answer.status, step.label
        assert record["latency_ms"] > 0
    numbers = {step.label: n for n, step in enumerate(parity.server_steps)}

    def record_of(label: str) -> dict[str, Any]:
        return by_id[f"scenario-{numbers[label]:02d}"]

    created = record_of("create Ada")
    assert (created["route"], created["principal"], created["role"]) == (
        "/v1/athletes",
        parity.server_token.record.token_id,
        "admin",
    )
    # the athlete and its count in the athletes count, in one transaction
    assert created["store_operations"].get("TransactWriteItems") == 1
    assert created["store_capacity_units"] > 0
    page = record_of("page by cursor")
    assert page["route"] == "/v1/training-sessions"
    assert page["store_operations"].get("Query", 0) >= 1
    assert record_of("no token")["principal"] is None  # refused: no token, no principal


def test_the_server_metrics_count_what_it_served(parity: Parity) -> None:
    url = parity.server.url + "/metrics"
    assert httpx.get(url, timeout=10).status_code == 401
    text = httpx.get(url, headers={"Authorization": f"Bearer {METRICS_TOKEN}"}, timeout=10).text
    counts: dict[tuple[str, str, str], float] = {}
    store_calls: dict[str, float] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "training_tracker_http_requests_total":
                labels = sample.labels
                counts[(labels["method"], labels["route"], labels["status"])] = sample.value
            if sample.name == "training_tracker_store_calls_total":
                store_calls[sample.labels["operation"]] = sample.value
    assert counts[("POST", "/v1/training-sessions", "201")] == 4
    assert counts[("GET", "/v1/athletes", "401")] == 3
    assert counts[("POST", "/v1/athletes", "413")] == 1
    assert counts[("GET", "/healthz", "200")] == 1
    assert {"GetItem", "Query", "PutItem", "TransactWriteItems"} <= store_calls.keys()
