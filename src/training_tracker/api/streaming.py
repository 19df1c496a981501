"""Streamed answers: text sent in chunks while it is read, and what happens when the read
fails after the status went out.

Over HTTP the connection is then broken before the body's end, so no client takes a partial
file for a whole one. A host that buffers every answer anyway (Lambda behind API Gateway)
wraps the app in `WholeAnswers`, which can still answer such a failure as the error it is."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from training_tracker.api.errors import render
from training_tracker.errors import TrackerError

log = logging.getLogger(__name__)

# Text gathered before it is sent: large enough that a long answer is not a flood of tiny
# writes, small enough that memory never notices.
CHUNK_CHARS = 64 * 1024


class BrokenOffError(RuntimeError):
    """The store failed after the answer began. Not a TrackerError: the status is sent, so
    no handler may answer it; the connection has to break instead."""

    def __init__(self, error: TrackerError) -> None:
        super().__init__(f"{error.code}: {error.message}")
        self.error = error


def chunked(what: str, pieces: Iterable[str]) -> Iterator[bytes]:
    """`pieces` as UTF-8 chunks of about CHUNK_CHARS; a TrackerError while reading them
    becomes BrokenOffError, logged with `what` was being sent and how much of it was."""
    gathered: list[str] = []
    size = sent = 0
    try:
        for piece in pieces:
            gathered.append(piece)
            size += len(piece)
            if size >= CHUNK_CHARS:
                yield "".join(gathered).encode()
                sent += size
                gathered, size = [], 0
    except TrackerError as error:
        log.warning("%s cut off after %d characters: %s %s", what, sent, error.code, error.message)
        raise BrokenOffError(error) from error
    if gathered:
        yield "".join(gathered).encode()


class WholeAnswers:
    """Holds each answer until its body is complete, then sends it: for hosts that buffer
    answers anyway. A streamed answer that broke off is then answered as the error that
    broke it (a 503 with Retry-After for an unreachable store), never as a cut body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        held: list[Message] = []

        async def hold(message: Message) -> None:
            held.append(message)

        try:
            await self.app(scope, receive, hold)
        except BrokenOffError as broken:
            await render(broken.error)(scope, receive, send)
            return
        for message in held:
            await send(message)
