"""The stores under test: SQLite in a temp file, DynamoDB over HTTP on a moto server we start."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from training_tracker.config import Engine, Settings
from training_tracker.store.dynamodb import DynamoDBTable, build_client
from training_tracker.store.keys import SCHEMA
from training_tracker.store.port import Table
from training_tracker.store.sqlite import SqliteTable

SQLITE = "sqlite"
MOTO = "dynamodb (moto server)"

# The benchmark measures the service, not the per-client rate limiter: all calls share one
# client address.
UNLIMITED: dict[str, Any] = {"rate_limit_per_minute": 0}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 120) -> None:
    """Until the server answers HTTP (any status): a parent process that spawns workers
    listens before they can answer."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
                sock.sendall(b"GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                if sock.recv(16).startswith(b"HTTP/"):
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"nothing answers on port {port} after {timeout}s")


def venv_command(name: str) -> str:
    """A console script of the venv running this benchmark (moto_server, training-tracker)."""
    path = Path(sys.executable).parent / name
    if not path.exists():
        raise FileNotFoundError(f"{path} not found; run the benchmark with ./pw bench")
    return str(path)


@contextmanager
def background(
    command: list[str], port: int, env: dict[str, str] | None = None, log: Path | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """Runs a server process until the block ends; its output goes to `log` (or nowhere)."""
    out = log.open("wb") if log else subprocess.DEVNULL
    process = subprocess.Popen(
        command, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
    )
    try:
        wait_for_port(port, process)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log:
            out.close()  # type: ignore[union-attr]


@contextmanager
def moto_server() -> Iterator[str]:
    """A moto server on a free loopback port; yields its endpoint URL."""
    port = free_port()
    with background([venv_command("moto_server"), "-H", "127.0.0.1", "-p", str(port)], port):
        yield f"http://127.0.0.1:{port}"


class BotoCounter:
    """Requests and items read, as botocore saw them (`after-call.dynamodb`): a second opinion."""

    def __init__(self) -> None:
        self.requests = 0
        self.items_read = 0

    def __call__(self, parsed: dict[str, Any], **_: Any) -> None:
        self.requests += 1
        if "ScannedCount" in parsed:
            self.items_read += parsed["ScannedCount"]
        elif "Item" in parsed:
            self.items_read += 1

    def reset(self) -> None:
        self.requests = 0
        self.items_read = 0


@dataclass
class Store:
    engine: str
    settings: Settings
    table: Table
    counter: BotoCounter | None = None

    def reset(self) -> None:
        self.table.meter.reset()
        if self.counter:
            self.counter.reset()


def sqlite_store(path: Path) -> Store:
    settings = Settings(storage_engine=Engine.SQLITE, sqlite_path=path, **UNLIMITED)
    table = SqliteTable(path, SCHEMA)
    table.ensure_table()
    return Store(SQLITE, settings, table)


def moto_store(endpoint: str, table_name: str) -> Store:
    settings = Settings(
        storage_engine=Engine.DYNAMODB,
        dynamodb_table_name=table_name,
        dynamodb_endpoint=endpoint,
        dynamodb_read_timeout=60,
        **UNLIMITED,
    )
    client = build_client(settings)
    counter = BotoCounter()
    client.meta.events.register("after-call.dynamodb", counter)
    table = DynamoDBTable(client, table_name, SCHEMA, endpoint)
    table.ensure_table()
    return Store(MOTO, settings, table, counter)


def drop(store: Store) -> None:
    if isinstance(store.table, DynamoDBTable):
        store.table.delete_table()
    store.table.close()
