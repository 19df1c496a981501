"""Typed dependencies: where the API reads what app.py put on `app.state` (authentication,
`api/auth.py`, reads the few values it needs itself).

Coroutines, though they never wait: FastAPI runs a plain `def` dependency on the thread
pool, and a trip there and back for an attribute read cost more than the read.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from training_tracker.api.cursor import CursorSigner
from training_tracker.api.session_pages import SessionPages
from training_tracker.services.athlete_export import AthleteExportService
from training_tracker.services.athletes import AthleteService
from training_tracker.services.imports import ImportService
from training_tracker.services.plans import PlanService
from training_tracker.services.sessions import SessionService
from training_tracker.services.training_load import TrainingLoadService
from training_tracker.services.wellness import WellnessService


async def _athletes(request: Request) -> AthleteService:
    service: AthleteService = request.app.state.athletes
    return service


async def _sessions(request: Request) -> SessionService:
    service: SessionService = request.app.state.sessions
    return service


async def _session_pages(request: Request) -> SessionPages:
    pages: SessionPages = request.app.state.session_pages
    return pages


async def _training_load(request: Request) -> TrainingLoadService:
    service: TrainingLoadService = request.app.state.training_load
    return service


async def _cursors(request: Request) -> CursorSigner:
    signer: CursorSigner = request.app.state.cursors
    return signer


async def _imports(request: Request) -> ImportService:
    service: ImportService = request.app.state.imports
    return service


AthletesDep = Annotated[AthleteService, Depends(_athletes)]
SessionsDep = Annotated[SessionService, Depends(_sessions)]
SessionPagesDep = Annotated[SessionPages, Depends(_session_pages)]
TrainingLoadDep = Annotated[TrainingLoadService, Depends(_training_load)]
CursorsDep = Annotated[CursorSigner, Depends(_cursors)]
ImportsDep = Annotated[ImportService, Depends(_imports)]
Id = Annotated[str, Path(min_length=1, max_length=128, description="Server-generated id")]


async def _plans(request: Request) -> PlanService:
    service: PlanService = request.app.state.plans
    return service


PlansDep = Annotated[PlanService, Depends(_plans)]


async def _wellness(request: Request) -> WellnessService:
    service: WellnessService = request.app.state.wellness
    return service


WellnessDep = Annotated[WellnessService, Depends(_wellness)]


async def _athlete_export(request: Request) -> AthleteExportService:
    service: AthleteExportService = request.app.state.athlete_export
    return service


AthleteExportDep = Annotated[AthleteExportService, Depends(_athlete_export)]
