"""Prometheus metrics: requests and latency by route template and status, and store calls.

Each app has its own registry (several apps in one process, as in tests, never collide).
With several server processes, PROMETHEUS_MULTIPROC_DIR names a directory they share (`serve`
makes one) and /metrics adds up every process's numbers (prometheus-client's multiprocess mode).
"""

from __future__ import annotations

from pathlib import Path

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

from training_tracker.ops.request_context import StoreUsage

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    def __init__(self, multiprocess_dir: Path | None = None) -> None:
        self.registry = CollectorRegistry()
        self.multiprocess_dir = multiprocess_dir
        self.requests = Counter(
            "training_tracker_http_requests",
            "HTTP requests answered, by method, route template and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "training_tracker_http_request_duration_seconds",
            "Time from the request's arrival to the end of its answer.",
            ["method", "route", "status"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.store_calls = Counter(
            "training_tracker_store_calls",
            "DynamoDB API calls made by requests, by operation and outcome (ok or error code).",
            ["operation", "outcome"],
            registry=self.registry,
        )
        self.store_capacity = Counter(
            "training_tracker_store_consumed_capacity_units",
            "DynamoDB capacity units that requests consumed, by operation.",
            ["operation"],
            registry=self.registry,
        )

    def observe(
        self, method: str, route: str, status: int, seconds: float, store: StoreUsage
    ) -> None:
        labels = (method, route, str(status))
        self.requests.labels(*labels).inc()
        self.latency.labels(*labels).observe(seconds)
        for (operation, outcome), count in store.calls.items():
            self.store_calls.labels(operation, outcome).inc(count)
        for operation, units in store.capacity.items():
            self.store_capacity.labels(operation).inc(units)

    def exposition(self) -> bytes:
        if self.multiprocess_dir is None:
            return generate_latest(self.registry)
        combined = CollectorRegistry()
        MultiProcessCollector(combined, path=str(self.multiprocess_dir))  # type: ignore[no-untyped-call]
        return generate_latest(combined)
