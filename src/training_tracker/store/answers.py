"""Idempotency-Key answer records: one item per (principal, key), expiring by TTL."""

from __future__ import annotations

import json
from decimal import Decimal

from training_tracker.domain.idempotency import AnswerRecord, StoredAnswer
from training_tracker.store import keys
from training_tracker.store.port import Condition, ConditionFailedError, Delete, Item, Table


def answer_item(record: AnswerRecord) -> Item:
    item: Item = {
        **keys.idempotency_key(record.record_id),
        "type": keys.IDEMPOTENCY_TYPE,
        "fingerprint": record.fingerprint,
        "status": Decimal(record.answer.status),
        "body": json.dumps(record.answer.body, separators=(",", ":")),
        keys.EXPIRES_AT: Decimal(record.expires_at),
    }
    if record.answer.etag is not None:
        item["etag"] = record.answer.etag
    return item


def answer_from_item(record_id: str, item: Item) -> AnswerRecord:
    answer = StoredAnswer(int(item["status"]), json.loads(item["body"]), item.get("etag"))
    return AnswerRecord(record_id, item["fingerprint"], answer, int(item[keys.EXPIRES_AT]))


class AnswerStore:
    """Reads and expires records; new ones are written in the transaction of what they answer
    (`Transaction.record_answer`)."""

    def __init__(self, table: Table) -> None:
        self.table = table

    def get(self, record_id: str) -> AnswerRecord | None:
        item = self.table.get(keys.idempotency_key(record_id))
        return None if item is None else answer_from_item(record_id, item)

    def delete_expired(self, record: AnswerRecord) -> bool:
        """Deletes `record` only if it is still the one stored (same expiry); False if a fresh
        record took its place meanwhile."""
        condition = Condition(equals={keys.EXPIRES_AT: Decimal(record.expires_at)})
        try:
            self.table.write(Delete(keys.idempotency_key(record.record_id), condition))
        except ConditionFailedError:
            return False
        return True
