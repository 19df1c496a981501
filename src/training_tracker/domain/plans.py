"""Planned sessions: what a coach (or the athlete) intends for a day, and the load it plans.

A plan is not a session: statistics and totals never count it. Its load feeds the
training-load projection for days after today and the weekly planned-vs-done comparison.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

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
