"""Cost and latency of every v1 endpoint, called through the real app in-process.

Each call starts from a reset meter, so requests and items read are exactly that call's.
On DynamoDB, botocore's `after-call` hook counts the same things independently.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from bench.engines import Store
from bench.fill import DAYS, FIRST_DAY, Dataset
from training_tracker.app import create_app

RANGE = "startDate=2025-03-10&endDate=2025-05-20"  # two partial months and one whole one
LIMIT = 20


@dataclass(frozen=True)
class Call:
    method: str
    url: str
    body: dict[str, Any] | None = None


@dataclass
class Context:
    data: Dataset
    rng: random.Random
    created: list[str] = field(default_factory=list)
    renamed: int = 0

    def athlete(self) -> str:
        return self.rng.choice(self.data.athletes).id

    def session(self) -> str:
        return self.rng.choice(self.data.sessions).id

    def session_body(self) -> dict[str, Any]:
        day = FIRST_DAY.toordinal() + self.rng.randrange(DAYS)
        return {
            "athlete_id": self.athlete(),
            "date": date.fromordinal(day).isoformat(),
            "duration": float(self.rng.randrange(20, 120)),
            "distance": round(self.rng.uniform(3, 25), 2),
            "notes": "bench",
        }


@dataclass(frozen=True)
class Endpoint:
    name: str
    call: Callable[[Context], Call]
    writes: bool = False
    # How many calls to make, as a fraction of --reps (renames rewrite ~100 sessions each).
    share: float = 1.0


def _created(ctx: Context, pop: bool) -> str:
    return ctx.created.pop(0) if pop else ctx.created[ctx.rng.randrange(len(ctx.created))]


def _rename(ctx: Context) -> Call:
    athlete = ctx.data.athletes[ctx.renamed % len(ctx.data.athletes)]
    ctx.renamed += 1
    return Call("PUT", f"/v1/athletes/{athlete.id}", {"name": f"{athlete.name} r{ctx.renamed}"})


def _get(url: str) -> Callable[[Context], Call]:
    return lambda ctx: Call("GET", url.format(ctx=ctx, n=len(ctx.data.sessions)))


ENDPOINTS: list[Endpoint] = [
    Endpoint("GET /", _get("/")),
    Endpoint("GET /v1/athletes", _get("/v1/athletes")),
    Endpoint("GET /v1/athletes/{id}", lambda c: Call("GET", f"/v1/athletes/{c.athlete()}")),
    Endpoint(
        "GET /v1/athletes/{id}/statistics",
        lambda c: Call("GET", f"/v1/athletes/{c.athlete()}/statistics"),
    ),
    Endpoint(
        "GET /v1/athletes/{id}/statistics?range",
        lambda c: Call("GET", f"/v1/athletes/{c.athlete()}/statistics?{RANGE}"),
    ),
    Endpoint("GET /v1/training-sessions", _get(f"/v1/training-sessions?limit={LIMIT}")),
    Endpoint(
        "GET /v1/training-sessions?athleteId",
        lambda c: Call("GET", f"/v1/training-sessions?athleteId={c.athlete()}&limit={LIMIT}"),
    ),
    Endpoint(
        "GET /v1/training-sessions?range",
        _get(f"/v1/training-sessions?{RANGE}&limit={LIMIT}"),
    ),
    Endpoint(
        "GET /v1/training-sessions?athleteId&range",
        lambda c: Call(
            "GET", f"/v1/training-sessions?athleteId={c.athlete()}&{RANGE}&limit={LIMIT}"
        ),
    ),
    Endpoint(
        "GET /v1/training-sessions?offset=N/2",
        lambda c: Call(
            "GET", f"/v1/training-sessions?offset={len(c.data.sessions) // 2}&limit={LIMIT}"
        ),
    ),
    Endpoint(
        "GET /v1/training-sessions?athleteId&offset=50",
        lambda c: Call(
            "GET", f"/v1/training-sessions?athleteId={c.athlete()}&offset=50&limit={LIMIT}"
        ),
    ),
    Endpoint(
        "GET /v1/training-sessions/{id}",
        lambda c: Call("GET", f"/v1/training-sessions/{c.session()}"),
    ),
    Endpoint("GET /v1/training-sessions/statistics", _get("/v1/training-sessions/statistics")),
    Endpoint(
        "GET /v1/training-sessions/statistics?range",
        _get(f"/v1/training-sessions/statistics?{RANGE}"),
    ),
    Endpoint(
        "POST /v1/training-sessions",
        lambda c: Call("POST", "/v1/training-sessions", c.session_body()),
        writes=True,
    ),
    Endpoint(
        "PUT /v1/training-sessions/{id} (move)",
        lambda c: Call("PUT", f"/v1/training-sessions/{_created(c, False)}", c.session_body()),
        writes=True,
    ),
    Endpoint(
        "DELETE /v1/training-sessions/{id}",
        lambda c: Call("DELETE", f"/v1/training-sessions/{_created(c, True)}"),
        writes=True,
    ),
    Endpoint("PUT /v1/athletes/{id} (rename)", _rename, writes=True, share=0.2),
]


@dataclass(frozen=True)
class Result:
    endpoint: str
    calls: int
    requests: float
    items_read: float
    max_items_read: int
    returned: float
    p50_ms: float
    p99_ms: float
    samples: list[tuple[str, int, int]]  # (method url, requests, items read)


def returned_items(body: Any) -> int:
    """Objects in the answer: list length, page length, 1 for one object, 0 for no body."""
    if isinstance(body, list):
        return len(body)
    if isinstance(body, dict) and isinstance(body.get("data"), list):
        return len(body["data"])
    return 1 if body else 0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _measure(
    client: TestClient,
    store: Store,
    endpoint: Endpoint,
    ctx: Context,
    calls: int,
    budget: float | None = None,
) -> Result:
    """Up to `calls` calls, fewer if `budget` seconds run out (at least one call)."""
    reads: list[int] = []
    requests: list[int] = []
    returned: list[int] = []
    latencies: list[float] = []
    samples: list[tuple[str, int, int]] = []
    deadline = time.monotonic() + budget if budget else None
    for _ in range(calls):
        if latencies and deadline and time.monotonic() > deadline:
            break
        if endpoint.name.startswith("DELETE") and not ctx.created:
            break
        call = endpoint.call(ctx)
        store.reset()
        began = time.perf_counter()
        response = client.request(call.method, call.url, json=call.body)
        latencies.append((time.perf_counter() - began) * 1000)
        if response.status_code >= 400:
            raise RuntimeError(
                f"{call.method} {call.url} -> {response.status_code}: {response.text[:300]}"
            )
        body = response.json() if response.content else None
        if endpoint.name.startswith("POST"):
            ctx.created.append(body["id"])
        meter = store.table.meter
        requests.append(meter.requests)
        reads.append(meter.items_read)
        returned.append(returned_items(body))
        samples.append((f"{call.method} {call.url}", meter.requests, meter.items_read))
        counted = store.counter
        if counted and (counted.requests, counted.items_read) != (meter.requests, meter.items_read):
            raise AssertionError(
                f"{call.method} {call.url}: botocore saw {counted.requests} requests and "
                f"{counted.items_read} items, the meter {meter.requests} and {meter.items_read}"
            )
    return Result(
        endpoint=endpoint.name,
        calls=len(latencies),
        requests=statistics.fmean(requests),
        items_read=statistics.fmean(reads),
        max_items_read=max(reads),
        returned=statistics.fmean(returned),
        p50_ms=percentile(latencies, 0.5),
        p99_ms=percentile(latencies, 0.99),
        samples=samples,
    )


def verify(client: TestClient, data: Dataset) -> None:
    """The loaded store answers like one written through the API: totals match the sessions."""
    stats = client.get("/v1/training-sessions/statistics").json()
    if stats["totalSessions"] != len(data.sessions):
        raise AssertionError(f"statistics count {stats['totalSessions']} != {len(data.sessions)}")
    athlete = max(data.athletes, key=lambda a: a.session_count)
    page = client.get(f"/v1/training-sessions?athleteId={athlete.id}&limit=1").json()
    if page["pagination"]["total"] != athlete.session_count:
        raise AssertionError(
            f"athlete total {page['pagination']['total']} != {athlete.session_count}"
        )


def measure_all(
    store: Store,
    data: Dataset,
    *,
    reps: int,
    budget: float | None = None,
    writes: bool = True,
    seed: int = 7,
    progress: Callable[[str], None] = lambda _: None,
) -> Iterator[Result]:
    """Verifies the store, then measures every endpoint, reads before writes.

    `budget` caps the seconds spent per endpoint (moto is slow); `writes=False` skips writes.
    """
    ctx = Context(data, random.Random(seed))
    with TestClient(create_app(store.settings, store.table), base_url="http://localhost") as client:
        verify(client, data)
        for endpoint in ENDPOINTS:
            if endpoint.writes and not writes:
                continue
            progress(endpoint.name)
            if not endpoint.writes:
                _measure(client, store, endpoint, ctx, 1)  # warm up
            calls = max(5, round(reps * endpoint.share))
            yield _measure(client, store, endpoint, ctx, calls, budget)
        for session_id in ctx.created:  # leave N sessions behind, as found
            client.delete(f"/v1/training-sessions/{session_id}")
