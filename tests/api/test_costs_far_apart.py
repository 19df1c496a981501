"""Costs a client could inflate, counted by botocore on moto at two sizes of the inflating
input: how far apart the dates are, and how many months create/delete churn has touched.
Neither may change what a request costs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from tests.api.test_costs import Cost
from tests.conftest import LOCAL_URL, DynamoCounter, counted_dynamodb
from tests.store.invariants import scan_all
from training_tracker.app import create_app
from training_tracker.config import Settings
from training_tracker.store import keys
from training_tracker.store.dynamodb import DynamoDBTable


@contextmanager
def api(tmp_path: Path) -> Iterator[tuple[TestClient, DynamoCounter, DynamoDBTable]]:
    with counted_dynamodb() as (table, counter):
        settings = Settings(sqlite_path=tmp_path / "unused.sqlite3", query_page_size=100)
        with TestClient(create_app(settings, table), base_url=LOCAL_URL) as client:
            yield client, counter, table


def cost(client: TestClient, counter: DynamoCounter, path: str, **params: Any) -> Cost:
    counter.reset()
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return Cost(counter.requests, counter.items_read)


def post(client: TestClient, athlete_id: str, day: str) -> dict[str, Any]:
    body = {"athlete_id": athlete_id, "date": day, "duration": 30, "distance": 5, "rpe": 5}
    response = client.post("/v1/training-sessions", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


def totals_items(table: DynamoDBTable) -> list[dict[str, Any]]:
    kinds = {keys.DAY_TOTALS_TYPE, keys.MONTH_TOTALS_TYPE}
    return [i for i in scan_all(table) if i.get("type") in kinds]


def test_a_cursor_page_skips_the_months_between_far_apart_sessions(tmp_path: Path) -> None:
    costs = {}
    for far in ("2026-06-30", "2199-12-31"):  # 2 years or 175 years after the rest
        with api(tmp_path) as (client, counter, _):
            athlete = client.post("/v1/athletes", json={"name": "Ann"}).json()["id"]
            for day in ("2024-05-01", "2024-05-02", "2024-04-03", far):
                post(client, athlete, day)
            first = client.get("/v1/training-sessions", params={"limit": 1}).json()
            assert first["data"][0]["date"] == far
            cursor = first["pagination"]["nextCursor"]  # just after the far session
            costs[far] = cost(client, counter, "/v1/training-sessions", limit=1, cursor=cursor)
            page = client.get("/v1/training-sessions", params={"limit": 1, "cursor": cursor})
            assert [s["date"] for s in page.json()["data"]] == ["2024-05-02"]
    assert costs["2026-06-30"] == costs["2199-12-31"], costs
    # the far month's bucket (where the cursor is), the month totals page that finds May,
    # May's bucket, and the month totals behind `total`
    assert costs["2199-12-31"].requests <= 4


def test_deleting_the_last_session_of_a_period_removes_its_totals(tmp_path: Path) -> None:
    with api(tmp_path) as (client, counter, table):
        athlete = client.post("/v1/athletes", json={"name": "Ann"}).json()["id"]
        baseline = {
            "statistics": cost(client, counter, "/v1/training-sessions/statistics"),
            "list": cost(client, counter, "/v1/training-sessions", limit=5),
        }
        # create/delete churn across 36 months, each session moved once before it goes
        moved = {"athlete_id": athlete, "date": "1950-01-01", "duration": 30, "distance": 5}
        for month in range(36):
            session = post(client, athlete, f"{2000 + month // 12}-{month % 12 + 1:02d}-15")
            assert client.put(f"/v1/training-sessions/{session['id']}", json=moved).is_success
            assert client.delete(f"/v1/training-sessions/{session['id']}").status_code == 204
        assert totals_items(table) == []
        after = {
            "statistics": cost(client, counter, "/v1/training-sessions/statistics"),
            "list": cost(client, counter, "/v1/training-sessions", limit=5),
        }
        assert after == baseline
        # with one session left, the list and a cursor walk read only around it
        kept = post(client, athlete, "2024-01-01")
        post(client, athlete, "1990-01-01")
        assert {re.sub(r"#\d\d$", "", i[keys.SK]) for i in totals_items(table)} == {  # unsharded
            f"{prefix}{suffix}"
            for prefix, suffix in (
                ("DAY#", "2024-01-01"),
                ("DAY#", "1990-01-01"),
                ("MONTH#", "2024-01"),
                ("MONTH#", "1990-01"),
            )
        }
        first = client.get("/v1/training-sessions", params={"limit": 1}).json()
        assert first["data"][0]["id"] == kept["id"]
        walk = cost(
            client,
            counter,
            "/v1/training-sessions",
            limit=1,
            cursor=first["pagination"]["nextCursor"],
        )
        # the page, `after`, the month totals found on the way and behind `total`
        assert walk.items_read <= 1 + 1 + 2 + 2


def test_training_load_far_from_the_history_costs_the_same(tmp_path: Path) -> None:
    costs = {}
    with api(tmp_path) as (client, counter, _):
        athlete = client.post("/v1/athletes", json={"name": "Ann"}).json()["id"]
        for day in ("1900-01-01", "2024-04-01", "2024-04-02"):
            post(client, athlete, day)
        for name, start, end in (
            ("near", "2024-04-01", "2024-05-31"),
            ("far", "2199-11-01", "2199-12-31"),
            ("early", "1900-01-01", "1900-02-28"),
        ):
            costs[name] = cost(
                client,
                counter,
                f"/v1/athletes/{athlete}/training-load",
                startDate=start,
                endDate=end,
            )
        board = {
            on: cost(client, counter, "/v1/training-load", date=on)
            for on in ("2024-04-02", "2199-12-31")
        }
    # the athlete, then one Query of the day totals in the warm-up and the range, and one of
    # the planned sessions (none here)
    assert costs["near"] == Cost(3, 1 + 2)  # 1900's session lies far before the warm-up
    assert costs["far"] == Cost(3, 1 + 0)
    assert costs["early"] == Cost(3, 1 + 1)
    # the athletes' page and the athletes count (one shard in use), then per athlete one
    # Query of its day totals and one of its wellness (for the trends); a future date also
    # reads its plans up to that day
    assert board["2024-04-02"] == Cost(4, 1 + 1 + 2)
    assert board["2199-12-31"] == Cost(5, 1 + 1 + 0)
