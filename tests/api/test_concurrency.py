"""Eight real threads update one session with If-Match, on both engines.

In-process moto is not thread-safe, so the Table is wrapped in a lock: each call to the store
is atomic (as one DynamoDB request is), but the threads' reads and conditional writes still
interleave freely between calls, which is the race If-Match has to win.
"""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import make_athlete, make_session
from tests.conftest import LOCAL_URL
from tests.store.invariants import assert_consistent
from training_tracker.app import create_app
from training_tracker.config import Settings
from training_tracker.store.port import Table

THREADS = 8
ROUNDS = 5


class Serialized:
    """A Table whose every call holds one lock."""

    def __init__(self, table: Table) -> None:
        self._table = table
        self._lock = threading.RLock()

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._table, name)
        if not callable(attribute):
            return attribute

        def locked(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                return attribute(*args, **kwargs)

        return locked


@pytest.mark.parametrize("with_if_match", [True, False])
def test_one_winner_per_version_and_no_lost_update(
    table: Table, tmp_path: Path, with_if_match: bool
) -> None:
    settings = Settings(sqlite_path=tmp_path / "unused", rate_limit_per_minute=0)
    app = create_app(settings, Serialized(table))  # type: ignore[arg-type]
    with TestClient(app, base_url=LOCAL_URL) as setup:
        athletes = [make_athlete(setup, f"A{n}") for n in range(2)]
        session = make_session(setup, athletes[0]["id"])
    url = f"/v1/training-sessions/{session['id']}"
    outcomes: list[Counter[int]] = []
    winners: list[dict[str, Any]] = []
    for round_ in range(ROUNDS):
        version = round_ + 1
        barrier = threading.Barrier(THREADS)
        statuses: Counter[int] = Counter()
        lock = threading.Lock()

        def contend(
            n: int,
            version: int,
            barrier: threading.Barrier,
            statuses: Counter[int],
            lock: threading.Lock,
        ) -> None:
            # Each thread its own client: TestClient without `with` runs every request on
            # its own event loop, so the eight really run at once.
            client = TestClient(app, base_url=LOCAL_URL)
            body = {
                "athlete_id": athletes[n % 2]["id"],  # half of them also move the session
                "date": f"2024-05-{n + 1:02}",
                "duration": 10 * version + n,
                "distance": n,
            }
            headers = {"If-Match": f'"{version}"'} if with_if_match else {}
            barrier.wait()
            response = client.put(url, json=body, headers=headers)
            with lock:
                statuses[response.status_code] += 1
                if response.status_code == 200:
                    winners.append(response.json())

        threads = [
            threading.Thread(target=contend, args=(n, version, barrier, statuses, lock))
            for n in range(THREADS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        outcomes.append(statuses)
    with TestClient(app, base_url=LOCAL_URL) as client:
        final = client.get(url)
    if with_if_match:
        assert all(o == Counter({200: 1, 412: THREADS - 1}) for o in outcomes), outcomes
        assert final.headers["ETag"] == f'"{ROUNDS + 1}"'
    else:  # v1 behaviour: every writer retries and lands, one after another
        assert sum(o[200] + o[409] for o in outcomes) == THREADS * ROUNDS, outcomes
        assert final.headers["ETag"] == f'"{1 + sum(o[200] for o in outcomes)}"'
    # No lost update: what is stored is exactly the last winner's answer.
    stored = final.json()
    assert any(w == stored for w in winners)
    assert max(winners, key=lambda w: w["updatedAt"])["duration"] is not None
    assert_consistent(table)
