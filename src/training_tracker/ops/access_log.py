"""One log record and one metrics observation per HTTP request, and its X-Request-Id.

The request id is the client's `X-Request-Id` when it is a short token of safe characters,
else API Gateway's request id (on Lambda), else a new random one; the answer echoes it. The
record names the principal by its token's public id (never the token), the route template
(`/v1/athletes/{athlete_id}`, not the path with ids), status, latency and the DynamoDB calls
and capacity the request consumed.
"""

from __future__ import annotations

import itertools
import logging
import os
import re
import secrets
import time
from typing import Any

from fastapi import FastAPI
from starlette.datastructures import Headers, MutableHeaders
from starlette.routing import Match, Mount, compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from training_tracker.domain.access import Principal
from training_tracker.ops.metrics import Metrics
from training_tracker.ops.request_context import RequestContext, request_context

log = logging.getLogger("training_tracker.access")

REQUEST_ID_HEADER = "X-Request-Id"
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}")
# Probes that would drown the log at INFO; they still count in the metrics.
QUIET_ROUTES = frozenset({"/healthz", "/readyz", "/metrics"})
UNMATCHED = "(unmatched)"


class RequestIds:
    """New request ids: 32 hex digits, a random prefix per process and a counter. Unique like
    a random UUID's hex, without a system call for randomness on every request (a call that
    also hands the interpreter lock to the thread pool and waits to get it back)."""

    def __init__(self) -> None:
        self.restart()
        os.register_at_fork(after_in_child=self.restart)  # a forked worker gets its own

    def restart(self) -> None:
        self.prefix = secrets.token_hex(10)
        self.counter = itertools.count()

    def new(self) -> str:
        return f"{self.prefix}{next(self.counter) & 0xFFFFFFFFFFFF:012x}"


_new_ids = RequestIds()


def request_id_of(scope: Scope) -> str:
    sent = Headers(scope=scope).get(REQUEST_ID_HEADER)
    if sent is not None and SAFE_REQUEST_ID.fullmatch(sent):
        return sent
    event = scope.get("aws.event") or {}
    gateway_id = event.get("requestContext", {}).get("requestId")
    if isinstance(gateway_id, str) and SAFE_REQUEST_ID.fullmatch(gateway_id):
        return gateway_id
    return _new_ids.new()


def route_template(scope: Scope, sent: Scope) -> str:
    """The route's template; a bounded label set, whatever paths clients send. `sent` is the
    scope as it arrived (routing rewrites `root_path` in place). Requests that a middleware
    answered before routing (413, 429) get the template their path matches."""
    path = getattr(scope.get("route"), "path", None)
    if isinstance(path, str):
        return path
    app = scope.get("app")
    for route in getattr(getattr(app, "router", None), "routes", []):
        path = getattr(route, "path", None)
        if isinstance(path, str) and route.matches(sent)[0] is Match.FULL:
            return f"{path}/{{file}}" if isinstance(route, Mount) else path  # /app/{file}, /docs
    if isinstance(app, FastAPI):
        for pattern, template in _templates(app):
            if pattern.fullmatch(str(sent.get("path", ""))):
                return template
    return UNMATCHED


def _templates(app: FastAPI) -> list[tuple[re.Pattern[str], str]]:
    """The path templates of the app's operations (its OpenAPI paths), compiled once."""
    cached = getattr(app.state, "route_templates", None)
    if cached is None:
        cached = [(compile_path(path)[0], path) for path in app.openapi().get("paths", {})]
        app.state.route_templates = cached
    return list(cached)


def principal_fields(principal: Any) -> dict[str, str | None]:
    if not isinstance(principal, Principal):
        return {"principal": None, "role": None}  # refused before authentication
    return {"principal": principal.token_id or "anonymous", "role": principal.role.value}


class AccessLog:
    def __init__(self, app: ASGIApp, metrics: Metrics | None) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_of(scope)
        sent = dict(scope)  # a shallow copy: routing rewrites the scope's keys in place
        scope.setdefault("state", {})  # shared with request.state, where auth puts the principal
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        with request_context(request_id) as context:
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                elapsed = time.perf_counter() - started
                self._record(scope, sent, context, status, elapsed)

    def _record(
        self, scope: Scope, sent: Scope, context: RequestContext, status: int, seconds: float
    ) -> None:
        route = route_template(scope, sent)
        level = logging.DEBUG if route in QUIET_ROUTES and status < 500 else logging.INFO
        if self.metrics is None and not log.isEnabledFor(level):
            return  # nobody reads the record: don't build it
        method = str(scope.get("method", ""))
        usage = context.store
        if self.metrics is not None:
            self.metrics.observe(method, route, status, seconds, usage)
        fields: dict[str, Any] = {
            "request_id": context.request_id,
            "method": method,
            "route": route,
            "path": scope.get("path"),
            "status": status,
            "latency_ms": round(seconds * 1000, 2),
            **principal_fields(scope.get("state", {}).get("principal")),
            "store_requests": usage.requests,
            "store_capacity_units": usage.capacity_units,
            "store_operations": usage.by_operation(),
            "store_retries": usage.retries,
        }
        log.log(
            level,
            "%s %s %s %.1f ms, %d store requests, %s capacity units, principal %s, request %s",
            method,
            route,
            status,
            fields["latency_ms"],
            usage.requests,
            usage.capacity_units,
            fields["principal"] or "-",
            context.request_id,
            extra={"fields": fields},
        )
