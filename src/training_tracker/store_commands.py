"""`training-tracker export | restore | backup`: the whole store to a portable file and back
into an empty store of either engine, and a live copy of the embedded store's file.

Registered on the main CLI by `register`, so cli.py only lists it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from training_tracker.config import Engine, Settings
from training_tracker.errors import TrackerError
from training_tracker.services.dump_format import Contents
from training_tracker.services.store_dump import export_store
from training_tracker.services.store_restore import (
    RestoreProgress,
    StoreRestore,
    counts_text,
)
from training_tracker.store.checkpoints import CheckpointStore
from training_tracker.store.dump import StoreDump
from training_tracker.store.factory import build_table
from training_tracker.store.repository import Repository
from training_tracker.store.sqlite_backup import backup_file

SCAN_PAGE = 1000  # items per scan request (DynamoDB stops a page at 1 MB anyway)
FAILED = 1
USAGE = 2
INTERRUPTED = 130


def _bar(console: Console) -> Progress:
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    return Progress(*columns, console=console, transient=True)


def register(app: typer.Typer, settings: Callable[[], Settings], console: Console) -> None:
    @app.command("export")
    def export_command(
        out: Annotated[Path, typer.Option("--out", help="The file to write (.jsonl.gz)")],
    ) -> None:
        """Write every record of the store to one gzip JSON Lines file: athletes, sessions,
        plans, wellness, tokens, import keys, unexpired Idempotency-Key answers. Totals are
        not written: `restore` rebuilds them. Written under a temporary name, renamed when
        whole."""
        config = settings()
        table = build_table(config)
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
            console.print(f"[red]error:[/red] {error.message}")
            raise typer.Exit(FAILED) from None
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

    @app.command("restore")
    def restore_command(
        file: Annotated[Path, typer.Argument(help="A file `export` wrote")],
    ) -> None:
        """Load an export into an EMPTY store (either engine), then rebuild the totals.
        Re-running after an interruption resumes where it stopped, without duplicates."""
        config = settings()
        table = build_table(config)
        try:
            if config.engine is Engine.SQLITE:
                table.ensure_table()
            repository = Repository(table, page_size=config.query_page_size)
            restore = StoreRestore(
                repository, StoreDump(table, page_size=SCAN_PAGE), CheckpointStore(table)
            )
            with _bar(console) as bar:
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
            console.print(f"[red]error:[/red] {error.message}")
            raise typer.Exit(FAILED) from None
        except KeyboardInterrupt:
            console.print(
                "[yellow]interrupted: run the same command again to go on from where it stopped[/]"
            )
            raise typer.Exit(INTERRUPTED) from None
        finally:
            table.close()
        if report.resumed_after is not None:
            console.print(f"resumed after {report.resumed_after} records already in")
        rebuilt = report.rebuild
        console.print(
            f"restored {sum(report.contents.counts.values())} records "
            f"({counts_text(report.contents.counts)}) from export "
            f"{report.contents.header.export_id} of {report.contents.header.exported_at} "
            f"into {table.describe()}; totals rebuilt for {rebuilt.athletes} athletes, "
            f"{rebuilt.sessions} sessions"
        )

    @app.command("backup")
    def backup_command(
        out: Annotated[Path, typer.Option("--out", help="The copy to write (.sqlite3)")],
    ) -> None:
        """Copy the embedded store's file with SQLite's online backup: safe while servers
        run and write. On DynamoDB, use point-in-time recovery or on-demand backups."""
        config = settings()
        if config.engine is Engine.DYNAMODB:
            console.print(
                f"[red]error:[/red] backup copies the embedded store's file; this store is "
                f"the DynamoDB table '{config.table_name}'. Back it up with DynamoDB itself: "
                "point-in-time recovery (continuous, to any second of the last 35 days) or "
                "on-demand backups, as DYNAMODB_SETUP.md ('Backups and restore') shows; "
                "`training-tracker export` writes a portable file of its records."
            )
            raise typer.Exit(USAGE)
        try:
            with _bar(console) as bar:
                task = bar.add_task("copying pages", total=None)
                size = backup_file(
                    config.sqlite_path,
                    out,
                    progress=lambda done, total: bar.update(task, completed=done, total=total),
                )
        except TrackerError as error:
            console.print(f"[red]error:[/red] {error.message}")
            raise typer.Exit(FAILED) from None
        console.print(f"backed up {config.sqlite_path} to {out} ({size} bytes, integrity check ok)")
