"""Commands that look after the store: create it, fill it with a demo, rebuild what derives
from the sessions."""

from __future__ import annotations

from typing import Annotated

import typer

from training_tracker.cli.common import console, fail, load_settings, open_store
from training_tracker.errors import TrackerError
from training_tracker.store.dynamodb import DynamoDBTable
from training_tracker.store.factory import build_table


def create_table(
    billing_mode: Annotated[
        str, typer.Option(help="PAY_PER_REQUEST (on-demand) or PROVISIONED")
    ] = "PAY_PER_REQUEST",
    capacity: Annotated[int, typer.Option(help="Read and write units each, when provisioned")] = 5,
) -> None:
    """Create the table and its indexes (or the embedded store) and wait until it is ready."""
    table = build_table(load_settings())
    try:
        if isinstance(table, DynamoDBTable):
            created = table.ensure_table(billing_mode=billing_mode.upper(), capacity=capacity)
        else:
            created = table.ensure_table()
    except TrackerError as error:
        raise fail(error) from None
    state = "created and ACTIVE" if created else "already exists with the expected schema"
    console.print(f"{table.describe()}: {state}")


def seed_demo(
    athletes: Annotated[int, typer.Option(min=1, max=1000)] = 3,
    days: Annotated[int, typer.Option(min=1, max=3650)] = 60,
) -> None:
    """Write example athletes and sessions (never done unless asked)."""
    from training_tracker.demo import seed_demo
    from training_tracker.services.athletes import AthleteService
    from training_tracker.services.sessions import SessionService

    table, repository = open_store(load_settings())
    made = seed_demo(
        AthleteService(repository), SessionService(repository), athlete_count=athletes, days=days
    )
    console.print(f"wrote {athletes} athletes and {made} sessions to {table.describe()}")


def rebuild_aggregates(
    restart: Annotated[
        bool, typer.Option(help="Ignore a checkpoint left by an earlier run")
    ] = False,
) -> None:
    """Recompute day/month totals, session counts and locators from the sessions."""
    from training_tracker.services.maintenance import TotalsRebuilder

    table, repository = open_store(load_settings())
    report = TotalsRebuilder(repository, progress=console.print).run(resume=not restart)
    console.print(
        f"rebuilt {table.describe()}: {report.athletes} athletes, {report.sessions} sessions, "
        f"{report.totals_written} totals written, {report.totals_removed} stale totals removed, "
        f"{report.names_refreshed} athlete names refreshed"
        + (" (resumed from a checkpoint)" if report.resumed else "")
    )


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

    table, repository = open_store(load_settings())
    recomputation = LoadRecomputation(
        AthleteService(repository), CheckpointStore(table), progress=console.print
    )
    report = recomputation.run(everyone=everyone, resume=not restart)
    console.print(
        f"recomputed {table.describe()}: {report.athletes_checked} athletes checked, "
        f"{report.sessions_changed} session loads changed"
        + (" (resumed from a checkpoint)" if report.resumed else "")
    )
