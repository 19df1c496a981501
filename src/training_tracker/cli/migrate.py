"""`training-tracker migrate --from seed-v1`: convert a table of the original layout, repair
and report what it got wrong, then verify (docs/migration.md)."""

from __future__ import annotations

from typing import Annotated

import typer

from training_tracker.cli.common import console, load_settings
from training_tracker.config import Engine
from training_tracker.errors import TrackerError
from training_tracker.services.seed_verify import Verification
from training_tracker.store.dynamodb import DynamoDBTable
from training_tracker.store.factory import build_dynamodb_table, build_table
from training_tracker.store.repository import Repository

# `migrate` exit codes, documented in docs/migration.md.
MIGRATED = 0  # migrated (or verified), no problems, the table answers what the old one did
FAILED = 1  # stopped by an error; rerun to resume from the checkpoint
USAGE = 2  # wrong options
WITH_PROBLEMS = 3  # migrated; every problem listed and repaired or left for review
MISMATCH = 4  # verification found a difference that is not an announced repair


def migrate(
    from_layout: Annotated[
        str, typer.Option("--from", help="Layout of the source table; only seed-v1 is known")
    ] = "seed-v1",
    source_table: Annotated[
        str | None,
        typer.Option(help="DynamoDB table in the old layout; default: convert in place"),
    ] = None,
    dry_run: Annotated[bool, typer.Option(help="Only report what would be done")] = False,
    verify: Annotated[
        bool,
        typer.Option(
            "--verify",
            help="Only compare the table with the old one's view (recorded by the migration, "
            "or read from --source-table)",
        ),
    ] = False,
    restart: Annotated[
        bool, typer.Option(help="Ignore a checkpoint left by an earlier run")
    ] = False,
) -> None:
    """Convert a table written by an earlier layout into this one, in place or into this store.

    The source is read from DYNAMODB_ENDPOINT/AWS_REGION; the target is the configured store.
    Exit codes: 0 migrated cleanly, 1 error (rerun resumes), 2 usage, 3 migrated with
    problems (listed), 4 verification mismatch.
    """
    from training_tracker.api.schemas import athlete_name_problem
    from training_tracker.services.migration import SeedMigration
    from training_tracker.services.seed_verify import verify_migration

    if from_layout != "seed-v1":
        console.print(f"[red]error:[/red] unknown layout {from_layout!r}; known: seed-v1")
        raise typer.Exit(USAGE)
    settings = load_settings()
    target = build_table(settings)
    source_name = source_table or settings.table_name
    in_place = settings.engine is Engine.DYNAMODB and source_name == settings.table_name
    if (
        settings.engine is Engine.DYNAMODB
        and settings.dynamodb_table_name is None
        and not source_table
    ):
        console.print("[red]error:[/red] set DYNAMODB_TABLE_NAME or pass --source-table")
        raise typer.Exit(USAGE)
    source = target if in_place else build_dynamodb_table(settings, source_name)
    repository = Repository(target, page_size=settings.query_page_size)
    migration = SeedMigration(
        source,
        repository,
        in_place=in_place,
        check_name=athlete_name_problem,
        progress=console.print,
    )
    try:
        if verify:
            against = "the old table" if not in_place and source_table else "the recorded view"
            plan = migration.plan() if not in_place and source_table else None
            verification = verify_migration(plan, repository) if plan else migration.verify()
            raise typer.Exit(_print_verification(verification, against))
        if not dry_run:
            if isinstance(target, DynamoDBTable) and in_place:
                for name in target.add_missing_indexes():
                    console.print(f"added index {name} to {target.describe()}")
            elif not isinstance(target, DynamoDBTable):
                target.ensure_table()
        report = migration.run(dry_run=dry_run, resume=not restart)
    except TrackerError as error:
        console.print(f"[red]error:[/red] {error.message}")
        raise typer.Exit(FAILED) from None
    for problem in report.problems:
        console.print(f"problem: {problem}")
    if report.nothing_left:
        console.print(f"nothing of the old layout is left to copy in '{source_name}'")
    else:
        verb = "would copy" if dry_run else "copied"
        console.print(
            f"{verb} {report.athletes} athletes and {report.sessions} sessions from "
            f"'{source_name}' to {target.describe()}"
            + ("" if dry_run else f"; removed {report.seed_items_removed} old items")
        )
    code = WITH_PROBLEMS if report.problems else MIGRATED
    if report.verification is not None:
        code = max(code, _print_verification(report.verification, "the recorded view"))
    summary = f"with {len(report.problems)} problems"
    if dry_run:
        console.print(f"dry run: would migrate {summary}")
    elif code == MISMATCH:
        count = len(report.verification.mismatches) if report.verification else 0
        console.print(f"migrated {summary}; verification FAILED with {count} mismatches")
    else:
        console.print(f"migrated {summary}")
    raise typer.Exit(code)


def _print_verification(verification: Verification, against: str) -> int:
    for mismatch in verification.mismatches:
        console.print(f"mismatch: {mismatch}")
    figures = (
        f"{verification.athletes} athletes, {verification.sessions} sessions, "
        f"{verification.days} athlete-days compared with {against}"
    )
    if verification.matches:
        console.print(f"verified: {figures}: all match")
        return MIGRATED
    console.print(f"verification FAILED: {figures}: {len(verification.mismatches)} mismatches")
    return MISMATCH
