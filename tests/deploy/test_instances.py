"""Two Lambda instances (two apps) on one table agree on everything a client can notice:
tokens, idempotent replays and pagination cursors, configured as the template configures them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import counted_dynamodb
from tests.deploy.gateway import LambdaClient
from training_tracker import lambda_handler
from training_tracker.app import create_app
from training_tracker.config import AuthMode, Settings
from training_tracker.domain.access import Role
from training_tracker.services.tokens import TokenService
from training_tracker.store.dynamodb import DynamoDBTable
from training_tracker.store.repository import Repository
from training_tracker.store.tokens import TokenStore


def deployed_settings() -> Settings:
    """What the template's environment gives every instance."""
    return Settings(auth_mode=AuthMode.REQUIRED, token_cache_seconds=30)


def tokens(table: DynamoDBTable) -> TokenService:
    return TokenService(TokenStore(table, page_size=100), Repository(table, page_size=100))


@pytest.fixture
def instances() -> Iterator[tuple[LambdaClient, LambdaClient, DynamoDBTable]]:
    with counted_dynamodb() as (table, _):
        first, second = (
            LambdaClient(lambda_handler.adapter_for(create_app(deployed_settings(), table)))
            for _ in range(2)
        )
        yield first, second, table


def test_tokens_idempotency_and_cursors_hold_across_instances(
    instances: tuple[LambdaClient, LambdaClient, DynamoDBTable],
) -> None:
    first, second, table = instances
    secret = tokens(table).create(Role.COACH).secret
    auth = {"authorization": f"Bearer {secret}"}
    ada = first.request("POST", "/v1/athletes", headers=auth, json_body={"name": "Ada"}).json()
    for day in ("2024-05-01", "2024-05-02", "2024-05-03"):
        body = {"athlete_id": ada["id"], "date": day, "duration": 30, "distance": 5}
        assert (
            first.request("POST", "/v1/training-sessions", headers=auth, json_body=body).status
            == 201
        )

    retry = {**auth, "idempotency-key": "k-1"}
    made = first.request("POST", "/v1/athletes", headers=retry, json_body={"name": "Bo"})
    replayed = second.request("POST", "/v1/athletes", headers=retry, json_body={"name": "Bo"})
    assert (made.status, replayed.status) == (201, 201)
    assert replayed.json() == made.json()
    assert replayed.headers["idempotent-replayed"] == "true"

    query = [("athleteId", ada["id"]), ("limit", "2")]
    page = first.request("GET", "/v1/training-sessions", headers=auth, query=query).json()
    cursor = page["pagination"]["nextCursor"]
    rest = second.request(
        "GET", "/v1/training-sessions", headers=auth, query=[*query, ("cursor", cursor)]
    )
    assert rest.status == 200
    assert [s["date"] for s in rest.json()["data"]] == ["2024-05-01"]


def test_a_revoked_token_is_refused_by_an_instance_that_never_cached_it(
    instances: tuple[LambdaClient, LambdaClient, DynamoDBTable],
) -> None:
    first, second, table = instances
    service = tokens(table)
    new = service.create(Role.ADMIN)
    auth = {"authorization": f"Bearer {new.secret}"}
    assert first.request("GET", "/v1/athletes", headers=auth).status == 200  # now cached there
    service.revoke(new.record.token_id)
    assert second.request("GET", "/v1/athletes", headers=auth).status == 401
    # The first keeps it up to TOKEN_CACHE_SECONDS: the documented per-instance effect.
    assert first.request("GET", "/v1/athletes", headers=auth).status == 200
