"""Liveness and readiness, outside /v1 and without auth, for load balancers and orchestrators.

`/healthz`: the process answers (restart it if not). `/readyz`: the store answers too (send it
traffic only then): the DynamoDB table is ACTIVE, or UPDATING (an index being added or the
billing mode switched; it serves requests meanwhile); the embedded store's file reads and
can be written.
"""

from __future__ import annotations

import logging
import os
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from training_tracker.store.dynamodb import DynamoDBTable
from training_tracker.store.keys import readiness_probe_key
from training_tracker.store.port import Table
from training_tracker.store.sqlite import SqliteTable

log = logging.getLogger(__name__)
SERVING_TABLE_STATES = frozenset({"ACTIVE", "UPDATING"})

router = APIRouter(tags=["operations"])


class Health(BaseModel):
    status: Literal["ok"]


class Readiness(BaseModel):
    status: Literal["ready", "unavailable"]
    store: Literal["dynamodb", "sqlite"]
    detail: str


def store_readiness(table: Table) -> tuple[bool, str]:
    """Whether the store can serve requests now, and what was found (the body is public:
    it names no table, path or endpoint; the log has the whole reason)."""
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


@router.get("/healthz", response_model=Health)
def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz",
    response_model=Readiness,
    responses={503: {"model": Readiness, "description": "The store is not ready"}},
)
def readyz(request: Request) -> JSONResponse:
    table: Table = request.app.state.table
    ready, detail = store_readiness(table)
    body = Readiness(
        status="ready" if ready else "unavailable",
        store="dynamodb" if isinstance(table, DynamoDBTable) else "sqlite",
        detail=detail,
    )
    return JSONResponse(body.model_dump(), status_code=200 if ready else 503)
