"""`training-tracker export | restore | backup`: the whole store to a portable file and back
into an empty store of either engine, and a live copy of the embedded store's file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from training_tracker.cli.common import console, fail, load_settings, open_store
from training_tracker.config import Engine
from training_tracker.errors import TrackerError
from training_tracker.services.dump_format import Contents
from training_tracker.services.store_dump import export_store
from training_tracker.services.store_restore import RestoreProgress, StoreRestore, counts_text
from training_tracker.store.checkpoints import CheckpointStore
from training_tracker.store.dump import StoreDump
from training_tracker.store.factory import build_table
from training_tracker.store.sqlite_backup import backup_file

SCAN_PAGE = 1000  # items per scan request (DynamoDB stops a page at 1 MB anyway)
USAGE = 2
INTERRUPTED = 130


def export_command(
    out: Annotated[Path, typer.Option("--out", help="The file to write (.jsonl.gz)")],
) -> None:
    """Write every record of the store to one gzip JSON Lines file: athletes, sessions,
    plans, wellness, tokens, import keys, unexpired Idempotency-Key answers. Totals are not
    written: `restore` rebuilds them. Written under a temporary name, renamed when whole."""
    table = build_table(load_settings())
    columns = (TextColumn("exporting"), TextColumn("{task.completed} records"))
    try:
        with Progress(*columns, TimeElapsedColumn(), console=console, transient=True) as bar:
            task = bar.add_task("export", total=None)
            report = export_store(
                StoreDump(table, page_size=SCAN_PAGE),
                out,
                progress=lambda n: bar.update(task, completed=n),
            )
    except TrackerError as error:
        raise fail(error) from None
    except KeyboardInterrupt:
        console.print(f"[yellow]interrupted: {out} was not written[/]")
        raise typer.Exit(INTERRUPTED) from None
    finally:
        table.close()
    console.print(
        f"exported {report.records} records ({counts_text(report.counts)}) from "
        f"{table.describe()} to {out} ({report.size} bytes)"
    )
    if report.passed_over:
        console.print(f"not exported: {counts_text(report.passed_over)}")


def restore_command(
    file: Annotated[Path, typer.Argument(help="A file `export` wrote")],
) -> None:
    """Load an export into an EMPTY store (either engine), then rebuild the totals.
    Re-running after an interruption resumes where it stopped, without duplicates."""
    table, repository = open_store(load_settings())
    restore = StoreRestore(
        repository, StoreDump(table, page_size=SCAN_PAGE), CheckpointStore(table)
    )
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    try:
        with Progress(*columns, TimeRemainingColumn(), console=console, transient=True) as bar:
            task = bar.add_task("checking", total=None)

            def checked(contents: Contents) -> None:
                total = sum(contents.counts.values())
                bar.update(task, description="restoring", total=total)

            report = restore.run(
                file,
                RestoreProgress(
                    checked=checked,
                    wrote=lambda n: bar.update(task, completed=n),
                    rebuilding=lambda line: bar.update(task, description=f"totals: {line}"),
                ),
            )
    except TrackerError as error:
        raise fail(error) from None
    except KeyboardInterrupt:
        console.print(
            "[yellow]interrupted: run the same command again to go on from where it stopped[/]"
        )
        raise typer.Exit(INTERRUPTED) from None
    finally:
        table.close()
    if report.resumed_after is not None:
        console.print(f"resumed after {report.resumed_after} records already in")
    header, rebuilt = report.contents.header, report.rebuild
    console.print(
        f"restored {sum(report.contents.counts.values())} records "
        f"({counts_text(report.contents.counts)}) from export {header.export_id} of "
        f"{header.exported_at} into {table.describe()}; totals rebuilt for "
        f"{rebuilt.athletes} athletes, {rebuilt.sessions} sessions"
    )


def backup_command(
    out: Annotated[Path, typer.Option("--out", help="The copy to write (.sqlite3)")],
) -> None:
    """Copy the embedded store's file with SQLite's online backup: safe while servers run
    and write. On DynamoDB, use point-in-time recovery or on-demand backups."""
    settings = load_settings()
    if settings.engine is Engine.DYNAMODB:
        console.print(
            f"[red]error:[/red] backup copies the embedded store's file; this store is the "
            f"DynamoDB table '{settings.table_name}'. Back it up with DynamoDB itself: "
            "point-in-time recovery (continuous, to any second of the last 35 days) or "
            "on-demand backups, as DYNAMODB_SETUP.md ('Backups and restore') shows; "
            "`training-tracker export` writes a portable file of its records."
        )
        raise typer.Exit(USAGE)
    columns = (TextColumn("copying"), BarColumn(), MofNCompleteColumn())
    try:
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task("backup", total=None)
            size = backup_file(
                settings.sqlite_path,
                out,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
    except TrackerError as error:
        raise fail(error) from None
    console.print(f"backed up {settings.sqlite_path} to {out} ({size} bytes, integrity check ok)")
