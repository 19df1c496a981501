"""Opaque pagination cursors: the position after a page, bound to its query, HMAC-signed.

A cursor is `<payload>.<signature>`, both base64url: the payload is JSON holding the last
returned session's date and id, how many sessions came before the next page, and the query
(athleteId, startDate, endDate, limit, and the token that asked). The signature is HMAC-SHA256
over the payload with the server's secret, so a client can neither forge a position nor reuse
a cursor for another query or hand it to another token.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

from training_tracker.errors import InvalidCursorError

log = logging.getLogger(__name__)
MAX_CURSOR_LENGTH = 2048


@dataclass(frozen=True)
class Position:
    """Where the next page starts: after the session (`date`, `id`), `offset` sessions in."""

    date: date
    id: str
    offset: int


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class CursorSigner:
    def __init__(self, secret: bytes | None) -> None:
        if secret is None:
            log.info(
                "pagination cursors: CURSOR_SECRET is not set, using a random per-process "
                "secret; cursors will not survive a restart or work across processes"
            )
            secret = secrets.token_bytes(32)
        self._secret = secret

    def _sign(self, payload: bytes) -> bytes:
        return hmac.new(self._secret, payload, hashlib.sha256).digest()

    def encode(self, position: Position, query: list[Any]) -> str:
        payload = json.dumps(
            {"d": position.date.isoformat(), "i": position.id, "o": position.offset, "q": query},
            separators=(",", ":"),
        ).encode()
        return f"{_b64(payload)}.{_b64(self._sign(payload))}"

    def decode(self, cursor: str, query: list[Any]) -> Position:
        """The position a cursor holds, if this server signed it for this very query."""
        try:
            if len(cursor) > MAX_CURSOR_LENGTH:
                raise ValueError("too long")
            payload_text, signature_text = cursor.split(".")
            payload, signature = _unb64(payload_text), _unb64(signature_text)
        except (ValueError, binascii.Error) as error:
            raise InvalidCursorError("cursor is malformed") from error
        if not hmac.compare_digest(signature, self._sign(payload)):
            raise InvalidCursorError("cursor is not one this server issued (or was altered)")
        try:
            data = json.loads(payload)
            position = Position(date.fromisoformat(data["d"]), str(data["i"]), int(data["o"]))
            issued_for = data["q"]
        except (ValueError, KeyError, TypeError) as error:
            raise InvalidCursorError("cursor is malformed") from error
        if issued_for != query:
            raise InvalidCursorError(
                "cursor belongs to another query: keep athleteId, startDate, endDate and "
                "limit as they were when it was issued, and send it with the same token"
            )
        return position
