"""Typed dependencies: services come from the app the request arrived at."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from training_tracker.services.athletes import AthleteService
from training_tracker.services.sessions import SessionService


def _athletes(request: Request) -> AthleteService:
    service: AthleteService = request.app.state.athletes
    return service


def _sessions(request: Request) -> SessionService:
    service: SessionService = request.app.state.sessions
    return service


AthletesDep = Annotated[AthleteService, Depends(_athletes)]
SessionsDep = Annotated[SessionService, Depends(_sessions)]
Id = Annotated[str, Path(min_length=1, max_length=128, description="Server-generated id")]
