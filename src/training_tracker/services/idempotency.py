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
from typing import Any

from training_tracker.domain.idempotency import AnswerRecord, StoredAnswer
from training_tracker.errors import IdempotencyKeyReusedError
from training_tracker.store.answers import AnswerStore


class DuplicateRequestError(Exception):
    """The create lost to a concurrent request holding the same Idempotency-Key."""


def digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def record_id(principal: str, idempotency_key: str) -> str:
    """Which record answers: who asked (a token hash, or "anon") and their key, hashed."""
    return digest(principal, idempotency_key)


def fingerprint(method: str, path: str, body: Any) -> str:
    """What makes two requests "the same": method, path and the canonical JSON body."""
    return digest(method, path, json.dumps(body, sort_keys=True, separators=(",", ":")))


class IdempotencyService:
    def __init__(
        self, store: AnswerStore, *, ttl_seconds: int, clock: Callable[[], float] = time.time
    ) -> None:
        self.store = store
        self.ttl_seconds = ttl_seconds
        self.clock = clock

    def lookup(self, record: str, request_fingerprint: str) -> StoredAnswer | None:
        """The stored answer for `record`, or None when there is none (or it has expired:
        then it is removed, so a new record can take its place). Another body → 422."""
        found = self.store.get(record)
        if found is None:
            return None
        if found.expires_at <= self.clock():
            if not self.store.delete_expired(found):  # a fresh one was written meanwhile
                return self.lookup(record, request_fingerprint)
            return None
        if found.fingerprint != request_fingerprint:
            raise IdempotencyKeyReusedError(
                "this Idempotency-Key was already used with another request body; "
                "use a new key for a new request"
            )
        return found.answer

    def new_record(
        self, record: str, request_fingerprint: str, answer: StoredAnswer
    ) -> AnswerRecord:
        """The record of an answer, to write with what it answers (it expires after the TTL)."""
        expires_at = int(self.clock()) + self.ttl_seconds
        return AnswerRecord(record, request_fingerprint, answer, expires_at)
