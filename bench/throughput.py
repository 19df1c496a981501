"""Requests per second under 16 concurrent clients: the real server next to a bare FastAPI app.

Every server runs as its own uvicorn process on a free loopback port. The load comes from
16 asyncio tasks, each on its own keep-alive connection, sending its next request when the
last returns. The client speaks HTTP/1.1 on raw asyncio streams: httpx spent more CPU per
request than the servers did, so on two cores it measured itself. Targets take turns in
short rounds, so background load on a shared machine hits them alike.
"""

from __future__ import annotations

import asyncio
import random
import sys
import time
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from bench.engines import background, free_port, venv_command

ROOT = Path(__file__).resolve().parent.parent
ROUND_SECONDS = 2.0


@dataclass
class Target:
    name: str
    port: int
    paths: Sequence[str]
    seconds: float = 0.0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile_ms(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else 0.0


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str) -> int:
    """One keep-alive HTTP/1.1 GET; returns the status. uvicorn always sends Content-Length."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    length = next(int(line[15:]) for line in lines if line[:15].lower() == b"content-length:")
    await reader.readexactly(length)
    return int(lines[0].split()[1])


async def _round(target: Target, *, clients: int, seconds: float, record: bool) -> None:
    """Each client holds one connection and sends its next request when the last returns."""

    async def client(seed: int, until: float) -> None:
        rng = random.Random(seed)
        reader, writer = await asyncio.open_connection("127.0.0.1", target.port)
        try:
            while (began := time.perf_counter()) < until:
                if await _get(reader, writer, rng.choice(target.paths)) != 200:
                    target.errors += 1
                elif record:
                    target.latencies.append((time.perf_counter() - began) * 1000)
        finally:
            writer.close()

    start = time.perf_counter()
    await asyncio.gather(*(client(i, start + seconds) for i in range(clients)))
    if record:
        target.seconds += time.perf_counter() - start


def load(targets: Sequence[Target], *, clients: int, seconds: float) -> None:
    """About `seconds` of load on each target, in alternating rounds after a warm-up."""
    for target in targets:
        asyncio.run(_round(target, clients=clients, seconds=1.0, record=False))
    for _ in range(max(1, round(seconds / ROUND_SECONDS))):
        for target in targets:
            asyncio.run(_round(target, clients=clients, seconds=ROUND_SECONDS, record=True))


def serve_and_load(
    sqlite_path: Path,
    athlete_ids: Sequence[str],
    logs: Path,
    *,
    clients: int = 16,
    seconds: float = 10.0,
) -> list[Target]:
    """`training-tracker serve` on the filled store (quiet, and with its default INFO log)
    and the bare app: an athlete's last 20 sessions against a constant page of 20."""
    paths = [f"/v1/training-sessions?athleteId={a}&limit=20" for a in athlete_ids]
    targets = []
    with ExitStack() as stack:
        for log_level in ("WARNING", "INFO"):
            port = free_port()
            env = {
                "SQLITE_PATH": str(sqlite_path),
                "STORAGE_ENGINE": "sqlite",
                "LOG_LEVEL": log_level,
                "RATE_LIMIT_PER_MINUTE": "0",  # 16 clients share one address
            }
            command = [venv_command("training-tracker"), "serve", "--port", str(port)]
            stack.enter_context(background(command, port, env, logs / f"serve-{log_level}.log"))
            targets.append(Target(f"training-tracker serve, LOG_LEVEL={log_level}", port, paths))
        port = free_port()
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "bench.bare:app",
            "--port",
            str(port),
            "--no-access-log",
            "--log-level",
            "warning",
        ]
        stack.enter_context(background(command, port, {"PYTHONPATH": str(ROOT)}, logs / "bare.log"))
        targets.append(Target("bare FastAPI endpoint, constant 20 objects", port, ["/sessions"]))
        load(targets, clients=clients, seconds=seconds)
    return targets
