"""Idempotency-Key records: the first answer to a POST, replayed to its retries for 24 h.

A record is written in the same transaction as the object the POST creates, on the condition
that no record holds the key yet, so two concurrent retries can't both create: the loser's
transaction is cancelled and it answers with the winner's record.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from training_tracker.errors import IdempotencyKeyReusedError
from training_tracker.store import keys
from training_tracker.store.port import (
    MUST_NOT_EXIST,
    Condition,
    ConditionFailedError,
    Delete,
    Key,
    Put,
    Table,
    WriteAction,
)


class DuplicateRequestError(Exception):
    """The create lost to a concurrent request holding the same Idempotency-Key."""


@dataclass(frozen=True)
class StoredAnswer:
    status: int
    body: Any
    etag: str | None


def digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def record_key(principal: str, idempotency_key: str) -> Key:
    """The record's key: who asked (a token hash, or "anon") and their key, hashed."""
    return keys.idempotency_key(digest(principal, idempotency_key))


def fingerprint(method: str, path: str, body: Any) -> str:
    """What makes two requests "the same": method, path and the canonical JSON body."""
    return digest(method, path, json.dumps(body, sort_keys=True, separators=(",", ":")))


class IdempotencyStore:
    def __init__(
        self, table: Table, *, ttl_seconds: int, clock: Callable[[], float] = time.time
    ) -> None:
        self.table = table
        self.ttl_seconds = ttl_seconds
        self.clock = clock

    def lookup(self, key: Key, request_fingerprint: str) -> StoredAnswer | None:
        """The stored answer for `key`, or None when there is none (or it has expired: then
        it is removed, so a new record can take its place). Another body → 422."""
        item = self.table.get(key)
        if item is None:
            return None
        if int(item[keys.EXPIRES_AT]) <= self.clock():
            try:  # only the expired record; a fresh one written meanwhile stays
                self.table.write(
                    Delete(key, Condition(equals={keys.EXPIRES_AT: item[keys.EXPIRES_AT]}))
                )
            except ConditionFailedError:
                return self.lookup(key, request_fingerprint)
            return None
        if item["fingerprint"] != request_fingerprint:
            raise IdempotencyKeyReusedError(
                "this Idempotency-Key was already used with another request body; "
                "use a new key for a new request"
            )
        return StoredAnswer(int(item["status"]), json.loads(item["body"]), item.get("etag"))

    def record(
        self, key: Key, request_fingerprint: str, status: int, body: Any, etag: str | None
    ) -> WriteAction:
        """The Put that stores an answer; fails if any record holds the key."""
        item = {
            **key,
            "type": keys.IDEMPOTENCY_TYPE,
            "fingerprint": request_fingerprint,
            "status": Decimal(status),
            "body": json.dumps(body, separators=(",", ":")),
            keys.EXPIRES_AT: Decimal(int(self.clock()) + self.ttl_seconds),
        }
        if etag is not None:
            item["etag"] = etag
        return Put(item, MUST_NOT_EXIST)
