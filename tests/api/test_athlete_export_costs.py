"""What an export costs in DynamoDB, counted by botocore: the athlete, then its sessions one
Query page at a time and nothing else, at two history sizes; and pages are read only as the
answer is sent, so memory holds one page however long the history."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from fastapi.testclient import TestClient
from httpx import Response

from tests.api.test_costs import Cost, World
from tests.conftest import LOCAL_URL, counted_dynamodb
from training_tracker.app import create_app
from training_tracker.config import Settings
from training_tracker.domain.models import Athlete, TrainingSession
from training_tracker.services.athlete_export import AthleteExportService
from training_tracker.store.bulk import bulk_items
from training_tracker.store.repository import Repository

PAGE = 100
ATHLETE = Athlete(id="athlete-x", name="X")
NEIGHBOUR = Athlete(id="athlete-y", name="Y")  # shares the table, never read
CREATED = datetime(2020, 1, 1, tzinfo=UTC)


def _sessions(athlete: Athlete, count: int) -> list[TrainingSession]:
    return [
        TrainingSession(
            id=f"{athlete.id}-{n:05}",
            athlete_id=athlete.id,
            athlete_name=athlete.name,
            date=date(2025, 12, 31) - timedelta(days=n // 3),
            duration=Decimal(30 + n % 7),
            distance=Decimal("5.5"),
            created_at=CREATED,
            updated_at=CREATED,
        )
        for n in range(count)
    ]


@contextmanager
def history(count: int, tmp_path: Path) -> Iterator[World]:
    with counted_dynamodb() as (table, counter):
        settings = Settings(sqlite_path=tmp_path / "unused.sqlite3", query_page_size=PAGE)
        with TestClient(create_app(settings, table), base_url=LOCAL_URL) as client:
            sessions = _sessions(ATHLETE, count) + _sessions(NEIGHBOUR, 150)
            table.batch_put(bulk_items([ATHLETE, NEIGHBOUR], sessions))
            world = World(client, counter, [ATHLETE.id], "")
            table._client.meta.events.register(
                "before-parameter-build.dynamodb",
                lambda params, **_: world.sent.append(dict(params)),
            )
            yield world


def test_items_read_are_the_sessions_exported_plus_the_athlete(tmp_path: Path) -> None:
    for count in (250, 1000):  # 2.5 and 10 pages
        with history(count, tmp_path) as world:
            answers: dict[str, Response] = {}
            for kind in ("csv", "json"):
                url = f"/v1/athletes/{ATHLETE.id}/export?format={kind}"
                cost = world.cost(lambda c, url=url, got=answers: got.setdefault(url, c.get(url)))
                text = answers[url].text
                exported = (
                    len(list(csv.reader(io.StringIO(text, newline="")))) - 1
                    if kind == "csv"
                    else text.count('"athlete_id"')
                )
                assert exported == count, kind
                # One GetItem for the athlete, then one Query per page of 100. A last page
                # that comes out exactly full may still carry a LastEvaluatedKey (DynamoDB
                # does; moto does not), costing one more Query that reads nothing.
                pages = -(-count // PAGE)
                queries = len(world.counter.operations) - 1
                assert world.counter.operations == ["GetItem"] + ["Query"] * queries
                assert queries in ((pages, pages + 1) if count % PAGE == 0 else (pages,))
                assert cost == Cost(1 + queries, count + 1), kind
                print(f"\nexport of {count} sessions as {kind}: {cost}")


def test_pages_are_read_only_as_the_export_is_taken(tmp_path: Path) -> None:
    with counted_dynamodb() as (table, counter):
        table.batch_put(bulk_items([ATHLETE], _sessions(ATHLETE, 250)))
        service = AthleteExportService(Repository(table, page_size=PAGE))
        counter.reset()
        export = service.open(ATHLETE.id)
        # the athlete and the first page, before anything is sent
        assert (counter.requests, counter.items_read) == (2, 1 + PAGE)
        taken = [next(export.sessions) for _ in range(PAGE)]
        assert counter.requests == 2  # the first page is all that is in hand
        taken.append(next(export.sessions))
        assert (counter.requests, counter.items_read) == (3, 1 + 2 * PAGE)
        taken += list(export.sessions)
        assert (counter.requests, counter.items_read) == (4, 1 + 250)
        assert [s.id for s in taken] == [
            s.id for s in sorted(_sessions(ATHLETE, 250), key=lambda s: (s.date, s.id))
        ]
