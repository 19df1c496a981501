"""Two requests complete one plan at once on DynamoDB (moto server behind the test proxy,
which cancels a transaction touching an item another one holds in flight, as DynamoDB
does): the one that loses writes neither the session nor the mark."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import make_athlete
from tests.api.test_plans import make_plan, plans_url
from tests.conftest import LOCAL_URL
from tests.e2e.conftest import Moto
from tests.support.dynamodb_proxy import DynamoDBProxy
from training_tracker.app import create_app
from training_tracker.config import Settings
from training_tracker.store.dynamodb import DynamoDBTable, build_client
from training_tracker.store.keys import SCHEMA


@pytest.fixture
def proxy(moto: Moto) -> Iterator[DynamoDBProxy]:
    with DynamoDBProxy(moto.endpoint) as started:
        yield started


@pytest.fixture
def app(proxy: DynamoDBProxy, moto: Moto, tmp_path: Path) -> Any:
    name = f"complete-{uuid.uuid4().hex[:8]}"
    moto.create_tracker_table(name)
    settings = Settings(
        sqlite_path=tmp_path / "unused", dynamodb_endpoint=proxy.url, rate_limit_per_minute=0
    )
    return create_app(settings, DynamoDBTable(build_client(settings), name, SCHEMA, proxy.url))


def test_the_loser_of_a_transaction_conflict_writes_nothing(app: Any, proxy: DynamoDBProxy) -> None:
    with TestClient(app, base_url=LOCAL_URL) as client:
        athlete = make_athlete(client)["id"]
        plan = make_plan(client, athlete)
        url = f"{plans_url(athlete)}/{plan['id']}/complete"
        first: list[Any] = []
        with proxy.holding():
            # The first completion's transaction stays in flight, holding the plan's item...
            thread = threading.Thread(
                target=lambda: first.append(TestClient(app, base_url=LOCAL_URL).post(url))
            )
            thread.start()
            deadline = time.monotonic() + 10
            while proxy.in_flight() == 0:
                assert time.monotonic() < deadline, "the first completion never got in flight"
                time.sleep(0.01)
            # ...so every try of the second is cancelled whole, until it gives up.
            second = client.post(url)
            assert second.status_code == 409, second.text
            assert second.json()["error"] == "CONFLICT"
            assert proxy.conflicted, "the proxy saw no conflict: nothing was tested"
            listed = client.get("/v1/training-sessions", params={"athleteId": athlete})
            assert listed.json()["pagination"]["total"] == 0
            assert client.get(f"{plans_url(athlete)}/{plan['id']}").json()["sessionId"] is None
        thread.join()
        (done,) = first
        assert done.status_code == 201, done.text
        sessions = client.get("/v1/training-sessions", params={"athleteId": athlete}).json()
        assert [s["id"] for s in sessions["data"]] == [done.json()["id"]]
        marked = client.get(f"{plans_url(athlete)}/{plan['id']}").json()
        assert marked["sessionId"] == done.json()["id"]
        again = client.post(url)
        assert (again.status_code, again.json()["sessionId"]) == (409, done.json()["id"])
