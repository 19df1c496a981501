"""Where a read route runs: on the event loop for the embedded store, on a worker thread for
DynamoDB.

FastAPI runs a plain `def` route on a worker thread. For the embedded store that trip cost
more than the route itself: the route's Python fought the event loop for the interpreter lock,
and under 16 clients the server spent twice the CPU per request (docs/benchmarks.md). A
SQLite read in WAL mode waits for no writer and is answered from the page cache in tens of
microseconds, so a route that only reads runs in line there. On DynamoDB every read is a
network round trip, and the route keeps its worker thread. Writes always take one: a SQLite
writer may queue for the database lock.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from fastapi import Request
from fastapi.concurrency import run_in_threadpool

T = TypeVar("T")


async def run_read(request: Request, call: Callable[[], T]) -> T:
    """`call()`, which reads the store and writes nothing, where that store is cheapest."""
    if request.app.state.table.remote_reads:
        return await run_in_threadpool(call)
    return call()


def read_route(endpoint: Callable[..., T]) -> Callable[..., Coroutine[Any, Any, T]]:
    """`endpoint`, a plain `def` that only reads, as a coroutine run by `run_read`. It keeps
    the endpoint's parameters (so its OpenAPI operation), name and docstring, and takes the
    request besides, to find the store, unless the endpoint takes it already (FastAPI
    passes the request to one parameter only)."""
    signature = inspect.signature(endpoint, eval_str=True)
    parameters = list(signature.parameters.values())
    named = [p.name for p in parameters if p.annotation is Request]
    own = not named
    name = named[0] if named else "read_route_request"
    if own:
        parameters.append(
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=Request)
        )

    @functools.wraps(endpoint)
    async def route(**arguments: Any) -> T:
        request = arguments.pop(name) if own else arguments[name]
        return await run_read(request, functools.partial(endpoint, **arguments))

    # FastAPI reads the parameters from here; the annotations are already evaluated.
    route.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    return route
