"""The entities. Numbers are Decimal so what a client sends is what it gets back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True, kw_only=True)
class Athlete:
    id: str
    name: str
    session_count: int = 0


@dataclass(frozen=True, kw_only=True)
class SessionDetails:
    """What a client states about a session."""

    athlete_id: str
    date: date
    duration: Decimal
    distance: Decimal
    notes: str | None = None


@dataclass(frozen=True, kw_only=True)
class TrainingSession(SessionDetails):
    id: str
    athlete_name: str
    created_at: datetime
    updated_at: datetime
    version: int = 1
