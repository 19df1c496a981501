"""A per-client token bucket on /v1: 429 with Retry-After when a client outruns it.

A client is the token that authenticated the request (its public id, so `bearer T`, `BEARER T`
and extra spaces share one bucket), else its address: open mode, and every failed
authentication, which is charged to the address it came from. `authenticate` charges the
bucket. Buckets live in this process: with several server processes each keeps its own, so the
effective limit is the setting times the number of processes.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from training_tracker.errors import RateLimitedError

MAX_CLIENTS = 10_000  # buckets kept; beyond this the ones that are full again are dropped


class TokenBuckets:
    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, at)
        self._lock = threading.Lock()

    def take(self, client: str) -> float:
        """0 if the request may go ahead, else the seconds until it may."""
        now = self.clock()
        with self._lock:
            tokens, at = self._buckets.get(client, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - at) * self.rate)
            if tokens >= 1:
                self._buckets[client] = (tokens - 1, now)
                self._forget_idle(now)
                return 0.0
            self._buckets[client] = (tokens, now)
            return (1 - tokens) / self.rate

    def _forget_idle(self, now: float) -> None:
        if len(self._buckets) <= MAX_CLIENTS:
            return
        for client, (tokens, at) in list(self._buckets.items()):
            if tokens + (now - at) * self.rate >= self.capacity:
                del self._buckets[client]


class RateLimiter:
    """Charges one request to a client's bucket; 429 once it is empty. Disabled at 0/min."""

    def __init__(self, per_minute: int) -> None:
        self.buckets = TokenBuckets(per_minute) if per_minute > 0 else None

    def charge(self, client: str) -> None:
        if self.buckets is None:
            return
        wait = self.buckets.take(client)
        if wait > 0:
            raise RateLimitedError(max(1, math.ceil(wait)))


def token_client(token_id: str) -> str:
    """A token's bucket: its public id, however the Authorization header was spelled."""
    return "token:" + token_id


def address_client(address: str | None) -> str:
    """The bucket of requests no token stands for (open mode, failed authentication)."""
    return "ip:" + (address or "unknown")
