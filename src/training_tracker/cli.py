"""`training-tracker`: serve the API and look after its table."""

from __future__ import annotations

import logging
import os
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from pydantic import ValidationError
from rich.console import Console
from rich.logging import RichHandler

from training_tracker import store_commands
from training_tracker.config import Engine, Settings, is_loopback
from training_tracker.domain.access import Role
from training_tracker.errors import TrackerError
from training_tracker.ops.logs import configure_logging
from training_tracker.services.seed_verify import Verification
from training_tracker.services.tokens import TokenService
from training_tracker.store.dynamodb import DynamoDBTable
from training_tracker.store.factory import build_dynamodb_table, build_table
from training_tracker.store.repository import Repository
from training_tracker.store.tokens import TokenStore

app = typer.Typer(
    help="Training Tracker: training sessions, statistics and training load.", no_args_is_help=True
)
console = Console(stderr=True, soft_wrap=True)  # whole lines, also off a terminal


def _settings() -> Settings:
    try:
        settings = Settings()
    except ValidationError as error:
        for problem in error.errors():
            console.print(f"[red]error:[/red] {problem['msg'].removeprefix('Value error, ')}")
        raise typer.Exit(2) from None
    if settings.log_format == "json":
        configure_logging(settings.log_level, settings.log_format)
    elif console.is_terminal:
        logging.basicConfig(
            level=settings.log_level.upper(),
            format="%(message)s",
            handlers=[RichHandler(console=console, show_path=False)],
        )
    else:  # one unwrapped line per record for log collectors
        logging.basicConfig(
            level=settings.log_level.upper(),
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        )
    return settings


@app.command()
def serve(
    host: Annotated[
        str, typer.Option(help="Interface to bind; 0.0.0.0 for every one")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8080,
    reload: Annotated[
        bool, typer.Option(help="Restart on code changes (development; one worker)")
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(min=1, max=256, help="Server processes; default: one per CPU core"),
    ] = None,
    allow_open_beyond_loopback: Annotated[
        bool,
        typer.Option(
            help="With AUTH_MODE=open, listen beyond loopback anyway: anyone who can reach "
            "the port acts as admin"
        ),
    ] = False,
) -> None:
    """Serve the HTTP API (Swagger UI at /docs)."""
    os.environ["BIND_HOST"] = host  # the app decides AUTH_MODE=auto from where it listens
    if allow_open_beyond_loopback:
        os.environ["ALLOW_OPEN_BEYOND_LOOPBACK"] = "true"
    settings = _settings()
    processes = 1 if reload else (workers or os.cpu_count() or 1)
    console.print(
        f"Training Tracker on http://{host}:{port} (docs at /docs), engine: {settings.engine}, "
        f"{processes} worker process{'es' if processes > 1 else ''}"
    )
    if not settings.auth_required:
        where = "loopback only" if is_loopback(host) else f"{host}, BEYOND loopback"
        console.print(
            f"[yellow]warning:[/yellow] auth is OPEN ({where}, AUTH_MODE={settings.auth_mode}): "
            "every request acts as admin, no token needed"
        )
    with tempfile.TemporaryDirectory(prefix="training-tracker-metrics-") as shared:
        if processes > 1 and settings.metrics_enabled and not settings.prometheus_multiproc_dir:
            # Each worker counts what it served; a directory they share lets /metrics add
            # them up whichever worker answers the scrape.
            os.environ["PROMETHEUS_MULTIPROC_DIR"] = shared
        uvicorn.run(
            "training_tracker.app:app_from_environment",
            factory=True,
            host=host,
            port=port,
            reload=reload,
            workers=None if reload else processes,
            # A worker imports the whole app before it answers the supervisor's first ping; on
            # a busy machine that takes longer than uvicorn's 5 s, and it would be respawned.
            timeout_worker_healthcheck=60,
            log_config=None,
            # Forwarded headers are believed only from TRUSTED_PROXIES, which the app handles.
            proxy_headers=False,
        )


@app.command("create-table")
def create_table(
    billing_mode: Annotated[
        str, typer.Option(help="PAY_PER_REQUEST (on-demand) or PROVISIONED")
    ] = "PAY_PER_REQUEST",
    capacity: Annotated[int, typer.Option(help="Read and write units each, when provisioned")] = 5,
) -> None:
    """Create the table and its indexes (or the embedded store) and wait until it is ready."""
    settings = _settings()
    table = build_table(settings)
    try:
        if isinstance(table, DynamoDBTable):
            created = table.ensure_table(billing_mode=billing_mode.upper(), capacity=capacity)
        else:
            created = table.ensure_table()
    except TrackerError as error:
        console.print(f"[red]error:[/red] {error.message}")
        raise typer.Exit(1) from None
    state = "created and ACTIVE" if created else "already exists with the expected schema"
    console.print(f"{table.describe()}: {state}")


@app.command("seed-demo")
def seed_demo_command(
    athletes: Annotated[int, typer.Option(min=1, max=1000)] = 3,
    days: Annotated[int, typer.Option(min=1, max=3650)] = 60,
) -> None:
    """Write example athletes and sessions (never done unless asked)."""
    from training_tracker.demo import seed_demo
    from training_tracker.services.athletes import AthleteService
    from training_tracker.services.sessions import SessionService

    settings = _settings()
    table = build_table(settings)
    if settings.engine is Engine.SQLITE:
        table.ensure_table()
    repository = Repository(table, page_size=settings.query_page_size)
    made = seed_demo(
        AthleteService(repository), SessionService(repository), athlete_count=athletes, days=days
    )
    console.print(f"wrote {athletes} athletes and {made} sessions to {table.describe()}")


@app.command("import")
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
    from training_tracker.import_command import run_import
    from training_tracker.services.imports import ImportService
    from training_tracker.store.factory import build_originals
    from training_tracker.store.imports import ImportKeys

    settings = _settings()
    table = build_table(settings)
    if settings.engine is Engine.SQLITE:
        table.ensure_table()
    repository = Repository(table, page_size=settings.query_page_size)
    service = ImportService(
        repository,
        ImportKeys(table, page_size=settings.query_page_size),
        build_originals(settings),
    )
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


@app.command("rebuild-aggregates")
def rebuild_aggregates(
    restart: Annotated[
        bool, typer.Option(help="Ignore a checkpoint left by an earlier run")
    ] = False,
) -> None:
    """Recompute day/month totals, session counts and locators from the sessions."""
    from training_tracker.services.maintenance import TotalsRebuilder

    settings = _settings()
    table = build_table(settings)
    repository = Repository(table, page_size=settings.query_page_size)
    report = TotalsRebuilder(repository, progress=console.print).run(resume=not restart)
    console.print(
        f"rebuilt {table.describe()}: {report.athletes} athletes, {report.sessions} sessions, "
        f"{report.totals_written} totals written, {report.totals_removed} stale totals removed, "
        f"{report.names_refreshed} athlete names refreshed"
        + (" (resumed from a checkpoint)" if report.resumed else "")
    )


@app.command("recompute-loads")
def recompute_loads(
    everyone: Annotated[
        bool, typer.Option(help="Every athlete's sessions, not only women's")
    ] = False,
    restart: Annotated[
        bool, typer.Option(help="Ignore a checkpoint left by an earlier run")
    ] = False,
) -> None:
    """Recompute stored session loads (and their totals) with the current formulas: after
    the women's TRIMP weighting was corrected. Resumable; a rerun changes nothing more."""
    from training_tracker.services.athletes import AthleteService
    from training_tracker.services.load_recomputation import LoadRecomputation
    from training_tracker.store.checkpoints import CheckpointStore

    settings = _settings()
    table = build_table(settings)
    repository = Repository(table, page_size=settings.query_page_size)
    recomputation = LoadRecomputation(
        AthleteService(repository), CheckpointStore(table), progress=console.print
    )
    report = recomputation.run(everyone=everyone, resume=not restart)
    console.print(
        f"recomputed {table.describe()}: {report.athletes_checked} athletes checked, "
        f"{report.sessions_changed} session loads changed"
        + (" (resumed from a checkpoint)" if report.resumed else "")
    )


# `migrate` exit codes, documented in docs/migration.md.
MIGRATED = 0  # migrated (or verified), no problems, the table answers what the old one did
FAILED = 1  # stopped by an error; rerun to resume from the checkpoint
USAGE = 2  # wrong options
WITH_PROBLEMS = 3  # migrated; every problem listed and repaired or left for review
MISMATCH = 4  # verification found a difference that is not an announced repair


@app.command()
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
    settings = _settings()
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


token_app = typer.Typer(
    help="API tokens: create (shown once), list, revoke. Talks to the store directly.",
    no_args_is_help=True,
)
app.add_typer(token_app, name="token")


def _token_service() -> TokenService:
    settings = _settings()
    table = build_table(settings)
    if settings.engine is Engine.SQLITE:
        table.ensure_table()
    repository = Repository(table, page_size=settings.query_page_size)
    return TokenService(TokenStore(table, page_size=settings.query_page_size), repository)


@token_app.command("create")
def token_create(
    role: Annotated[Role, typer.Option(help="admin, coach or athlete", case_sensitive=False)],
    athlete: Annotated[
        str | None, typer.Option(help="The athlete an athlete token belongs to (required)")
    ] = None,
    name: Annotated[str | None, typer.Option(help="A label, e.g. who holds the token")] = None,
    expires_in_days: Annotated[
        int | None,
        typer.Option(min=1, max=3650, help="Stop accepting the token after this many days"),
    ] = None,
) -> None:
    """Create a token and print it once: only its SHA-256 hash is stored."""
    lifetime = None if expires_in_days is None else timedelta(days=expires_in_days)
    try:
        new = _token_service().create(role, athlete_id=athlete, name=name, lifetime=lifetime)
    except TrackerError as error:
        console.print(f"[red]error:[/red] {error.message}")
        raise typer.Exit(1) from None
    record = new.record
    console.print(
        f"created token {record.token_id} (role {record.role}"
        + (f", athlete {record.athlete_id}" if record.athlete_id else "")
        + (f", expires {_moment(record.expires_at)}" if record.expires_at else "")
        + "); copy it now, it is not shown again:"
    )
    typer.echo(new.secret)  # stdout, alone on its line, so scripts can capture it


def _moment(moment: datetime | None) -> str:
    return moment.isoformat(timespec="seconds") if moment else "-"


@token_app.command("list")
def token_list() -> None:
    """Every token: id, role, athlete, name, created, revoked, expires, last used (to the
    hour; never the secret)."""
    tokens = _token_service().list()
    typer.echo("id\trole\tathlete\tname\tcreated\trevoked\texpires\tlast used")
    for t in tokens:
        fields = [
            t.token_id,
            t.role.value,
            t.athlete_id or "-",
            t.name or "-",
            _moment(t.created_at),
            _moment(t.revoked_at),
            _moment(t.expires_at),
            _moment(t.last_used_at),
        ]
        typer.echo("\t".join(fields))


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[str, typer.Argument(help="The id `token list` shows")],
) -> None:
    """Revoke a token; running servers stop accepting it within TOKEN_CACHE_SECONDS."""
    try:
        record = _token_service().revoke(token_id)
    except TrackerError as error:
        console.print(f"[red]error:[/red] {error.message}")
        raise typer.Exit(1) from None
    console.print(f"revoked token {record.token_id} (role {record.role})")


store_commands.register(app, _settings, console)
