"""Secrets every server process must agree on, kept in the store itself.

Several processes (workers on one host, hosts behind a load balancer) must sign and check
pagination cursors with the same key. Rather than asking every deployment to configure one,
the first process that needs it draws 32 random bytes and writes them with a
must-not-exist condition; a process that loses that race reads the winner's. So all agree
without configuration, and the secret survives restarts.
"""

from __future__ import annotations

import base64
import secrets

from training_tracker.errors import StoreUnavailableError
from training_tracker.store import keys
from training_tracker.store.port import MUST_NOT_EXIST, ConditionFailedError, Put, Table

SECRET_BYTES = 32


def shared_secret(table: Table, name: str) -> bytes:
    """The secret called `name`, created on first use; every caller gets the same bytes."""
    key = keys.server_secret_key(name)
    for _ in range(3):
        item = table.get(key)
        if item is not None:
            return base64.b64decode(item["secret"])
        candidate = secrets.token_bytes(SECRET_BYTES)
        secret = base64.b64encode(candidate).decode()
        try:
            table.write(
                Put({**key, "type": keys.SERVER_SECRET_TYPE, "secret": secret}, MUST_NOT_EXIST)
            )
        except ConditionFailedError:
            continue  # another process wrote it first: read theirs
        return candidate
    raise StoreUnavailableError(f"server secret {name!r} keeps disappearing while being created")
