"""`python -m bench.run` (`./pw bench`): fill, measure every endpoint, throughput, report.

./pw bench                      # 1k, 10k, 100k sessions; writes docs/benchmarks.md
./pw bench --quick              # 200 and 2000 sessions, a smoke run, prints only
./pw bench --sizes 1000,50000 --engines sqlite --output /tmp/bench.md
./pw bench --only-dump          # only export/restore/backup at 100k; rewrites its own section
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from bench import dump, report
from bench.engines import MOTO, SQLITE, Store, drop, moto_server, moto_store, sqlite_store
from bench.fill import Dataset, load, make_dataset
from bench.history import Row as HistoryRow
from bench.history import history_rows, measure_history
from bench.imports import ImportBench, measure_imports
from bench.imports import markdown as import_markdown
from bench.latency import Latency, latency_rows, measure_latency
from bench.measure import measure_all
from bench.report import Run
from bench.throughput import Target, serve_and_load

console = Console(width=None if Console().is_terminal else 160)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        help="sessions per store, comma-separated (default 1000,10000,100000; --quick: 200,2000)",
    )
    parser.add_argument("--quick", action="store_true", help="small smoke run")
    parser.add_argument("--engines", default="sqlite,moto", help="sqlite and/or moto")
    parser.add_argument("--reps", type=int, help="calls per endpoint (default 100; quick 20)")
    parser.add_argument(
        "--moto-max",
        type=int,
        default=10_000,
        help="largest size run on moto (it slows down with table size)",
    )
    parser.add_argument(
        "--moto-writes-max",
        type=int,
        default=1_000,
        help="largest size whose writes are measured on moto",
    )
    parser.add_argument(
        "--moto-budget",
        type=float,
        default=8.0,
        help="seconds per endpoint on moto (at least one call)",
    )
    parser.add_argument("--seconds", type=float, help="throughput seconds per server (10)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients")
    parser.add_argument(
        "--workers",
        help="server process counts for throughput (default: 1 and one per core)",
    )
    parser.add_argument("--no-throughput", action="store_true")
    parser.add_argument("--no-profile", action="store_true", help="skip the py-spy profile")
    parser.add_argument("--no-imports", action="store_true", help="skip the FIT import line")
    parser.add_argument("--no-dump", action="store_true", help="skip export/restore/backup")
    parser.add_argument(
        "--only-dump",
        action="store_true",
        help="run only export/restore/backup (at the largest size) and replace its section",
    )
    parser.add_argument(
        "--output", type=Path, help="markdown report (default docs/benchmarks.md; --quick: none)"
    )
    args = parser.parse_args(argv)
    default_sizes = "200,2000" if args.quick else "1000,10000,100000"
    args.sizes = sorted(int(s) for s in (args.sizes or default_sizes).split(","))
    cores = os.cpu_count() or 1
    args.workers = sorted({int(w) for w in (args.workers or f"1,{cores}").split(",")})
    args.reps = args.reps or (20 if args.quick else 100)
    args.seconds = args.seconds or (4.0 if args.quick else 10.0)
    if args.output is None and not args.quick:
        args.output = Path("docs/benchmarks.md")
    if args.quick:
        args.moto_writes_max = min(args.moto_writes_max, args.sizes[0])
        args.moto_budget = min(args.moto_budget, 3.0)
    return args


def bench_store(store: Store, data: Dataset, args: argparse.Namespace) -> Run:
    moto = store.engine == MOTO
    began = time.perf_counter()
    written = load(store.table, data, chunk=500 if moto else 5000, workers=4 if moto else 1)
    run = Run(
        store.engine,
        len(data.sessions),
        len(data.athletes),
        data.busiest_day,
        written,
        time.perf_counter() - began,
    )
    console.log(
        f"{store.engine} {len(data.sessions)}: {written} items in "
        f"{run.fill_seconds:.1f}s; verified, measuring (load avg {report.load_average()})"
    )
    with console.status("") as status:
        run.results = list(
            measure_all(
                store,
                data,
                reps=args.reps,
                budget=args.moto_budget if moto else None,
                writes=not moto or len(data.sessions) <= args.moto_writes_max,
                progress=lambda name: status.update(f"{store.engine} {len(data.sessions)}: {name}"),
            )
        )
    return run


def run_sqlite(args: argparse.Namespace, workdir: Path) -> tuple[list[Run], Path, Dataset]:
    runs = []
    for size in args.sizes:
        data = make_dataset(size)
        path = workdir / f"store-{size}.sqlite3"
        store = sqlite_store(path)
        runs.append(bench_store(store, data, args))
        store.table.close()
    return runs, path, data


def run_moto(args: argparse.Namespace) -> tuple[list[Run], list[Latency]]:
    runs = []
    with moto_server() as endpoint:
        for size in [s for s in args.sizes if s <= args.moto_max]:
            store = moto_store(endpoint, f"bench-{size}")
            runs.append(bench_store(store, make_dataset(size), args))
            drop(store)
        console.log("an athlete's first page behind 5 and 10 ms of DynamoDB latency")
        latency = measure_latency()
    return runs, latency


def show(
    runs_by_engine: dict[str, list[Run]],
    targets: list[Target],
    breakdown: list[tuple[str, float]],
    args: argparse.Namespace,
) -> None:
    for engine, runs in runs_by_engine.items():
        report.print_table(console, f"{engine}: cost per call", *report.cost_rows(runs))
        for endpoint, line in report.engine_verdicts(runs, runs_by_engine.get(SQLITE, [])):
            console.print(f"  {endpoint}: {line}")
        if engine != SQLITE and (check := report.same_as(runs, runs_by_engine.get(SQLITE, []))):
            console.print(f"  cross-check: {check}")
        report.print_table(console, f"{engine}: latency", *report.latency_rows(runs))
    all_runs = [run for runs in runs_by_engine.values() for run in runs]
    report.print_table(console, "fill", *report.fill_rows(all_runs))
    if targets:
        report.print_table(
            console,
            f"throughput, {args.clients} concurrent clients",
            *report.throughput_rows(targets),
        )
    if breakdown:
        report.print_table(console, "one worker's time", *report.profile_rows(breakdown))
    for note in report.caps(args, runs_by_engine):
        console.print(f"[yellow]note:[/yellow] {note}")


def run_dump_only(args: argparse.Namespace) -> None:
    size = max(args.sizes)
    console.log(f"export, restore and backup of an embedded store of {size} sessions")
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        result = dump.measure_dump(Path(tmp), size)
    report.print_table(console, "whole store", *result.rows())
    if args.output:
        text = args.output.read_text() if args.output.exists() else ""
        section = dump.markdown(result, report.load_average())
        args.output.write_text(dump.replace_section(text, section))
        console.log(f"replaced its section of {args.output}")


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    if args.only_dump:
        run_dump_only(args)
        return
    engines = {e.strip() for e in args.engines.split(",")}
    machine = report.machine()
    machine["load average before"] = report.load_average()
    console.log(f"bench: sizes {args.sizes}, engines {sorted(engines)}, {machine['cores']} cores")
    runs: dict[str, list[Run]] = {}
    targets: list[Target] = []
    breakdown: list[tuple[str, float]] = []
    grown: list[HistoryRow] = []
    waits: list[Latency] = []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        workdir = Path(tmp)
        if "sqlite" in engines:
            runs[SQLITE], largest, data = run_sqlite(args, workdir)
            console.log("one athlete with 1, 5 and 10 years of history")
            grown = measure_history(workdir)
            if not args.no_throughput:
                console.log(
                    f"throughput on the {len(data.sessions)}-session store, "
                    f"{args.clients} clients, {args.seconds:.0f}s per server"
                )
                targets, breakdown = serve_and_load(
                    largest,
                    [a.id for a in data.athletes],
                    workdir,
                    workers=args.workers,
                    clients=args.clients,
                    seconds=args.seconds,
                    profile=not args.no_profile,
                )
        if "moto" in engines:
            runs[MOTO], waits = run_moto(args)
        imports: ImportBench | None = None
        if not args.no_imports:
            console.log("importing 1-hour 1 Hz FIT files")
            imports = measure_imports(workdir, files=4 if args.quick else 8)
        whole: dump.DumpBench | None = None
        if not args.no_dump:
            console.log(f"export, restore and backup of {max(args.sizes)} sessions")
            whole = dump.measure_dump(workdir, max(args.sizes))
    machine["load average after"] = report.load_average()
    show(runs, targets, breakdown, args)
    if grown:
        report.print_table(console, "history", *history_rows(grown))
    if waits:
        report.print_table(console, "DynamoDB latency", *latency_rows(waits))
    if imports is not None:
        report.print_table(console, "importing FIT files", *imports.rows())
    if whole is not None:
        report.print_table(console, "whole store", *whole.rows())
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        text = report.markdown(machine, runs, targets, breakdown, grown, waits, args)
        if imports is not None:
            text = text.rstrip("\n") + "\n\n" + import_markdown(imports)
        if whole is not None:
            text = dump.replace_section(text, dump.markdown(whole, report.load_average()))
        args.output.write_text(text)
        console.log(f"wrote {args.output}")


if __name__ == "__main__":
    main()
