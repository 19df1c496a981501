"""Whether the store can serve requests now: what /readyz asks of either engine."""

from __future__ import annotations

import logging
import os

from training_tracker.store.dynamodb import DynamoDBTable
from training_tracker.store.keys import readiness_probe_key
from training_tracker.store.port import Table
from training_tracker.store.sqlite import SqliteTable

log = logging.getLogger(__name__)
# An UPDATING table (an index being added, the billing mode switched) serves requests.
SERVING_TABLE_STATES = frozenset({"ACTIVE", "UPDATING"})


def engine_name(table: Table) -> str:
    return "dynamodb" if isinstance(table, DynamoDBTable) else "sqlite"


def store_readiness(table: Table) -> tuple[bool, str]:
    """Ready or not, and a short public reason (it names no table, path or endpoint; the log
    has the whole reason). DynamoDB: the table's status. Embedded: the file answers a read
    and can be written."""
    try:
        if isinstance(table, DynamoDBTable):
            state = table.table_status()
            return state in SERVING_TABLE_STATES, f"table status {state}"
        table.get(readiness_probe_key())
    except Exception as error:  # whatever it is, the answer is "not ready", never a 500
        log.warning("not ready: %s: %s", table.describe(), getattr(error, "message", error))
        return False, "store unavailable"
    if isinstance(table, SqliteTable):
        path = table.path.resolve()
        for where in (path, path.parent):  # the file, and the folder its journal goes in
            if where.exists() and not os.access(where, os.W_OK):
                log.warning("not ready: %s is not writable", where)
                return False, "store file not writable"
    return True, "store answers"
