"""`python -m bench.migration --sessions 10000`: time and count an in-place seed-v1 migration.

Fills a seed-layout table on a moto server (100 sessions per athlete, 1% of them moved to
another athlete the seed's way, leaving a second copy), then runs the migration as the CLI
does and prints, per phase, the wall time and the DynamoDB requests by operation: the
request counts are what carries over to AWS; moto's speed does not.

`--plan-memory` measures only the plan's peak memory (tracemalloc) and time on generated
items, without a table: it grows with the number of session ids.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from collections import Counter
from collections.abc import Iterator
from typing import Any

from bench.engines import moto_server
from tests.store.seed_tables import SeedWriter, create_seed_dynamodb_table
from training_tracker.api.schemas import athlete_name_problem
from training_tracker.config import Engine, Settings
from training_tracker.services.migration import SeedMigration
from training_tracker.services.seed_plan import plan_migration
from training_tracker.store.dynamodb import build_client
from training_tracker.store.port import Item
from training_tracker.store.repository import Repository

SESSIONS_PER_ATHLETE = 100
MOVED_EVERY = 100


class Requests:
    def __init__(self) -> None:
        self.by_operation: Counter[str] = Counter()

    def __call__(self, model: Any, **_: Any) -> None:
        self.by_operation[model.name] += 1

    def take(self) -> Counter[str]:
        taken, self.by_operation = self.by_operation, Counter()
        return taken


def fill(seed: SeedWriter, sessions: int) -> None:
    athletes = max(2, sessions // SESSIONS_PER_ATHLETE)
    for a in range(athletes):
        seed.athlete(f"athlete-{a:05d}", f"Athlete {a:05d}")
    items = []
    table, seed.table = seed.table, _Collect(items)  # type: ignore[assignment]
    for n in range(sessions):
        owner = f"athlete-{n % athletes:05d}"
        day = f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}"
        seed.create(f"s{n:07d}", owner, day, 30.0 + n % 60, 5.0 + n % 20)
        if n % MOVED_EVERY == 0:
            seed.update(f"s{n:07d}", f"athlete-{(n + 1) % athletes:05d}", day, 45.0, 9.0)
    table.batch_put(items)
    seed.table = table


class _Collect:
    """Collects the writer's items so the fill is one batched write."""

    def __init__(self, items: list[Any]) -> None:
        self.items = items

    def batch_put(self, items: list[Any]) -> None:
        self.items.extend(items)


def plan_memory(sessions: int) -> None:
    """The plan's own peak memory and CPU time over generated items (no table, no pages)."""

    def items() -> Iterator[Item]:
        seed = SeedWriter(_Collect([]))
        collected: list[Item] = seed.table.items  # type: ignore[attr-defined]
        athletes = max(2, sessions // SESSIONS_PER_ATHLETE)
        for a in range(athletes):
            seed.athlete(f"athlete-{a:05d}", f"Athlete {a:05d}")
        for n in range(sessions):
            day = f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}"
            seed.create(f"s{n:07d}", f"athlete-{n % athletes:05d}", day, 30.0, 5.0)
            if n % MOVED_EVERY == 0:
                seed.update(f"s{n:07d}", f"athlete-{(n + 1) % athletes:05d}", day, 45.0, 9.0)
            yield from collected
            collected.clear()
        yield from collected

    tracemalloc.start()
    started = time.monotonic()
    plan = plan_migration(items, athlete_name_problem)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(
        f"plan of {sessions} sessions ({len(plan.problems)} duplicates): peak "
        f"{peak / 2**20:.1f} MiB traced ({peak / sessions:.0f} bytes per session), "
        f"{time.monotonic() - started:.1f}s CPU with tracing"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument(
        "--plan-memory", action="store_true", help="only the plan's memory, on generated items"
    )
    args = parser.parse_args()
    if args.plan_memory:
        plan_memory(args.sessions)
        return
    with moto_server() as endpoint:
        settings = Settings(
            storage_engine=Engine.DYNAMODB,
            dynamodb_table_name="seed-bench",
            dynamodb_endpoint=endpoint,
            dynamodb_read_timeout=120,
        )
        client = build_client(settings)
        table = create_seed_dynamodb_table(client, "seed-bench")
        started = time.monotonic()
        fill(SeedWriter(table), args.sessions)
        print(f"filled {args.sessions} sessions in {time.monotonic() - started:.0f}s")
        requests = Requests()
        client.meta.events.register("after-call.dynamodb", requests)
        table.add_missing_indexes()
        requests.take()
        repository = Repository(table, page_size=settings.query_page_size)
        last = ["plan", time.monotonic(), time.monotonic()]

        def progress(message: str) -> None:
            word = message.split()[0]
            if word != last[0]:
                now = time.monotonic()
                print(
                    f"  {last[0]:>10} -> {word:<10} {now - last[1]:6.1f}s {dict(requests.take())}"
                )
                last[:2] = [word, now]

        migration = SeedMigration(
            table, repository, in_place=True, check_name=athlete_name_problem, progress=progress
        )
        report = migration.run()
        now = time.monotonic()
        print(f"  {last[0]:>10} -> {'end':<10} {now - last[1]:6.1f}s {dict(requests.take())}")
        verification = report.verification
        print(
            f"migrated {report.athletes} athletes, {report.sessions} sessions with "
            f"{len(report.problems)} problems in {now - last[2]:.1f}s;",
            "verified" if verification and verification.matches else "VERIFICATION FAILED",
        )
        started = time.monotonic()
        again = migration.verify()
        print(f"migrate --verify alone: {time.monotonic() - started:.1f}s, {dict(requests.take())}")
        if not again.matches:
            raise SystemExit("verification failed")


if __name__ == "__main__":
    main()
