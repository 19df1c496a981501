"""Opaque pagination cursors: the position after a page, bound to its query, HMAC-signed.

A cursor is `<payload>.<signature>`, both base64url: the payload is JSON holding the last
returned session's date and id, how many sessions came before the next page, and the query
(athleteId, startDate, endDate, limit, and the token that asked). The signature is
HMAC-SHA256 over the payload with the server's secret, so a client can neither forge a
position nor reuse a cursor for another query or hand it to another token. The secret is
looked up at the first cursor (from the store, shared by every server process, unless
CURSOR_SECRET overrides it), so starting a server reads nothing.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import msgspec

from training_tracker.errors import InvalidCursorError

MAX_CURSOR_LENGTH = 2048

# Compact JSON, as json.dumps with tight separators writes it, but at a tenth of the cost
# (every list page with a next page signs a cursor). Cursors are read with json.loads.
_JSON = msgspec.json.Encoder()


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
    def __init__(self, secret: bytes | Callable[[], bytes]) -> None:
        self._source = secret
        self._secret = secret if isinstance(secret, bytes) else None
        self._lock = threading.Lock()

    def _key(self) -> bytes:
        if self._secret is None:
            with self._lock:
                if self._secret is None:
                    assert callable(self._source)
                    self._secret = self._source()
        return self._secret

    def _sign(self, payload: bytes) -> bytes:
        return hmac.new(self._key(), payload, hashlib.sha256).digest()

    def seal(self, fields: dict[str, Any], query: list[Any]) -> str:
        """A cursor holding `fields` (JSON values), valid only for `query`."""
        payload = _JSON.encode({**fields, "q": query})
        return f"{_b64(payload)}.{_b64(self._sign(payload))}"

    def open(self, cursor: str, query: list[Any], *, keep: str) -> dict[str, Any]:
        """The fields a cursor holds, if this server signed it for this very query; `keep`
        names the parameters that must stay as they were."""
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
            issued_for = data.pop("q")
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise InvalidCursorError("cursor is malformed") from error
        if issued_for != query:
            raise InvalidCursorError(
                f"cursor belongs to another query: keep {keep} as they were when it was "
                "issued, and send it with the same token"
            )
        fields: dict[str, Any] = data
        return fields

    def encode(self, position: Position, query: list[Any]) -> str:
        fields = {"d": position.date.isoformat(), "i": position.id, "o": position.offset}
        return self.seal(fields, query)

    def decode(self, cursor: str, query: list[Any]) -> Position:
        """The position a sessions cursor holds, if this server signed it for this query."""
        data = self.open(cursor, query, keep="athleteId, startDate, endDate and limit")
        try:
            return Position(date.fromisoformat(data["d"]), str(data["i"]), int(data["o"]))
        except (ValueError, KeyError, TypeError) as error:
            raise InvalidCursorError("cursor is malformed") from error
