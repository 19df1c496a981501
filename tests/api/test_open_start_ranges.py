"""A range with an end and no start ("everything up to `endDate`"): every page, `total` and
the statistics agree with the sessions themselves, for one athlete and for everyone, at
month edges, before the first session and after the last. The count is all time less what
came after the end, and the offset is placed walking back from the end (costs:
tests/api/test_history_costs.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from training_tracker.domain.models import Athlete, TrainingSession
from training_tracker.store.bulk import bulk_items
from training_tracker.store.port import Table

ATHLETES = (Athlete(id="a1", name="Ann"), Athlete(id="a2", name="Bob"))
FIRST_DAY = date(2023, 11, 27)
ENDS = (
    date(2023, 11, 1),  # before the first session
    date(2023, 11, 30),  # a month's last day
    date(2024, 1, 1),  # a month's first day
    date(2024, 2, 17),  # mid-month
    date(2024, 12, 31),  # after the last session
)


def _sessions() -> list[TrainingSession]:
    made = datetime(2024, 1, 1, tzinfo=UTC)
    found = []
    for n in range(0, 400, 3):  # some days hold two sessions, some one athlete's only
        day = FIRST_DAY + timedelta(days=n)
        for athlete in ATHLETES[: 1 + n % 2]:
            found.append(
                TrainingSession(
                    id=f"s-{n:03}-{athlete.id}",
                    athlete_id=athlete.id,
                    athlete_name=athlete.name,
                    date=day,
                    duration=Decimal(20 + n % 11),
                    distance=Decimal(n % 7) + Decimal("0.5"),
                    created_at=made,
                    updated_at=made,
                )
            )
    return found


SESSIONS = _sessions()


def _newest_first(athlete_id: str | None, end: date) -> list[str]:
    kept = [s for s in SESSIONS if s.date <= end and athlete_id in (None, s.athlete_id)]
    return [s.id for s in sorted(kept, key=lambda s: (s.date, s.id), reverse=True)]


@pytest.fixture
def filled(table: Table, client: TestClient) -> TestClient:
    table.batch_put(bulk_items(ATHLETES, SESSIONS))
    return client


@pytest.mark.parametrize("athlete_id", [None, "a1"])
@pytest.mark.parametrize("end", ENDS, ids=str)
def test_every_page_up_to_an_end(filled: TestClient, athlete_id: str | None, end: date) -> None:
    expected = _newest_first(athlete_id, end)
    params: dict[str, Any] = {"endDate": end.isoformat(), "limit": 7}
    if athlete_id is not None:
        params["athleteId"] = athlete_id
    for offset in {*range(0, len(expected) + 1, 5), max(0, len(expected) - 1)}:
        answer = filled.get("/v1/training-sessions", params={**params, "offset": offset})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["pagination"]["total"] == len(expected), offset
        assert [s["id"] for s in body["data"]] == expected[offset : offset + 7], offset


@pytest.mark.parametrize("end", ENDS, ids=str)
def test_statistics_up_to_an_end(filled: TestClient, end: date) -> None:
    for athlete_id, path in (
        (None, "/v1/training-sessions/statistics"),
        ("a1", "/v1/athletes/a1/statistics"),
    ):
        kept = [s for s in SESSIONS if s.date <= end and athlete_id in (None, s.athlete_id)]
        answer = filled.get(path, params={"endDate": end.isoformat()})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["totalSessions"] == len(kept), path
        duration = sum((s.duration for s in kept), Decimal(0))
        assert body["totalDuration"] == round(float(duration), 2), path
