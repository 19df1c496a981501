"""Puts the operational endpoints and the access log on an app (called by create_app)."""

from __future__ import annotations

import hmac

from fastapi import FastAPI, Request
from fastapi.responses import Response

from training_tracker.api.errors import render
from training_tracker.config import Settings
from training_tracker.errors import UnauthorizedError
from training_tracker.ops import health
from training_tracker.ops.access_log import AccessLog
from training_tracker.ops.metrics import CONTENT_TYPE, Metrics


def install_operations(app: FastAPI, settings: Settings) -> None:
    """Add last, so the access log wraps every other middleware and sees their answers."""
    app.include_router(health.router)
    metrics = Metrics(settings.prometheus_multiproc_dir) if settings.metrics_enabled else None
    if metrics is not None:
        _mount_metrics(app, metrics, settings)
    app.add_middleware(AccessLog, metrics=metrics)


def _mount_metrics(app: FastAPI, metrics: Metrics, settings: Settings) -> None:
    secret = settings.metrics_token.get_secret_value() if settings.metrics_token else None

    @app.get(
        "/metrics",
        tags=["operations"],
        response_class=Response,
        responses={200: {"content": {CONTENT_TYPE: {}}, "description": "Prometheus text"}},
    )
    def prometheus_metrics(request: Request) -> Response:
        """Prometheus text format; needs `Bearer <METRICS_TOKEN>` when that is set."""
        if secret is not None:
            scheme, _, sent = (request.headers.get("authorization") or "").partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(
                sent.strip().encode(), secret.encode()
            ):
                return render(UnauthorizedError("metrics need Authorization: Bearer <token>"))
        return Response(metrics.exposition(), media_type=CONTENT_TYPE)
