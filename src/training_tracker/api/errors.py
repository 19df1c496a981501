"""The one place errors become HTTP responses."""

from __future__ import annotations

import logging
import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import iter_route_contexts
from starlette.exceptions import HTTPException
from starlette.routing import compile_path

from training_tracker.api.fields import INVALID_DATE
from training_tracker.errors import TrackerError

log = logging.getLogger(__name__)


def render(error: TrackerError) -> JSONResponse:
    body = error.body()
    return JSONResponse(
        {**body, "detail": body}, status_code=error.status_code, headers=error.headers()
    )


def _json_safe(value: Any) -> Any:
    """What a client sent, echoed in a 422, made writable as JSON: NaN and infinities as text,
    lone surrogates (valid in a JSON string escape, not in UTF-8) as U+FFFD."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, str):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    return value


METHOD_ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(request: Request) -> list[str]:
    """Every method the path has. Starlette's own 405 names only the first route whose path
    matched, so `Allow` on /v1/athletes said GET but not POST. The path is the first template
    that matches, as routing tries them: /v1/training-sessions/statistics is not a session."""
    path = request.url.path
    template: str | None = None
    methods: set[str] = set()
    for route in iter_route_contexts(request.app.routes):
        if not (route.path and route.methods) or template not in (None, route.path):
            continue
        if compile_path(route.path)[0].match(path):
            template = route.path
            methods |= route.methods
    return sorted(methods, key=lambda m: (*METHOD_ORDER, m).index(m))


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        if error.status_code == 405:
            allow = {"Allow": ", ".join(allowed_methods(request))}
            error = HTTPException(405, error.detail, headers={**(error.headers or {}), **allow})
        return await http_exception_handler(request, error)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, error: RequestValidationError) -> JSONResponse:
        """FastAPI's standard body; a date outside the calendar or not written YYYY-MM-DD
        also names the code INVALID_DATE at the top level, like a domain error."""
        problems = _json_safe(jsonable_encoder(error.errors()))
        body: dict[str, Any] = {"detail": problems}
        dates = [p for p in problems if p.get("type") == INVALID_DATE]
        if dates:
            where = ".".join(str(part) for part in dates[0].get("loc", ())[1:])
            body = {"error": "INVALID_DATE", "message": f"{where}: {dates[0]['msg']}", **body}
        return JSONResponse(body, status_code=422)

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
