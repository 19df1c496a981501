"""A per-client token bucket in front of /v1: 429 with Retry-After when a client outruns it.

Clients are told apart by a hash of their `Authorization` header when they send one, else by
their IP address. Buckets live in this process: with several server processes each keeps its
own, so the effective limit is the setting times the number of processes.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections.abc import Callable

from starlette.types import ASGIApp, Receive, Scope, Send

from training_tracker.api.errors import render
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


def client_of(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"authorization" and value:
            return "token:" + hashlib.sha256(value).hexdigest()
    client = scope.get("client")
    return "ip:" + (client[0] if client else "unknown")


class RateLimit:
    def __init__(self, app: ASGIApp, per_minute: int, prefix: str = "/v1/") -> None:
        self.app = app
        self.prefix = prefix
        self.buckets = TokenBuckets(per_minute) if per_minute > 0 else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            self.buckets is not None
            and scope["type"] == "http"
            and str(scope.get("path", "")).startswith(self.prefix)
        ):
            wait = self.buckets.take(client_of(scope))
            if wait > 0:
                error = RateLimitedError(max(1, math.ceil(wait)))
                await render(error)(scope, receive, send)
                return
        await self.app(scope, receive, send)
