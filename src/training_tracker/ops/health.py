"""Liveness and readiness, outside /v1 and without auth, for load balancers and orchestrators.

`/healthz`: the process answers (restart it if not). `/readyz`: the store answers too (send it
traffic only then); store/readiness.py says what that means for each engine.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from training_tracker.store.port import Table
from training_tracker.store.readiness import engine_name, store_readiness

router = APIRouter(tags=["operations"])


class Health(BaseModel):
    status: Literal["ok"]


class Readiness(BaseModel):
    status: Literal["ready", "unavailable"]
    store: Literal["dynamodb", "sqlite"]
    detail: str


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
        store="dynamodb" if engine_name(table) == "dynamodb" else "sqlite",
        detail=detail,
    )
    return JSONResponse(body.model_dump(), status_code=200 if ready else 503)
