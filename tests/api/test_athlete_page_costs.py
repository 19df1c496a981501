"""A page of athletes reads its own athletes (and one more), whatever the number of athletes."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from tests.api.test_costs import Cost
from tests.conftest import LOCAL_URL, counted_dynamodb
from training_tracker.app import create_app
from training_tracker.config import Settings
from training_tracker.domain.models import Athlete
from training_tracker.store.bulk import bulk_items


def _costs(athletes: int, tmp_path: Path) -> tuple[Cost, Cost, Cost]:
    with counted_dynamodb() as (table, counter):
        table.batch_put(
            bulk_items([Athlete(id=f"a{n:03}", name=f"N{n:03}") for n in range(athletes)], [])
        )
        settings = Settings(sqlite_path=tmp_path / "unused.sqlite3", query_page_size=100)
        with TestClient(create_app(settings, table), base_url=LOCAL_URL) as client:
            client.get("/v1/athletes", params={"limit": 1})  # the cursor secret, read once
            counts = []
            url = "/v1/athletes?limit=5"
            for _ in range(2):  # the first page, then the one its Link names
                counter.reset()
                page = client.get(url)
                assert page.status_code == 200
                counts.append(Cost(counter.requests, counter.items_read))
                url = page.headers["link"].split(">")[0].lstrip("<")
            counter.reset()
            assert client.get("/v1/athletes").status_code == 200
            return counts[0], counts[1], Cost(counter.requests, counter.items_read)


def test_a_page_of_athletes_costs_the_same_among_20_or_200(tmp_path: Path) -> None:
    small, big = _costs(20, tmp_path), _costs(200, tmp_path)
    assert small[:2] == big[:2] == (Cost(1, 6), Cost(1, 6))  # the page and one more
    assert (small[2], big[2]) == (Cost(1, 20), Cost(2, 200))  # v1's whole list grows
