"""`training-tracker serve`: the HTTP API under uvicorn, one process per core by default."""

from __future__ import annotations

import os
import tempfile
from typing import Annotated

import typer
import uvicorn

from training_tracker.cli.common import console, load_settings
from training_tracker.config import is_loopback


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
    settings = load_settings()
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
