"""`training-tracker`: serve the API and look after its table."""

from __future__ import annotations

import logging
from typing import Annotated

import typer
import uvicorn
from rich.console import Console
from rich.logging import RichHandler

from training_tracker.config import Engine, Settings
from training_tracker.errors import TrackerError
from training_tracker.store.dynamodb import DynamoDBTable
from training_tracker.store.factory import build_table
from training_tracker.store.repository import Repository

app = typer.Typer(
    help="Training Tracker: training sessions, statistics and training load.", no_args_is_help=True
)
console = Console(stderr=True)


def _settings() -> Settings:
    settings = Settings()
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(message)s",
        handlers=[RichHandler(console=console, show_path=False)],
    )
    return settings


@app.command()
def serve(
    host: Annotated[
        str, typer.Option(help="Interface to bind; 0.0.0.0 for every one")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8080,
    reload: Annotated[bool, typer.Option(help="Restart on code changes (development)")] = False,
) -> None:
    """Serve the HTTP API (Swagger UI at /docs)."""
    settings = _settings()
    console.print(
        f"Training Tracker on http://{host}:{port} (docs at /docs), engine: {settings.engine}"
    )
    uvicorn.run(
        "training_tracker.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        reload=reload,
        log_config=None,
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
