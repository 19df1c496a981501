"""`python -m bench.migration --sizes 1000,10000,100000`: count and time an in-place migration.

Fills a table in the original layout (100 sessions per athlete, 1% of them moved to another
athlete the old version's way, leaving a second copy), runs `migrate --from seed-v1` in
place as the CLI does, and prints per phase (plan, copy, clean-up, rebuild, verify) the
DynamoDB requests by operation, the items read and written, and the wall time.

Requests and items are counted at the Table port (`bench/request_count.py`), so they are
the same on every engine: they are what an AWS table would be sent. The engines differ in
speed only: `--engine moto` runs on a moto server over HTTP (and checks the port count
against the requests botocore saw), `--engine sqlite` on the embedded store, fast enough
for 100k. moto's times say little about AWS: its Scan and Query sort the whole table on
every request, so they grow with the table, not with the page.

`--plan-memory` measures only the plan's peak memory (tracemalloc) and time on generated
items, without a table: it grows with the number of session ids.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.engines import background, free_port, venv_command
from bench.request_count import CountingTable, PhaseCount, SentRequests
from tests.store.seed_tables import SeedWriter, create_seed_dynamodb_table
from training_tracker.api.schemas import athlete_name_problem
from training_tracker.config import Engine, Settings
from training_tracker.services.migration import SeedMigration
from training_tracker.services.seed_plan import plan_migration
from training_tracker.store.dynamodb import build_client
from training_tracker.store.keys import SCHEMA
from training_tracker.store.port import Item, Table
from training_tracker.store.repository import Repository
from training_tracker.store.sqlite import SqliteTable

SESSIONS_PER_ATHLETE = 100
MOVED_EVERY = 100
PHASES = ("plan", "copy", "clean-up", "rebuild", "verify")
PAGE_SIZE = Settings().query_page_size


def seed_items(sessions: int) -> Iterator[Item]:
    """The old version's items for `sessions` sessions, as its own writes left them."""
    seed = SeedWriter(_Collect([]))
    collected: list[Item] = seed.table.items  # type: ignore[attr-defined]
    athletes = max(2, sessions // SESSIONS_PER_ATHLETE)
    for a in range(athletes):
        seed.athlete(f"athlete-{a:05d}", f"Athlete {a:05d}")
    for n in range(sessions):
        owner = f"athlete-{n % athletes:05d}"
        day = f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}"
        seed.create(f"s{n:07d}", owner, day, 30.0 + n % 60, 5.0 + n % 20)
        if n % MOVED_EVERY == 0:
            seed.update(f"s{n:07d}", f"athlete-{(n + 1) % athletes:05d}", day, 45.0, 9.0)
        yield from collected
        collected.clear()
    yield from collected


class _Collect:
    """Stands in for the old version's table: keeps what it writes."""

    def __init__(self, items: list[Any]) -> None:
        self.items = items

    def batch_put(self, items: list[Any]) -> None:
        self.items.extend(items)


def plan_memory(sessions: int) -> None:
    """The plan's own peak memory and CPU time over generated items (no table, no pages)."""
    tracemalloc.start()
    started = time.monotonic()
    plan = plan_migration(lambda: seed_items(sessions), athlete_name_problem)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(
        f"plan of {sessions} sessions ({len(plan.problems)} duplicates): peak "
        f"{peak / 2**20:.1f} MiB traced ({peak / sessions:.0f} bytes per session), "
        f"{time.monotonic() - started:.1f}s CPU with tracing"
    )


@contextmanager
def sqlite_seed_table(sessions: int) -> Iterator[tuple[Table, SentRequests | None]]:
    with tempfile.TemporaryDirectory() as workdir:
        table = SqliteTable(Path(workdir) / "seed.db", SCHEMA)
        table.ensure_table()
        table.batch_put(list(seed_items(sessions)))
        try:
            yield table, None
        finally:
            table.close()


@contextmanager
def moto_seed_table(sessions: int, log: Path | None) -> Iterator[tuple[Table, SentRequests | None]]:
    port = free_port()
    command = [venv_command("moto_server"), "-H", "127.0.0.1", "-p", str(port)]
    with background(command, port, log=log):
        settings = Settings(
            storage_engine=Engine.DYNAMODB,
            dynamodb_table_name="seed-bench",
            dynamodb_endpoint=f"http://127.0.0.1:{port}",
            dynamodb_read_timeout=120,
        )
        client = build_client(settings)
        table = create_seed_dynamodb_table(client, "seed-bench")
        table.batch_put(list(seed_items(sessions)))
        table.add_missing_indexes()
        sent = SentRequests()
        client.meta.events.register("after-call.dynamodb", sent)
        try:
            yield table, sent
        finally:
            client.close()


def migrate(table: Table, sent: SentRequests | None) -> tuple[dict[str, PhaseCount], str]:
    """Runs the in-place migration on `table`, counted per phase; its outcome in a line."""
    counted = CountingTable(table, sent)
    if sent is not None:
        sent.clear()
    counted.phase("plan")  # its first read (the checkpoint) comes before the phase is named
    migration = SeedMigration(
        counted,
        Repository(counted, page_size=PAGE_SIZE),
        in_place=True,
        check_name=athlete_name_problem,
        phase_started=counted.phase,
    )
    report = migration.run()
    phases = counted.finish()
    verification = report.verification
    if verification is None or not verification.matches:
        raise SystemExit(f"verification failed: {verification}")
    outcome = (
        f"{report.athletes} athletes, {report.sessions} sessions, {len(report.problems)} "
        f"problems, {report.seed_items_removed} old items removed; verified"
    )
    return phases, outcome


def markdown(sessions: int, engine: str, phases: dict[str, PhaseCount]) -> str:
    rows = [
        f"| phase ({sessions:,} sessions, {engine}) | requests | by operation "
        "| items read | items written | wall time |",
        "|---|--:|---|--:|--:|--:|",
    ]
    total = PhaseCount()
    for name in PHASES:
        count = phases.get(name, PhaseCount())
        operations = ", ".join(f"{n} {op}" for op, n in sorted(count.requests.items()))
        rows.append(
            f"| {name} | {count.total:,} | {operations} | {count.items_read:,} "
            f"| {count.items_written:,} | {count.seconds:.1f} s |"
        )
        total.requests += count.requests
        total.items_read += count.items_read
        total.items_written += count.items_written
        total.seconds += count.seconds
    rows.append(
        f"| **total** | **{total.total:,}** | | **{total.items_read:,}** "
        f"| **{total.items_written:,}** | **{total.seconds:.1f} s** |"
    )
    return "\n".join(rows)


def cross_check(phases: dict[str, PhaseCount]) -> str:
    """Whether botocore saw as many requests as the port counted, phase by phase."""
    differ = [
        f"{n}: {c.total} counted, {c.sent} sent" for n, c in phases.items() if c.total != c.sent
    ]
    return "botocore saw every counted request, no more" if not differ else "; ".join(differ)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000", help="sessions, comma-separated")
    parser.add_argument("--engine", choices=("sqlite", "moto"), default="sqlite")
    parser.add_argument("--moto-log", type=Path, help="keep the moto server's output here")
    parser.add_argument(
        "--plan-memory", action="store_true", help="only the plan's memory, on generated items"
    )
    args = parser.parse_args()
    # A retried request (a 5xx, a timeout) is worth seeing: the counts assume none.
    logging.basicConfig(format="%(asctime)s %(name)s %(message)s")
    retries = logging.getLogger("botocore.retries.standard")
    retries.setLevel(logging.DEBUG)
    retries.addFilter(lambda record: record.getMessage().startswith("Retry needed"))
    sizes = [int(size) for size in args.sizes.split(",")]
    for sessions in sizes:
        if args.plan_memory:
            plan_memory(sessions)
            continue
        started = time.monotonic()
        opened = (
            moto_seed_table(sessions, args.moto_log)
            if args.engine == "moto"
            else sqlite_seed_table(sessions)
        )
        with opened as (table, sent):
            print(f"filled {sessions} sessions in {time.monotonic() - started:.0f}s", flush=True)
            phases, outcome = migrate(table, sent)
        print(markdown(sessions, args.engine, phases))
        print(outcome)
        if sent is not None:
            print(cross_check(phases))
        print(flush=True)


if __name__ == "__main__":
    main()
