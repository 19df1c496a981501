"""Requests per second under 16 concurrent clients: the real server next to a bare FastAPI app.

Every server runs as its own uvicorn process on a free loopback port. The load comes from
16 asyncio tasks, each on its own keep-alive connection, sending its next request when the
last returns. The client speaks HTTP/1.1 on raw asyncio streams: httpx spent more CPU per
request than the servers did, so on two cores it measured itself. Targets take turns in
short rounds, so background load on a shared machine hits them alike.
"""

from __future__ import annotations

import asyncio
import os
import random
import sys
import time
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from bench.engines import background, free_port, venv_command
from bench.profile import record, summarize

ROOT = Path(__file__).resolve().parent.parent
ROUND_SECONDS = 2.0


@dataclass
class Target:
    name: str
    port: int
    paths: Sequence[str]
    workers: int = 1
    pid: int = 0  # the server process; its CPU time and its workers' is counted
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_request(self) -> float:
        return self.cpu_seconds * 1000 / self.requests if self.requests else 0.0

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


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its children so far (Linux /proc; 0 elsewhere).
    Steadier than req/s on a shared machine: other load slows a server, but adds little to
    the CPU it spends per request."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pids = [pid]
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            pids += [int(c) for c in (task / "children").read_text().split()]
        for each in pids:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
    except (OSError, ValueError):
        return 0.0
    return total


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

    start, cpu = time.perf_counter(), cpu_seconds(target.pid)
    await asyncio.gather(*(client(i, start + seconds) for i in range(clients)))
    if record:
        target.seconds += time.perf_counter() - start
        target.cpu_seconds += cpu_seconds(target.pid) - cpu


def settle(targets: Sequence[Target], timeout: float = 90.0) -> None:
    """Until every server is idle: worker processes still importing the app would steal
    the CPU from whichever target is measured first."""
    deadline = time.monotonic() + timeout
    before = {t.pid: cpu_seconds(t.pid) for t in targets}
    while time.monotonic() < deadline:
        time.sleep(1.0)
        now = {t.pid: cpu_seconds(t.pid) for t in targets}
        if all(now[pid] - before[pid] < 0.05 for pid in now):
            return
        before = now


def load(targets: Sequence[Target], *, clients: int, seconds: float) -> None:
    """About `seconds` of load on each target, in alternating rounds after a warm-up."""
    settle(targets)
    for target in targets:
        asyncio.run(_round(target, clients=clients, seconds=1.0, record=False))
    for _ in range(max(1, round(seconds / ROUND_SECONDS))):
        for target in targets:
            asyncio.run(_round(target, clients=clients, seconds=ROUND_SECONDS, record=True))


def _serve_command(port: int, workers: int) -> list[str]:
    return [
        venv_command("training-tracker"),
        "serve",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]


def _bare_command(port: int, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "bench.bare:app",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-access-log",
        "--log-level",
        "warning",
    ]


def serve_and_load(
    sqlite_path: Path,
    athlete_ids: Sequence[str],
    logs: Path,
    *,
    workers: Sequence[int],
    clients: int = 16,
    seconds: float = 10.0,
    profile: bool = True,
) -> tuple[list[Target], list[tuple[str, float]]]:
    """`training-tracker serve --workers W` on the filled store next to the bare app with as
    many processes, for each W in `workers`: an athlete's last 20 sessions against a constant
    page of 20. Then, with py-spy on the one-worker server, where its time goes."""
    paths = [f"/v1/training-sessions?athleteId={a}&limit=20" for a in athlete_ids]
    env = {
        "SQLITE_PATH": str(sqlite_path),
        "STORAGE_ENGINE": "sqlite",
        "LOG_LEVEL": "WARNING",
        "RATE_LIMIT_PER_MINUTE": "0",  # 16 clients share one address
        "PYTHONPATH": str(ROOT),
    }
    targets: list[Target] = []
    servers = {}
    with ExitStack() as stack:
        for count in workers:
            plural = "es" if count > 1 else ""
            for name, command, target_paths in (
                (f"training-tracker serve, {count} worker process{plural}", _serve_command, paths),
                (
                    f"bare FastAPI, constant 20 objects, {count} process{plural}",
                    _bare_command,
                    ["/sessions"],
                ),
            ):
                port = free_port()
                log = logs / f"{name.split(',')[0].replace(' ', '-')}-{count}.log"
                servers[name] = stack.enter_context(
                    background(command(port, count), port, env, log)
                )
                targets.append(
                    Target(name, port, target_paths, workers=count, pid=servers[name].pid)
                )
        load(targets, clients=clients, seconds=seconds)
        breakdown: list[tuple[str, float]] = []
        if profile:
            single = targets[0]
            raw = record(
                servers[single.name].pid,
                seconds / 2,
                logs / "profile.txt",
                lambda: asyncio.run(
                    _round(single, clients=clients, seconds=seconds / 2, record=False)
                ),
            )
            breakdown = summarize(raw)
    return targets, breakdown
