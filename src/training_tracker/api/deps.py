"""Typed dependencies: the one place the API reads what app.py put on `app.state`."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from training_tracker.api.cursor import CursorSigner
from training_tracker.api.rate_limit import RateLimiter
from training_tracker.services.athletes import AthleteService
from training_tracker.services.sessions import SessionService
from training_tracker.services.tokens import TokenService
from training_tracker.services.training_load import TrainingLoadService


def _athletes(request: Request) -> AthleteService:
    service: AthleteService = request.app.state.athletes
    return service


def _sessions(request: Request) -> SessionService:
    service: SessionService = request.app.state.sessions
    return service


def _training_load(request: Request) -> TrainingLoadService:
    service: TrainingLoadService = request.app.state.training_load
    return service


def _tokens(request: Request) -> TokenService:
    service: TokenService = request.app.state.tokens
    return service


def _cursors(request: Request) -> CursorSigner:
    signer: CursorSigner = request.app.state.cursors
    return signer


def _rate_limiter(request: Request) -> RateLimiter:
    limiter: RateLimiter = request.app.state.rate_limiter
    return limiter


def _auth_required(request: Request) -> bool:
    required: bool = request.app.state.auth_required
    return required


AthletesDep = Annotated[AthleteService, Depends(_athletes)]
SessionsDep = Annotated[SessionService, Depends(_sessions)]
TrainingLoadDep = Annotated[TrainingLoadService, Depends(_training_load)]
TokensDep = Annotated[TokenService, Depends(_tokens)]
CursorsDep = Annotated[CursorSigner, Depends(_cursors)]
AuthRequiredDep = Annotated[bool, Depends(_auth_required)]
RateLimiterDep = Annotated[RateLimiter, Depends(_rate_limiter)]
Id = Annotated[str, Path(min_length=1, max_length=128, description="Server-generated id")]
