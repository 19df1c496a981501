"""Planned-session use cases: plan, change, move, delete and list an athlete's plans.

Plans never touch sessions or totals, so statistics and training-load history ignore them;
the training-load projection reads them (services/training_load.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from training_tracker.domain.idempotency import AnswerRecord
from training_tracker.domain.models import TrainingSession, logged_session
from training_tracker.domain.plans import Actuals, PlanDetails, PlannedSession, done_as
from training_tracker.errors import ConflictError, NotFoundError, PlanCompletedError
from training_tracker.services.athlete_writes import athlete_write
from training_tracker.services.ranges import require_range
from training_tracker.services.sessions import NewSession, log_new_session, utc_now
from training_tracker.store.plans import PlanStore
from training_tracker.store.repository import Repository
from training_tracker.store.transaction import WriteConflictError

DEFAULT_DAYS = 28
MAX_DAYS = 366


@dataclass(frozen=True)
class PlanPage:
    plans: list[PlannedSession]
    more: bool


def plan_range(start: date | None, end: date | None, today: date) -> tuple[date, date]:
    """[start, end] with defaults (today, 4 weeks), or INVALID_RANGE."""
    start = start or today
    end = end or start + timedelta(days=DEFAULT_DAYS - 1)
    require_range(start, end, max_days=MAX_DAYS)
    return start, end


class PlanService:
    def __init__(
        self,
        repository: Repository,
        plans: PlanStore,
        *,
        clock: Callable[[], datetime] = utc_now,
        new_id: Callable[[], str] = lambda: str(uuid.uuid4()),
    ) -> None:
        self.repository = repository
        self.plans = plans
        self.clock = clock
        self.new_id = new_id

    def today(self) -> date:
        return self.clock().date()

    def create(self, athlete_id: str, details: PlanDetails) -> PlannedSession:
        now = self.clock()
        plan = PlannedSession(
            **vars(details), id=self.new_id(), athlete_id=athlete_id, created_at=now, updated_at=now
        )
        conflict = "the planned session could not be saved; try again"
        with athlete_write(self.repository, athlete_id, conflict=conflict) as unit:
            unit.create_plan(plan)
        return plan

    def get(self, athlete_id: str, plan_id: str) -> PlannedSession:
        plan = self.plans.get(athlete_id, plan_id)
        if plan is None:
            self.repository.existing_athlete(athlete_id)  # an unknown athlete is 404 Athlete
            raise NotFoundError("Planned session", plan_id)
        return plan

    def list(
        self,
        athlete_id: str,
        start: date | None,
        end: date | None,
        *,
        limit: int,
        after: tuple[date, str] | None = None,
    ) -> tuple[date, date, PlanPage]:
        first, last = plan_range(start, end, self.today())
        self.repository.existing_athlete(athlete_id)
        plans, more = self.plans.between(athlete_id, first, last, limit=limit, after=after)
        return first, last, PlanPage(plans, more)

    def _changed(self, before: PlannedSession, **changes: object) -> PlannedSession:
        """`before` with `changes` and a newer `updatedAt` (the write's condition needs one)."""
        after = replace(before, **changes, updated_at=max(self.clock(), before.updated_at))  # type: ignore[arg-type]
        if after.updated_at == before.updated_at:
            after = replace(after, updated_at=before.updated_at + timedelta(microseconds=1))
        return after

    def update(self, athlete_id: str, plan_id: str, details: PlanDetails) -> PlannedSession:
        """Replaces what a client states about the plan (moving it when the date changes);
        409 when it changed meanwhile."""
        before = self.get(athlete_id, plan_id)
        after = self._changed(before, **vars(details))
        try:
            with self.repository.transaction() as unit:
                unit.replace_plan(before, after)
        except WriteConflictError:
            raise ConflictError(
                "the planned session was changed or deleted meanwhile; read it again"
            ) from None
        return after

    def delete(self, athlete_id: str, plan_id: str) -> None:
        plan = self.get(athlete_id, plan_id)
        try:
            with self.repository.transaction() as unit:
                unit.delete_plan(plan)
        except WriteConflictError:
            raise ConflictError(
                "the planned session was changed or deleted meanwhile; read it again"
            ) from None

    def complete(
        self,
        athlete_id: str,
        plan_id: str,
        actual: Actuals,
        *,
        answer: Callable[[TrainingSession], AnswerRecord | None] = lambda _: None,
    ) -> TrainingSession:
        """Logs the session that did the plan and marks the plan done with its id, in one
        transaction (with the Idempotency-Key record `answer` gives): both or neither. A plan
        completed already is 409 PLAN_COMPLETED naming its session; a plan or athlete
        changed meanwhile is read again."""
        session_id = self.new_id()

        def prepare() -> NewSession:
            plan = self.get(athlete_id, plan_id)
            if plan.session_id is not None:
                raise PlanCompletedError(plan_id, plan.session_id)
            athlete = self.repository.existing_athlete(athlete_id)
            now = self.clock()
            session = logged_session(done_as(plan, actual), athlete, session_id=session_id, now=now)
            done = self._changed(plan, session_id=session_id)
            return NewSession(session, athlete, lambda unit: unit.replace_plan(plan, done))

        return log_new_session(
            self.repository, prepare, answer, doing="completing the planned session"
        )
