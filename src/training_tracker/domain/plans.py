"""Planned sessions: what a coach (or the athlete) intends for a day, and the load it plans.

A plan is not a session: statistics and totals never count it. Its load feeds the
training-load projection for days after today and the weekly planned-vs-done comparison.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from training_tracker.domain.models import MAX_NOTES_LENGTH, SessionDetails
from training_tracker.domain.session_load import Sport, cents

# A planned load above this is a typo, not a plan (about 14 days non-stop at RPE 10).
MAX_PLANNED_LOAD = Decimal(200_000)


@dataclass(frozen=True, kw_only=True)
class PlanDetails:
    """What a client states about a planned session."""

    date: date
    duration: Decimal
    sport: Sport | None = None
    rpe: int | None = None
    load: Decimal | None = None
    title: str | None = None
    notes: str | None = None


@dataclass(frozen=True, kw_only=True)
class PlannedSession(PlanDetails):
    """`session_id` names the session logged when the plan was completed (None while open)."""

    id: str
    athlete_id: str
    created_at: datetime
    updated_at: datetime
    session_id: str | None = None

    @property
    def completed(self) -> bool:
        return self.session_id is not None

    @property
    def planned_load(self) -> Decimal | None:
        """The load the projection counts (see `planned_load`)."""
        return planned_load(self)


def planned_load(plan: PlanDetails) -> Decimal | None:
    """The load a plan stands for: its explicit planned load when given (the coach's
    target, in whatever unit the athlete's sessions use), else planned RPE * planned
    minutes (session-RPE, like a logged session), else None (counts as 0)."""
    if plan.load is not None:
        return cents(plan.load)
    if plan.rpe is not None:
        return cents(Decimal(plan.rpe) * plan.duration)
    return None


def planned_loads(plans: Iterable[PlanDetails]) -> dict[date, Decimal]:
    """Planned load per day (days whose plans have no load are absent)."""
    days: dict[date, Decimal] = {}
    for plan in plans:
        load = planned_load(plan)
        if load is not None:
            days[plan.date] = days.get(plan.date, Decimal(0)) + load
    return days


@dataclass(frozen=True, kw_only=True)
class Actuals:
    """What really happened when a plan was done; None takes the plan's value (a distance
    the plan has none of is 0, heart rates stay unknown)."""

    date: date | None = None
    duration: Decimal | None = None
    distance: Decimal | None = None
    sport: Sport | None = None
    rpe: int | None = None
    avg_heart_rate: Decimal | None = None
    max_heart_rate: Decimal | None = None
    notes: str | None = None


def plan_notes(plan: PlanDetails) -> str | None:
    """The plan's title and notes as a session's notes, cut to what a session may hold."""
    parts = [p.strip() for p in (plan.title, plan.notes) if p and p.strip()]
    if not parts:
        return None
    text = " — ".join(parts)
    return text if len(text) <= MAX_NOTES_LENGTH else text[: MAX_NOTES_LENGTH - 1] + "…"


def done_as(plan: PlannedSession, actual: Actuals) -> SessionDetails:
    """The session that logs `plan` as done: the actual values where given, else the plan's."""
    return SessionDetails(
        athlete_id=plan.athlete_id,
        date=actual.date or plan.date,
        duration=plan.duration if actual.duration is None else actual.duration,
        distance=Decimal(0) if actual.distance is None else actual.distance,
        notes=plan_notes(plan) if actual.notes is None else actual.notes,
        sport=plan.sport if actual.sport is None else actual.sport,
        rpe=plan.rpe if actual.rpe is None else actual.rpe,
        avg_heart_rate=actual.avg_heart_rate,
        max_heart_rate=actual.max_heart_rate,
    )
