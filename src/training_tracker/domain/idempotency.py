"""The first answer to a POST sent with an Idempotency-Key, kept to be replayed to retries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class StoredAnswer:
    status: int
    body: Any
    etag: str | None


@dataclass(frozen=True)
class AnswerRecord:
    """An answer as recorded: `record_id` names who asked with which key (a digest),
    `fingerprint` the request, and the record is dead from `expires_at` (epoch seconds)."""

    record_id: str
    fingerprint: str
    answer: StoredAnswer
    expires_at: int
