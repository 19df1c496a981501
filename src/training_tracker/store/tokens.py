"""API tokens on the single-table design: found by the SHA-256 of the secret, listed via GSI1.

Only the hash is stored. A token is 256 random bits, so a fast hash is enough: nobody can
guess a preimage, and a slow KDF (bcrypt, scrypt) would only add latency to every request.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass
from datetime import datetime

from training_tracker.domain.access import Role
from training_tracker.store import keys
from training_tracker.store.port import (
    MUST_EXIST,
    MUST_NOT_EXIST,
    ConditionFailedError,
    Item,
    Put,
    Table,
    Update,
    query_all,
)

TOKEN_PREFIX = "tt_"  # noqa: S105 (a recognisable prefix, not a secret)
TOKEN_ID_LENGTH = 12  # hex characters of the hash: 48 bits, enough to name a token
# ISO timestamps; not `expires_at`, the table's TTL attribute: an expired token stays listed.
VALID_UNTIL = "valid_until"
LAST_USED_AT = "last_used_at"


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_id_of(token_hash: str) -> str:
    """The short public id shown by `token list`: the first characters of the hash."""
    return token_hash[:TOKEN_ID_LENGTH]


@dataclass(frozen=True)
class TokenRecord:
    token_hash: str
    role: Role
    athlete_id: str | None
    name: str | None
    created_at: datetime
    revoked_at: datetime | None = None
    expires_at: datetime | None = None  # None: valid until revoked
    last_used_at: datetime | None = None  # updated at most once per LAST_USED_RESOLUTION

    def expired(self, now: datetime) -> bool:
        return self.expires_at is not None and self.expires_at <= now

    @property
    def token_id(self) -> str:
        return token_id_of(self.token_hash)

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


def token_item(record: TokenRecord) -> Item:
    created = record.created_at.isoformat()
    item: Item = {
        **keys.token_key(record.token_hash),
        **keys.token_index_keys(created, record.token_id),
        "type": keys.TOKEN_TYPE,
        "token_hash": record.token_hash,
        "role": record.role.value,
        "created_at": created,
    }
    optional = {
        "athlete_id": record.athlete_id,
        "name": record.name,
        "revoked_at": _iso(record.revoked_at),
        VALID_UNTIL: _iso(record.expires_at),
        LAST_USED_AT: _iso(record.last_used_at),
    }
    item.update({k: v for k, v in optional.items() if v is not None})
    return item


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _moment(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def token_from_item(item: Item) -> TokenRecord:
    return TokenRecord(
        token_hash=item["token_hash"],
        role=Role(item["role"]),
        athlete_id=item.get("athlete_id"),
        name=item.get("name"),
        created_at=datetime.fromisoformat(item["created_at"]),
        revoked_at=_moment(item.get("revoked_at")),
        expires_at=_moment(item.get(VALID_UNTIL)),
        last_used_at=_moment(item.get(LAST_USED_AT)),
    )


class TokenStore:
    def __init__(self, table: Table, *, page_size: int) -> None:
        self.table = table
        self.page_size = page_size

    def add(self, record: TokenRecord) -> None:
        self.table.write(Put(token_item(record), condition=MUST_NOT_EXIST))

    def get(self, token_hash: str) -> TokenRecord | None:
        """One consistent GetItem: the lookup every authenticated request makes."""
        item = self.table.get(keys.token_key(token_hash))
        return None if item is None else token_from_item(item)

    def list(self) -> list[TokenRecord]:
        """Oldest first, from the sparse index (eventually consistent, CLI only)."""
        items = query_all(
            self.table, page_size=self.page_size, partition=keys.TOKENS_PARTITION, index=keys.GSI1
        )
        return [token_from_item(item) for item in items]

    def mark_used(self, token_hash: str, at: datetime) -> None:
        """Stores `at` as the token's last use (to the hour: two processes writing at once
        differ by moments). A token deleted meanwhile is not brought back."""
        update = Update(
            keys.token_key(token_hash), set={LAST_USED_AT: at.isoformat()}, condition=MUST_EXIST
        )
        with contextlib.suppress(ConditionFailedError):
            self.table.write(update)

    def revoke(self, token_hash: str, at: datetime) -> None:
        """Marks the token revoked; raises ConditionFailedError if it does not exist."""
        self.table.write(
            Update(
                keys.token_key(token_hash),
                set={"revoked_at": at.isoformat()},
                condition=MUST_EXIST,
            )
        )
