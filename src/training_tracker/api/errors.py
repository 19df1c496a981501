"""The one place errors become HTTP responses."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from training_tracker.errors import TrackerError

log = logging.getLogger(__name__)


def render(error: TrackerError) -> JSONResponse:
    body = error.body()
    return JSONResponse({**body, "detail": body}, status_code=error.status_code, headers=error.headers())


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(TrackerError)
    async def tracker_error(_: Request, error: TrackerError) -> JSONResponse:
        if error.status_code >= 500:
            log.warning("%s: %s", error.code, error.message)
        return render(error)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        body = {"error": "INTERNAL_ERROR", "message": "Internal server error"}
        return JSONResponse({**body, "detail": body}, status_code=500)
