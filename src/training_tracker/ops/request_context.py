"""What one request did, collected while it runs: its id and the DynamoDB calls it made.

The access-log middleware opens a `RequestContext` per request; the DynamoDB client's hooks
add to the open one. Context variables follow the request into the threadpool where the
synchronous routes run, so concurrent requests never mix their numbers.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass
class StoreUsage:
    """DynamoDB requests of one HTTP request, by operation and outcome, and their cost."""

    calls: Counter[tuple[str, str]] = field(default_factory=Counter)  # (operation, outcome)
    capacity: dict[str, float] = field(default_factory=dict)  # operation -> capacity units
    retries: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, operation: str, outcome: str, capacity: float, retries: int) -> None:
        with self._lock:
            self.calls[(operation, outcome)] += 1
            if capacity:
                self.capacity[operation] = self.capacity.get(operation, 0.0) + capacity
            self.retries += retries

    @property
    def requests(self) -> int:
        return sum(self.calls.values())

    @property
    def capacity_units(self) -> float:
        return round(sum(self.capacity.values()), 3)

    def by_operation(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for (operation, _), n in self.calls.items():
            counts[operation] += n
        return dict(counts)


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    store: StoreUsage


_current: ContextVar[RequestContext | None] = ContextVar("training_tracker_request", default=None)


def current() -> RequestContext | None:
    return _current.get()


@contextmanager
def request_context(request_id: str) -> Iterator[RequestContext]:
    context = RequestContext(request_id, StoreUsage())
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)
