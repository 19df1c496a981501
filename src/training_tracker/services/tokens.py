"""Token use cases: create (the secret is returned once), list, revoke, and verify a request's
token, with a short in-process cache so most requests do not read the store at all."""

from __future__ import annotations

import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from training_tracker.domain.access import Principal, Role
from training_tracker.errors import InvalidRequestError, NotFoundError
from training_tracker.services.sessions import utc_now
from training_tracker.store.port import ConditionFailedError
from training_tracker.store.repository import Repository
from training_tracker.store.tokens import (
    TOKEN_PREFIX,
    TokenRecord,
    TokenStore,
    hash_token,
)

# What a token can look like: the prefix, then URL-safe base64 (token_urlsafe(32) gives 43).
TOKEN_SHAPE = re.compile(rf"{TOKEN_PREFIX}[A-Za-z0-9_-]{{20,200}}")
# What may be a token inside other text, such as a logged URL (also cut short or %-encoded).
TOKEN_IN_TEXT = re.compile(rf"{TOKEN_PREFIX}[A-Za-z0-9_%-]{{8,}}")
MAX_CACHED = 10_000
MAX_NAME = 200
MAX_LIFETIME = timedelta(days=3650)
# A token's last use is written at most this often, so verifying stays one read.
LAST_USED_RESOLUTION = timedelta(hours=1)


def well_formed(secret: str) -> bool:
    return TOKEN_SHAPE.fullmatch(secret) is not None


@dataclass(frozen=True)
class NewToken:
    secret: str  # shown once, never stored
    record: TokenRecord


class TokenService:
    def __init__(
        self,
        store: TokenStore,
        repository: Repository,
        *,
        cache_seconds: float = 30.0,
        clock: Callable[[], datetime] = utc_now,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.repository = repository
        self.cache_seconds = cache_seconds
        self.clock = clock
        self.monotonic = monotonic
        self._cache: dict[str, tuple[Principal, float]] = {}
        self._lock = threading.Lock()

    def create(
        self,
        role: Role,
        *,
        athlete_id: str | None = None,
        name: str | None = None,
        lifetime: timedelta | None = None,
    ) -> NewToken:
        """A new token; with `lifetime`, it stops working that long from now."""
        if role is Role.ATHLETE:
            if not athlete_id:
                raise InvalidRequestError("an athlete token needs --athlete ID")
            self.repository.existing_athlete(athlete_id)
        elif athlete_id:
            raise InvalidRequestError(f"--athlete only applies to role athlete, not {role}")
        if name is not None and (len(name) > MAX_NAME or not name.isprintable()):
            raise InvalidRequestError(f"--name must be printable and at most {MAX_NAME} characters")
        if lifetime is not None and not timedelta(0) < lifetime <= MAX_LIFETIME:
            raise InvalidRequestError(f"a token's lifetime is 1 to {MAX_LIFETIME.days} days")
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        now = self.clock()
        record = TokenRecord(
            token_hash=hash_token(secret),
            role=role,
            athlete_id=athlete_id if role is Role.ATHLETE else None,
            name=name,
            created_at=now,
            expires_at=None if lifetime is None else now + lifetime,
        )
        self.store.add(record)
        return NewToken(secret, record)

    def list(self) -> list[TokenRecord]:
        return self.store.list()

    def revoke(self, token_id: str) -> TokenRecord:
        matches = [t for t in self.store.list() if t.token_id == token_id.strip().lower()]
        if not matches:
            raise NotFoundError("Token", token_id)
        if len(matches) > 1:  # 48 bits make this all but impossible; never guess
            raise InvalidRequestError(f"token id '{token_id}' is ambiguous")
        (record,) = matches
        try:
            self.store.revoke(record.token_hash, self.clock())
        except ConditionFailedError:
            raise NotFoundError("Token", token_id) from None
        with self._lock:
            self._cache.pop(record.token_hash, None)
        return record

    def trusted(self, secret: str) -> Principal | None:
        """The principal of a token verified less than `cache_seconds` ago, else None. It never
        reads the store, so a request can ask here before taking `verify` to a thread."""
        return self._cached(hash_token(secret), self.monotonic())

    def _cached(self, token_hash: str, now: float) -> Principal | None:
        with self._lock:
            cached = self._cache.get(token_hash)
        return cached[0] if cached is not None and cached[1] > now else None

    def verify(self, secret: str) -> Principal | None:
        """The principal a well-formed secret stands for, or None if unknown, revoked or
        expired.

        A verified token is trusted for `cache_seconds` (never past its expiry) without reading
        the store again, so a revocation takes up to that long to reach a running server.
        Failures are not cached: a token created a moment ago works at once. Reading the token
        also records its use, at most once per LAST_USED_RESOLUTION.
        """
        token_hash = hash_token(secret)
        now = self.monotonic()
        if (principal := self._cached(token_hash, now)) is not None:
            return principal
        record = self.store.get(token_hash)
        wall_clock = self.clock()
        if record is None or record.revoked or record.expired(wall_clock):
            with self._lock:
                self._cache.pop(token_hash, None)
            return None
        if record.last_used_at is None or wall_clock - record.last_used_at >= LAST_USED_RESOLUTION:
            self.store.mark_used(record.token_hash, wall_clock)
        principal = Principal(record.role, record.athlete_id, record.token_id)
        trusted_for = self.cache_seconds
        if record.expires_at is not None:
            trusted_for = min(trusted_for, (record.expires_at - wall_clock).total_seconds())
        if trusted_for > 0:
            with self._lock:
                if len(self._cache) >= MAX_CACHED:
                    self._cache.clear()
                self._cache[token_hash] = (principal, now + trusted_for)
        return principal
