"""Open mode answers only requests addressed to a loopback name (DNS rebinding defence).

A web page the developer visits can make their browser send requests to a name the page's
owner controls and then re-point that name at 127.0.0.1; the browser treats the server as the
page's own origin, and in open mode every request acts as admin. The Host header still carries
the page's name, so refusing every Host but a loopback one stops the attack.
"""

from __future__ import annotations

from functools import lru_cache

from starlette.types import ASGIApp, Receive, Scope, Send

from training_tracker.api.errors import render
from training_tracker.config import is_loopback_host_header
from training_tracker.errors import MisdirectedRequestError

# Clients send a handful of Host values; the verdict on each is kept rather than parsing the
# address again on every request (bounded, whatever hostile clients send).
_is_loopback_host = lru_cache(maxsize=256)(is_loopback_host_header)


def host_of(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"host":
            return str(value.decode("latin-1"))
    return ""


class LoopbackHostOnly:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not _is_loopback_host(host_of(scope)):
            error = MisdirectedRequestError(
                "this server runs without authentication and answers only requests addressed "
                "to localhost or a loopback address"
            )
            await render(error)(scope, receive, send)
            return
        await self.app(scope, receive, send)
