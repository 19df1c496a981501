"""`training-tracker import PATH... --athlete ID`: files, folders and export zips, through
the same import service as the upload route (so no rate limit applies).

An interrupted run is resumed by running the same command again: everything imported
already is recognised as a duplicate (a plain file by one key lookup, before parsing)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table as RichTable

from training_tracker.cli.common import console, load_settings, open_store
from training_tracker.domain.imports import ItemStatus
from training_tracker.domain.models import Athlete
from training_tracker.errors import TrackerError
from training_tracker.importers.sniff import claimed_kind
from training_tracker.services.import_reports import ItemReport, counts, failed
from training_tracker.services.imports import ImportService
from training_tracker.store.factory import build_originals
from training_tracker.store.imports import ImportKeys

_STYLE = {ItemStatus.CREATED: "green", ItemStatus.DUPLICATE: "dim", ItemStatus.FAILED: "red"}


def files_under(paths: Iterable[Path]) -> Iterator[Path]:
    """Each path given, and in folders every file with an importable name, in name order."""
    for path in paths:
        if path.is_dir():
            found = (p for p in path.rglob("*") if p.is_file() and claimed_kind(p.name))
            yield from sorted(found)
        else:
            yield path


def _detail(report: ItemReport, dry_run: bool) -> str:
    if report.failure is not None:
        return f"{report.failure.code}: {report.failure.message}"
    if report.status is ItemStatus.DUPLICATE:
        return "already imported: " + ", ".join(
            f"{r.date.isoformat()} {r.id}" for r in report.duplicate_of
        )
    verb = "would create" if dry_run else "created"
    text = f"{verb} " + ", ".join(
        f"{s.date.isoformat()} {s.sport or ''} {s.duration} min".strip() for s in report.sessions
    )
    return text + "".join(f" ({w})" for w in report.warnings)


def run_import(
    service: ImportService,
    athlete_id: str,
    paths: list[Path],
    *,
    dry_run: bool,
    console: Console,
    max_bytes: int,
) -> list[ItemReport]:
    athlete = service.athlete(athlete_id)
    todo = list(files_under(paths))
    reports: list[ItemReport] = []
    interrupted = False
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("importing", total=len(todo))
        try:
            for path in todo:
                progress.update(task, description=path.name[:40])
                reports += _one(service, athlete, path, dry_run, max_bytes)
                progress.advance(task)
        except KeyboardInterrupt:
            interrupted = True
    _print_report(console, reports, dry_run)
    if interrupted:
        console.print(
            f"[yellow]interrupted after {len(reports)} item(s); run the same command again "
            "to go on: what was imported is recognised as a duplicate and skipped[/]"
        )
        raise KeyboardInterrupt
    return reports


def _one(
    service: ImportService, athlete: Athlete, path: Path, dry_run: bool, max_bytes: int
) -> list[ItemReport]:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return [failed(str(path), "TOO_LARGE", f"{path} is larger than {max_bytes} bytes")]
        data = path.read_bytes()
    except OSError as error:
        return [failed(str(path), "UNREADABLE", f"{path}: {error.strerror or error}")]
    return service.import_upload(athlete, str(path), data, dry_run=dry_run)


def _print_report(console: Console, reports: list[ItemReport], dry_run: bool) -> None:
    table = RichTable(title="import report", show_lines=False, expand=False)
    table.add_column("file")
    table.add_column("result")
    table.add_column("detail", overflow="fold")
    for report in reports:
        status = report.status
        label = "would import" if dry_run and status is ItemStatus.CREATED else status.value
        table.add_row(report.name, f"[{_STYLE[status]}]{label}[/]", _detail(report, dry_run))
    if reports:
        console.print(table)
    by_status = counts(reports)
    sessions = sum(len(r.sessions) for r in reports)
    verb = "would create" if dry_run else "created"
    console.print(
        f"{by_status[ItemStatus.CREATED]} imported ({verb} {sessions} sessions), "
        f"{by_status[ItemStatus.DUPLICATE]} already there, {by_status[ItemStatus.FAILED]} failed"
    )


def import_files(
    paths: Annotated[
        list[Path], typer.Argument(help="Files, folders, Strava or Garmin export zips, CSVs")
    ],
    athlete: Annotated[str, typer.Option("--athlete", help="The athlete's id")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Read and check everything, write nothing")
    ] = False,
) -> None:
    """Import activity files for one athlete, with a report per file. Re-running resumes:
    what is imported already is skipped as a duplicate."""
    settings = load_settings()
    table, repository = open_store(settings)
    keys = ImportKeys(table, page_size=settings.query_page_size)
    service = ImportService(repository, keys, build_originals(settings))
    try:
        reports = run_import(
            service,
            athlete,
            paths,
            dry_run=dry_run,
            console=console,
            max_bytes=settings.max_upload_bytes,
        )
    except TrackerError as error:
        console.print(f"[red]{error.code}: {error.message}[/]")
        raise typer.Exit(2) from error
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    finally:
        table.close()
    if any(r.failure is not None for r in reports):
        raise typer.Exit(1)
