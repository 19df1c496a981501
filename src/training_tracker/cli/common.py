"""What every command shares: the console, the settings (read once) and the store."""

from __future__ import annotations

import logging

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.logging import RichHandler

from training_tracker.config import Engine, Settings
from training_tracker.errors import TrackerError
from training_tracker.ops.logs import configure_logging
from training_tracker.store.factory import build_table
from training_tracker.store.port import Table
from training_tracker.store.repository import Repository

console = Console(stderr=True, soft_wrap=True)  # whole lines, also off a terminal


def load_settings() -> Settings:
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


def open_store(settings: Settings) -> tuple[Table, Repository]:
    """The configured store and its repository; the embedded one is created on first use."""
    table = build_table(settings)
    if settings.engine is Engine.SQLITE:
        table.ensure_table()
    return table, Repository(table, page_size=settings.query_page_size)


def fail(error: TrackerError, code: int = 1) -> typer.Exit:
    """Print the error for an operator; the caller raises the returned exit."""
    console.print(f"[red]error:[/red] {error.message}")
    return typer.Exit(code)
