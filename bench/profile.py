"""Where a server process spends its time under load: py-spy samples, sorted into buckets.

`py-spy record --format raw` writes one line per distinct stack with its sample count.
Each sample goes to the innermost frame that matches a bucket below, so the shares add up to
100% of the samples in which the process was busy (idle waits are left out).
"""

from __future__ import annotations

import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from bench.engines import venv_command

# (bucket, substrings of a frame "function (path:line)"); the innermost matching frame wins.
BUCKETS: list[tuple[str, tuple[str, ...]]] = [
    ("stored JSON -> item dicts", ("store/item_json.py",)),
    ("SQLite statements and row fetch", ("store/sqlite.py", "store/dynamodb.py")),
    (
        "items -> domain objects, page planning",
        ("store/repository.py", "training_tracker/services/", "training_tracker/domain/"),
    ),
    (
        "response models and JSON",
        ("api/schemas.py", "api/rendering.py", "serialize_response", "pydantic"),
    ),
    ("our middleware, route and auth", ("training_tracker/api/", "training_tracker/app.py")),
    ("FastAPI parameters and dependencies", ("fastapi/dependencies/",)),
    (
        "hand-off to the thread pool and back",
        ("anyio/", "starlette/concurrency.py", "threading.py", "queue.py", "call_soon_threadsafe"),
    ),
    ("HTTP parsing and writing (uvicorn, h11)", ("uvicorn/protocols/", "h11/", "selector_events")),
    ("routing, Starlette/FastAPI middleware", ("starlette/", "fastapi/")),
]
OTHER = "event loop and the rest"
# Leaf frames of a thread that waits for work: the event loop's select, idle pool threads.
IDLE = (".select (selectors.py", ".wait (threading.py", ".get (queue.py", "_worker (concurrent")


def bucket_of(stack: list[str]) -> str | None:
    """The bucket of one sampled stack (root first), or None when the process was idle."""
    if any(idle in stack[-1] for idle in IDLE):
        return None
    for frame in reversed(stack):
        for name, patterns in BUCKETS:
            if any(p in frame for p in patterns):
                return name
    return OTHER


def summarize(raw: str) -> list[tuple[str, float]]:
    counts: Counter[str] = Counter()
    for line in raw.splitlines():
        stack_text, _, count = line.rpartition(" ")
        if not stack_text or not count.isdigit():
            continue
        name = bucket_of(stack_text.split(";"))
        if name is not None:
            counts[name] += int(count)
    busy = sum(counts.values()) or 1
    order = [name for name, _ in BUCKETS] + [OTHER]
    return [(name, counts[name] / busy) for name in order if counts[name]]


def record(pid: int, seconds: float, out: Path, during: Callable[[], None]) -> str:
    """Samples process `pid` while `during()` runs; returns the raw stacks ('' if py-spy
    can't attach, e.g. without ptrace rights)."""
    spy = subprocess.Popen(
        [
            venv_command("py-spy"),
            "record",
            "--pid",
            str(pid),
            "--format",
            "raw",
            "--rate",
            "250",
            "--duration",
            str(max(1, round(seconds))),
            "--nonblocking",
            "--output",
            str(out),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        during()
    finally:
        spy.wait(timeout=seconds + 30)
    return out.read_text() if out.exists() else ""
