"""What a list costs in waiting on DynamoDB: the same calls with a fixed delay before every
DynamoDB call (botocore's `before-send`, ahead of moto answering in-process), with the
independent reads of a request sent one after the other and at once (the default).

Moto in-process answers in about a millisecond; DynamoDB in the same region takes 5-10 ms a
call. The delay stands in for that network time, so the difference between the two ways is
what reading at once saves.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from typing import Any

import boto3
from fastapi.testclient import TestClient
from moto import mock_aws

from bench.fill import load, make_dataset
from training_tracker.app import create_app
from training_tracker.config import Engine, Settings
from training_tracker.store.dynamodb import DynamoDBTable
from training_tracker.store.keys import SCHEMA

DELAYS_MS = (0, 5, 10)
CALLS = 60
SIZE = 100
TABLE = "bench-latency"


@dataclass
class Latency:
    delay_ms: int
    requests: float
    one_by_one_ms: float
    at_once_ms: float


def _median_ms(client: TestClient, urls: list[str]) -> float:
    took = []
    for url in urls:
        began = time.perf_counter()
        response = client.get(url)
        took.append((time.perf_counter() - began) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{url} -> {response.status_code}: {response.text[:200]}")
    return statistics.median(took)


def measure_latency() -> list[Latency]:
    """An athlete's first page of 20, behind each delay, reads one by one and at once."""
    data = make_dataset(SIZE)
    urls = [f"/v1/training-sessions?athleteId={a.id}&limit=20" for a in data.athletes]
    urls = (urls * CALLS)[:CALLS]
    settings = Settings(storage_engine=Engine.DYNAMODB, rate_limit_per_minute=0)
    found = []
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        table = DynamoDBTable(client, TABLE, SCHEMA, endpoint=None)
        table.ensure_table()
        load(table, data, chunk=500)
        delay = [0.0]

        def wait(**_: Any) -> None:
            time.sleep(delay[0])

        client.meta.events.register_first("before-send.dynamodb", wait)
        for delay_ms in DELAYS_MS:
            delay[0] = delay_ms / 1000
            medians = {}
            for concurrent in (False, True):
                table.remote_reads = concurrent
                # Open mode answers only a loopback Host (421 otherwise).
                app_under_test = create_app(settings, table)
                with TestClient(app_under_test, base_url="http://localhost") as app:
                    app.get(urls[0])  # the cursor secret, read once per process
                    table.meter.reset()
                    medians[concurrent] = _median_ms(app, urls)
                    requests = table.meter.requests / len(urls)
            found.append(Latency(delay_ms, requests, medians[False], medians[True]))
    return found


def latency_rows(found: list[Latency]) -> tuple[list[str], list[list[str]]]:
    header = [
        "delay per DynamoDB call",
        "requests per call",
        "p50 ms, one after the other",
        "p50 ms, at once",
        "saved",
    ]
    rows = [
        [
            f"{f.delay_ms} ms",
            f"{f.requests:.1f}",
            f"{f.one_by_one_ms:.1f}",
            f"{f.at_once_ms:.1f}",
            f"{f.one_by_one_ms - f.at_once_ms:.1f} ms",
        ]
        for f in found
    ]
    return header, rows
