"""Does a read grow with an athlete's history? Three athletes with one session a day for 1,
5 and 10 years, each in a store of its own, and the same calls on each.

Requests and items read are counted by the table's meter, so they are exact; the athletes
list and the board run on a store holding only these athletes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from fastapi.testclient import TestClient

from bench.engines import sqlite_store
from bench.fill import Dataset, load
from training_tracker.app import create_app
from training_tracker.domain.models import Athlete, TrainingSession

YEARS = (1, 5, 10)
LAST_DAY = date(2025, 12, 31)
CALLS: list[tuple[str, str]] = [
    ("list, first page", "/v1/training-sessions?athleteId={a}&limit=20"),
    ("list, offset=100", "/v1/training-sessions?athleteId={a}&limit=20&offset=100"),
    ("list, next page by cursor", "cursor"),
    ("list, one year", "/v1/training-sessions?athleteId={a}&limit=20&startDate=2025-01-01"),
    ("statistics, all time", "/v1/athletes/{a}/statistics"),
    ("everyone's statistics, all time", "/v1/training-sessions/statistics"),
    ("everyone's list, first page", "/v1/training-sessions?limit=20"),
    ("everyone's list, offset=100", "/v1/training-sessions?limit=20&offset=100"),
    ("training load, 42 days", "/v1/athletes/{a}/training-load?endDate=2025-12-31"),
    ("coach's board, one page", "/v1/training-load?date=2025-12-31&limit=20"),
]


@dataclass
class Row:
    call: str
    requests: list[int]
    items_read: list[int]


def history(years: int, seed: int = 11) -> Dataset:
    rng = random.Random(seed + years)
    athlete_id = f"history-{years}y"
    sessions = []
    first = LAST_DAY - timedelta(days=round(365.25 * years) - 1)
    day = first
    while day <= LAST_DAY:
        logged = datetime.combine(day, time(7), tzinfo=UTC)
        duration = Decimal(rng.randrange(20, 120))
        sessions.append(
            TrainingSession(
                id=f"{athlete_id}-{day.isoformat()}",
                athlete_id=athlete_id,
                athlete_name=f"Athlete {years}y",
                date=day,
                duration=duration,
                distance=(duration / 6).quantize(Decimal("0.01")),
                created_at=logged,
                updated_at=logged,
            )
        )
        day += timedelta(days=1)
    athlete = Athlete(id=athlete_id, name=f"Athlete {years}y", session_count=len(sessions))
    return Dataset([athlete], sessions)


def measure_history(workdir: Path) -> list[Row]:
    rows = {name: Row(name, [], []) for name, _ in CALLS}
    for years in YEARS:
        data = history(years)
        store = sqlite_store(workdir / f"history-{years}y.sqlite3")
        load(store.table, data)
        athlete = data.athletes[0].id
        with TestClient(
            create_app(store.settings, store.table), base_url="http://localhost"
        ) as client:
            # the first cursor a server signs reads (or creates) the shared secret: not counted
            client.get(f"/v1/training-sessions?athleteId={athlete}&limit=1")
            for name, url in CALLS:
                if url == "cursor":
                    first = client.get(f"/v1/training-sessions?athleteId={athlete}&limit=20")
                    cursor = first.json()["pagination"]["nextCursor"]
                    url = f"/v1/training-sessions?athleteId={athlete}&limit=20&cursor={cursor}"
                store.table.meter.reset()
                response = client.get(url.format(a=athlete))
                if response.status_code != 200:
                    raise RuntimeError(f"{url} -> {response.status_code}: {response.text[:300]}")
                rows[name].requests.append(store.table.meter.requests)
                rows[name].items_read.append(store.table.meter.items_read)
        store.table.close()
    return list(rows.values())


def history_rows(rows: list[Row]) -> tuple[list[str], list[list[str]]]:
    header = ["call", *(f"requests {y}y" for y in YEARS), *(f"items read {y}y" for y in YEARS)]
    body = [
        [row.call, *(str(r) for r in row.requests), *(str(i) for i in row.items_read)]
        for row in rows
    ]
    return header, body
