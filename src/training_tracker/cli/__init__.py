"""`training-tracker`: serve the API and look after its store. One module per concern."""

from __future__ import annotations

import typer

from training_tracker.cli.imports import import_files
from training_tracker.cli.migrate import MIGRATED, MISMATCH, WITH_PROBLEMS, migrate
from training_tracker.cli.serve import serve
from training_tracker.cli.store import create_table, rebuild_aggregates, recompute_loads, seed_demo
from training_tracker.cli.tokens import token_app

app = typer.Typer(
    help="Training Tracker: training sessions, statistics and training load.", no_args_is_help=True
)
app.command()(serve)
app.command("create-table")(create_table)
app.command("seed-demo")(seed_demo)
app.command("import")(import_files)
app.command("rebuild-aggregates")(rebuild_aggregates)
app.command("recompute-loads")(recompute_loads)
app.command()(migrate)
app.add_typer(token_app, name="token")

__all__ = ["MIGRATED", "MISMATCH", "WITH_PROBLEMS", "app"]
