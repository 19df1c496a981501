"""Tables for the terminal (rich) and for docs/benchmarks.md, plus the machine they ran on."""

from __future__ import annotations

import os
import platform
import subprocess
from argparse import Namespace
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench.engines import MOTO, SQLITE
from bench.history import Row as HistoryRow
from bench.history import history_rows
from bench.latency import Latency
from bench.latency import latency_rows as wait_rows
from bench.measure import ENDPOINTS, Result
from bench.throughput import Target

# Endpoints whose reads may grow by design, and why.
OFFSET_NOTE = "offset skip: may grow only within the sessions of one day"
GROWS_BY_DESIGN = {
    "GET /v1/athletes": "returns every athlete (v1 has no paging), and the benchmark "
    "adds athletes with N (N/100): reads = athletes, not sessions",
}


@dataclass
class Run:
    """Everything one engine produced at one size."""

    engine: str
    size: int
    athletes: int
    busiest_day: int
    items_written: int
    fill_seconds: float
    results: list[Result] = field(default_factory=list)

    def result(self, endpoint: str) -> Result | None:
        return next((r for r in self.results if r.endpoint == endpoint), None)


def machine() -> dict[str, str]:
    cpu = "unknown"
    memory = "unknown"
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in cpuinfo.splitlines()
            if line.startswith("model name")
        )
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kib / 1024**2:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "src"], capture_output=True, text=True, check=True
        ).stdout.strip()
        if dirty:
            commit += " + uncommitted changes in src/"
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": str(os.cpu_count()),
        "cpu": cpu,
        "ram": memory,
        "python": platform.python_version(),
        "os": platform.platform(),
        "commit": commit,
    }


def load_average() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def _number(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def size_label(size: int) -> str:
    return f"{size // 1000}k" if size >= 1000 and size % 1000 == 0 else str(size)


def verdict(endpoint: str, runs: Sequence[Run]) -> str:
    """Did items read stay flat from the smallest to the largest size?"""
    measured = [(run, r) for run in runs if (r := run.result(endpoint)) is not None]
    if len(measured) < 2:
        return "measured at one size only"
    (small_run, small), (large_run, large) = measured[0], measured[-1]
    series = " → ".join(_number(r.items_read) for _, r in measured)
    factor = f"N x{large_run.size // small_run.size}"
    if large.items_read <= small.items_read * 1.25 + 2:
        return f"flat ({series}; {factor})"
    if "offset" in endpoint and large.max_items_read - small.max_items_read <= (
        large_run.busiest_day
    ):
        return (
            f"grew ({series}; {factor}) by less than one day's sessions "
            f"(busiest day: {large_run.busiest_day}): {OFFSET_NOTE}"
        )
    if endpoint in GROWS_BY_DESIGN:
        return f"NOT flat ({series}; {factor}): {GROWS_BY_DESIGN[endpoint]}"
    previous = measured[-2][1]
    if len(measured) >= 3 and large.items_read <= previous.items_read * 1.1 + 2:
        return (
            f"levels off ({series}; {factor}): at small N many days hold no session and so "
            "no totals item; bounded by the days and months read, not by sessions"
        )
    return f"NOT flat ({series}; {factor})"


def compare(
    runs: Sequence[Run], reference: Sequence[Run], endpoint: str | None = None
) -> tuple[int, int]:
    """(calls compared, calls that cost differently) against the same calls on `reference`."""
    compared = differing = 0
    for run in runs:
        other = next((r for r in reference if r.size == run.size), None)
        if other is None:
            continue
        known = {key: (req, items) for x in other.results for key, req, items in x.samples}
        for result in run.results:
            if endpoint is not None and result.endpoint != endpoint:
                continue
            for key, requests, items in result.samples:
                if key in known:
                    compared += 1
                    differing += known[key] != (requests, items)
    return compared, differing


def same_as(runs: Sequence[Run], reference: Sequence[Run]) -> str:
    compared, differing = compare(runs, reference)
    if not compared:
        return ""
    if differing:
        return f"{differing} of {compared} identical calls cost differently than on SQLite"
    return f"all {compared} calls that were also made on SQLite cost exactly the same there"


def engine_verdicts(runs: Sequence[Run], reference: Sequence[Run]) -> list[tuple[str, str]]:
    """SQLite: judged on its own sizes. Another engine: its series, and whether each call
    cost what the same call cost on SQLite (then SQLite's verdict over more sizes holds)."""
    if not reference or runs is reference:
        return verdicts(runs)
    lines = []
    for name, line in verdicts(runs):
        compared, differing = compare(runs, reference, name)
        if compared and not differing:
            series = " → ".join(
                _number(r.items_read) for run in runs if (r := run.result(name)) is not None
            )
            line = (
                f"items read {series}; every call ({compared}) cost exactly what the "
                "same call cost on SQLite, so the SQLite verdict (more sizes) holds"
            )
        elif compared:
            line += f"; {differing} of {compared} calls cost differently than on SQLite"
        lines.append((name, line))
    return lines


def cost_rows(runs: Sequence[Run]) -> tuple[list[str], list[list[str]]]:
    sizes = [size_label(r.size) for r in runs]
    header = (
        ["endpoint"]
        + [f"requests {s}" for s in sizes]
        + [f"items read {s}" for s in sizes]
        + [f"returned {s}" for s in sizes]
    )
    rows = []
    for endpoint in ENDPOINTS:
        results = [run.result(endpoint.name) for run in runs]
        if all(r is None for r in results):
            continue
        cells = [endpoint.name]
        for attr in ("requests", "items_read", "returned"):
            cells += ["—" if r is None else _number(getattr(r, attr)) for r in results]
        rows.append(cells)
    return header, rows


def latency_rows(runs: Sequence[Run]) -> tuple[list[str], list[list[str]]]:
    header = ["endpoint"] + [f"p50 / p99 ms {size_label(r.size)}" for r in runs] + ["calls"]
    rows = []
    for endpoint in ENDPOINTS:
        results = [run.result(endpoint.name) for run in runs]
        if all(r is None for r in results):
            continue
        cells = [endpoint.name]
        cells += ["—" if r is None else f"{r.p50_ms:.1f} / {r.p99_ms:.1f}" for r in results]
        cells.append(" / ".join("—" if r is None else str(r.calls) for r in results))
        rows.append(cells)
    return header, rows


def fill_rows(runs: Sequence[Run]) -> tuple[list[str], list[list[str]]]:
    header = ["engine", "sessions", "athletes", "busiest day", "items written", "fill s", "items/s"]
    rows = [
        [
            r.engine,
            str(r.size),
            str(r.athletes),
            str(r.busiest_day),
            str(r.items_written),
            f"{r.fill_seconds:.1f}",
            f"{r.items_written / r.fill_seconds:.0f}",
        ]
        for r in runs
    ]
    return header, rows


def baseline_of(target: Target, targets: Sequence[Target]) -> Target | None:
    """The bare app with as many processes as `target` (itself for a bare app)."""
    return next(
        (t for t in targets if t.name.startswith("bare") and t.workers == target.workers), None
    )


def ratio(target: Target, targets: Sequence[Target]) -> float:
    base = baseline_of(target, targets)
    return target.rps / base.rps if base and base.rps else 0.0


def cpu_ratio(target: Target, targets: Sequence[Target]) -> float:
    base = baseline_of(target, targets)
    if not base or not target.cpu_ms_per_request:
        return 0.0
    return base.cpu_ms_per_request / target.cpu_ms_per_request


def throughput_rows(targets: Sequence[Target]) -> tuple[list[str], list[list[str]]]:
    header = [
        "server",
        "requests",
        "errors",
        "req/s",
        "p50 ms",
        "p99 ms",
        "of bare, same processes",
        "server CPU ms/request",
        "bare CPU / this CPU",
    ]
    rows = [
        [
            t.name,
            str(t.requests),
            str(t.errors),
            f"{t.rps:.0f}",
            f"{t.percentile_ms(0.5):.1f}",
            f"{t.percentile_ms(0.99):.1f}",
            f"{ratio(t, targets):.0%}",
            f"{t.cpu_ms_per_request:.2f}",
            f"{cpu_ratio(t, targets):.0%}",
        ]
        for t in targets
    ]
    return header, rows


def profile_rows(breakdown: Sequence[tuple[str, float]]) -> tuple[list[str], list[list[str]]]:
    return ["where", "share of busy samples"], [[name, f"{share:.0%}"] for name, share in breakdown]


def print_table(console: Console, title: str, header: list[str], rows: list[list[str]]) -> None:
    table = Table(title=title, title_justify="left", header_style="bold")
    for index, name in enumerate(header):
        table.add_column(name, justify="left" if index == 0 else "right")
    for row in rows:
        table.add_row(*row)
    console.print(table)


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|",
    ]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def verdicts(runs: Sequence[Run]) -> list[tuple[str, str]]:
    names = [e.name for e in ENDPOINTS]
    return [
        (name, verdict(name, runs))
        for name in names
        if any(run.result(name) is not None for run in runs)
    ]


def caps(args: Namespace, runs_by_engine: dict[str, list[Run]]) -> list[str]:
    """What the run left out on purpose, said out loud."""
    notes = []
    moto_runs = runs_by_engine.get(MOTO, [])
    skipped = [s for s in args.sizes if s > args.moto_max]
    if MOTO in runs_by_engine and skipped:
        notes.append(
            f"moto sizes capped at {args.moto_max} sessions (skipped: {skipped}): moto answers "
            "every Query by walking the whole table and copies the whole table for every "
            "action of a TransactWriteItems, so it slows down with N where DynamoDB does not"
        )
    no_writes = [
        r.size
        for r in moto_runs
        if not any(x.endpoint.startswith(("POST", "PUT", "DELETE")) for x in r.results)
    ]
    if no_writes:
        notes.append(
            f"moto writes measured only up to {args.moto_writes_max} sessions "
            f"(not at {no_writes}): one transaction there takes seconds to tens of "
            "seconds in moto; their requests and items read are the same code as "
            "on SQLite, measured at every size"
        )
    if moto_runs:
        notes.append(
            f"moto: at most {args.moto_budget:.0f}s per endpoint, so fewer calls "
            "(see 'calls'); its latencies measure moto, not DynamoDB"
        )
    return notes


def _section(title: str, header: list[str], rows: list[list[str]]) -> str:
    return f"### {title}\n\n{markdown_table(header, rows)}\n"


HISTORY_NOTES = """\
What the history costs, and what it no longer costs:

- **Statistics without dates** read the all-time totals, kept in the same transaction as
  every session write (`ATHLETE#<id> / ALL`, and one `TOTALS / ALL#<shard>` per shard of
  everyone's), instead of every month totals item of the history.
- **Everyone's list** takes `total` from everyone's all-time totals and places an offset by
  walking month totals back from the newest (two months' shards a Query) only as far as it
  reaches; with a one-year history that first read holds every month there is (12 items),
  with five or more it holds the 32 it asks for, so the cost stops growing there.
- **Training load** reads the athlete's day totals over a fixed warm-up of 730 days before
  the range's first week (`docs/training-load.md`): bounded, so flat once the history is
  longer than the warm-up, but a 42-day chart reads about as many day items as the athlete
  trained in those two years. The board's row reads the same warm-up per athlete on the
  page; the board reads the page's athletes and the athletes count, never every athlete.
"""


def markdown(
    machine: dict[str, str],
    runs_by_engine: dict[str, list[Run]],
    targets: Sequence[Target],
    breakdown: Sequence[tuple[str, float]],
    grown: list[HistoryRow],
    waits: list[Latency],
    args: Namespace,
) -> str:
    parts = [HEADER.format(clients=args.clients, seconds=args.seconds, reps=args.reps)]
    parts.append(
        "## Machine\n\n" + markdown_table(["", ""], [[k, v] for k, v in machine.items()]) + "\n"
    )
    notes = caps(args, runs_by_engine)
    if notes:
        parts.append("Caps in this run:\n\n" + "\n".join(f"- {n}" for n in notes) + "\n")
    for engine, runs in runs_by_engine.items():
        parts.append(f"## {engine}\n")
        parts.append(_section("Cost per call (mean over the calls)", *cost_rows(runs)))
        parts.append(
            "### Did items read stay flat as N grew?\n\n"
            + "\n".join(
                f"- `{name}`: {line}"
                for name, line in engine_verdicts(runs, runs_by_engine.get(SQLITE, []))
            )
            + "\n"
        )
        if engine != SQLITE and (check := same_as(runs, runs_by_engine.get(SQLITE, []))):
            parts.append(f"Cross-check: {check}.\n")
        parts.append(_section("Latency in-process (TestClient), ms", *latency_rows(runs)))
    if grown:
        parts.append(
            "## Does a read grow with an athlete's history?\n\n"
            "One athlete with a session every day for 1, 5 and 10 years (365, 1826 and 3652 "
            "sessions; `bench/history.py`), each alone in a store; one call each, counted "
            "exactly.\n\n" + markdown_table(*history_rows(grown)) + "\n" + HISTORY_NOTES
        )
    if waits:
        parts.append(
            "## DynamoDB round trips: reads sent at once\n\n"
            "An athlete's first page (`limit=20`) on moto in-process, with a fixed delay before "
            "every DynamoDB call (5 and 10 ms: what a call to DynamoDB in the same region "
            "takes); the page and the athlete it takes `total` from are read one after the "
            "other, then at once (the default on DynamoDB); median of 60 calls each; the "
            "0 ms row is moto alone (`bench/latency.py`).\n\n"
            + markdown_table(*wait_rows(waits))
            + "\n\n"
            + WAIT_NOTE
            + "\n"
        )
    all_runs = [run for runs in runs_by_engine.values() for run in runs]
    parts.append("## Filling the stores\n\n" + markdown_table(*fill_rows(all_runs)) + "\n")
    if targets:
        parts.append(throughput_markdown(targets, breakdown, runs_by_engine[SQLITE][-1].size, args))
    return "\n".join(parts)


def throughput_markdown(
    targets: Sequence[Target], breakdown: Sequence[tuple[str, float]], size: int, args: Namespace
) -> str:
    single = targets[0]
    base = baseline_of(single, targets)
    many = [t for t in targets if t.workers > 1 and not t.name.startswith("bare")]
    lines = [
        f"## Throughput: an athlete's last 20 sessions, {args.clients} concurrent clients\n",
        f"`GET /v1/training-sessions?athleteId=X&limit=20` (random athlete per request) against "
        f"`training-tracker serve --workers W` on the {size}-session SQLite store, next to a "
        "bare FastAPI endpoint returning a constant list of 20 session objects, served by "
        f"uvicorn with as many processes; about {args.seconds:.0f}s each, in alternating 2 s "
        "rounds, LOG_LEVEL=WARNING.\n",
        markdown_table(*throughput_rows(targets)),
    ]
    if base:
        lines.append(
            f"\n**Ratio: {ratio(single, targets):.0%} of the bare-FastAPI ceiling** with one "
            f"process each ({single.rps:.0f} vs {base.rps:.0f} req/s). Counted in server CPU "
            f"per request, which other load on a shared machine disturbs less: "
            f"{single.cpu_ms_per_request:.2f} vs {base.cpu_ms_per_request:.2f} ms, "
            f"{cpu_ratio(single, targets):.0%}.\n"
        )
    for target in many:
        lines.append(
            f"With {target.workers} worker processes: {target.rps:.0f} req/s, "
            f"{target.rps / single.rps:.2f}x one worker, {ratio(target, targets):.0%} of the bare "
            f"app on as many processes. The load generator shares the {os.cpu_count()} cores, "
            "so more processes than cores left to serve can't scale linearly."
        )
    lines.append(SPEED_NOTES)
    if base:
        verdict = "reaches" if ratio(single, targets) >= 0.5 else "falls short of"
        lines.append(f"In this run the one-process ratio {verdict} one half.\n")
    if breakdown:
        lines.append(
            "\n### Where one worker's time goes\n\n"
            "py-spy sampled the one-worker server for a further round of the same load; each "
            "busy sample counts for the innermost of these that it was in "
            "(`bench/profile.py`).\n\n" + markdown_table(*profile_rows(breakdown))
        )
    return "\n".join(lines) + "\n"


WAIT_NOTE = (
    "Moto runs in this process, so its own work on each call (tens of ms on a busy machine)"
    " holds the GIL and two calls in flight overlap only in the delay: the saving to expect"
    " is one delay per list, one round trip fewer, and noise in moto's own time (see the 0 "
    "ms row) can hide it. That the page and the athlete do go out together is shown without"
    " timing by `tests/api/test_concurrent_reads.py`."
)

SPEED_NOTES = """
What the common read no longer does (each found with py-spy on this endpoint, or by timing
one step at a time in one thread; the breakdown below is this run's):

- **Run on a worker thread.** FastAPI runs a plain `def` route on its thread pool. The
  route's Python (about 0.4 ms here) then fought the event loop for the interpreter lock,
  and on a quiet machine the server spent 2.0 ms of CPU per request, a quarter of the bare
  route's rate. Read routes now run on the event loop when the store is the embedded one
  (`api/read_routes.py`): a SQLite read in WAL mode waits for no writer and is answered from
  the page cache. On DynamoDB, where a read is a network round trip, they keep the thread;
  writes always take one. A recently verified token is checked without a thread too. This
  halved the CPU per request. (An earlier try, on a machine loaded with other work, had
  seemed to halve req/s instead; on a quiet machine it is the largest single gain.)
- **Wait for one SQLite connection behind a lock.** Reads take a connection of their own
  from a pool (WAL mode: readers never wait for each other or for the writer); the lock
  wait was the largest single item of the first profile (28% of busy samples).
- **Solve thirteen dependencies.** FastAPI solves a dependency's sub-dependencies again each
  time the dependency appears, and authentication appeared twice (on the router, and as the
  route's principal) with four of them. Authentication is one dependency now, which is also
  the Bearer scheme the OpenAPI schema declares and reads `app.state` itself, and it sits on
  the route only (the app refuses to mount a `/v1` route without it). The list's sessions
  and cursor signer come as one (`api/session_pages.py`, which also holds the paging): two
  solved per request, both coroutines (a plain `def` dependency costs a thread trip).
- **Build a response model per session.** Validating twenty `TrainingSessionOut` from the
  sessions' attributes and writing their JSON took about 250 us a page; the page is now
  plain dicts under the wire names written by msgspec, about 45 us (pydantic writing the same
  dicts took 90). `tests/api/test_rendering.py` holds the bytes equal to the models'.
- **Build each session through the frozen dataclass's `__init__`.** Its
  `object.__setattr__` per field cost about 3 us of the 5 it took to read a session back;
  a session read from the store is now built the way pickle rebuilds one (fields set
  directly, the instance still frozen).
- **Decode stored items with the standard library.** The embedded store's item text is read
  by msgspec, which hands every number with a fraction or exponent to `Decimal` as written;
  whole numbers come back as `int` and become `Decimal` again (exact), so every number is
  still the `Decimal` DynamoDB would return: 3.3 us an item instead of 4.7
  (`tests/store/test_item_json.py` holds every number to its last digit). Next-page cursors
  are written by msgspec too (json.dumps with compact separators built an encoder per call).
- **Read every month of the athlete's history** for `total`: the athlete item's session
  count is the total (an `endDate` alone: all time less what came after it); see the
  history table.
- **Small fixed costs per request**: a random request id (a `urandom` system call) is a
  counter behind a random per-process prefix; the access-log record is not built when
  neither the log level nor metrics take it; the Host check keeps its verdict per Host
  value; FastAPI's OpenTelemetry hooks, which looked up the global providers on every
  request, are off; routing, a scan of the routes in order, tries the session routes first.
- **Parse HTTP in pure Python.** uvicorn uses httptools and uvloop when installed (both are
  dependencies); this helps the bare app as much as ours.

Where a page's own work goes now, timed in one thread (us per request): the athlete read for
`total` 14; the Query for 20 sessions 105, of which SQLite is about 22 and decoding their
stored JSON into exact decimals 65; items to `TrainingSession` 50; the answer's JSON 45; the
next-page cursor (HMAC) 6. Inside a served request the same steps take about a third longer
(less of the code and data stay in the CPU caches between them): the page's work is about
0.34 ms. The rest is the framework: about 80 us for the six query parameters (FastAPI
inspects each parameter's type again on every request, whether it was sent or not), 15 to
25 us per dependency, routing into the included session router about 25, and the
middleware, next to which the bare endpoint does almost nothing.

Checked and left:

- **orjson for stored items**: it has no hook for exact decimals. With msgspec, writing
  whole numbers so that they too reach the decimal hook (`88e0`) would save the pass that
  makes `int` into `Decimal`, about 1 us of the 3.3 an item, for an item format that differs
  from every file written so far.
- **Parsing the list's query string in a dependency of our own**, with the parameters
  declared to the OpenAPI schema by hand: it would save most of the 80 us, but validation
  and the schema would no longer come from one declaration.
- **One query model instead of six parameters**: FastAPI inspects the model's fields per
  request as it does parameters; it measured about 10% cheaper, for a schema of another
  shape.
"""


HEADER = """# Benchmarks

Generated by `./pw bench` (`python -m bench.run`); re-run it to refresh this page.
`./pw bench --quick` is a one-minute smoke run; `--help` lists the knobs.

What it does:

- **Fill**: N sessions across max(10, N/100) athletes, uniformly over 2024-01-01..2025-12-31.
  `bench/fill.py` builds the very items the repository writes (its `athlete_item`,
  `session_item`, `locator_item`, and `totals_update` applied to the summed
  `totals_changes`) and writes them with `batch_put`. Before measuring, the statistics
  endpoint must report `totalSessions == N` and one athlete's list `total` must equal its
  session count, so the loader cannot drift from the real write path.
- **Cost per call**: every v1 endpoint through the real app (`create_app(settings, table)`
  under FastAPI's TestClient), {reps} calls each with random athletes and sessions (writes:
  create, then update with a date change, i.e. a move, then delete, so N is unchanged; rename
  alternates names and rewrites the athlete's ~100 sessions). The table's `meter` is reset
  before every call: *requests* = calls to the engine, *items read* = items it read
  (ScannedCount for a Query, 1 for a GetItem hit), *returned* = objects in the HTTP answer.
  On DynamoDB a botocore `after-call.dynamodb` hook counts requests and items again;
  every call in this report agreed with the meter (the run stops otherwise).
- Lists use `limit=20`; `range` is `startDate=2025-03-10&endDate=2025-05-20` (two partial
  months read as days, one whole month); the deep page is `offset=N/2`.
- **Throughput**: {clients} concurrent keep-alive clients for about {seconds:.0f}s per server.
  The load generator is a small HTTP/1.1 client on asyncio streams: httpx spent more CPU
  per request than the servers, and on two cores it would have measured itself.

Reading the counts (M = months with sessions, at most 24 here; D = days read):

- Statistics read totals items only: all-time = the all-time totals item (an athlete's:
  one, after the athlete itself; everyone's: one per shard in use, at most 16); a range =
  the days of its partial edge months plus the whole months between; an end alone = the
  all-time totals less the days and months after the end (never the history before it).
- An athlete's list without dates reads the athlete (its session count is `total`) and the
  `limit` sessions, at once on DynamoDB; with an offset, month totals back from the newest
  only as far as the offset reaches, and the day totals of the month it lands in.
- Everyone's list without dates reads everyone's all-time totals (`total`) and the newest
  month; with an offset, month totals back from the newest only as far as it reaches, and
  the day totals of the month it lands in; then the month totals before the page's first
  month (at most `limit` of them) and the `limit` sessions, one Query per month bucket.
- Other lists read the totals of the range (for `total` and to place the offset), the day
  totals of the month it starts in, then the `limit` sessions (+ the skip inside one day).
- Session by id = locator + session; writes read the athlete and/or the session first,
  then write one transaction; a rename reads the athlete's sessions (~100 at every size
  here, because athletes grow with N) and rewrites the stale ones in transactions of 100.

Latencies are from a shared two-core machine (see the load average) and are only
comparable within one run; the request and item counts are exact and machine-independent.
"""
