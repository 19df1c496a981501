"""A unit of work: the actions of one logical write, collected under named parts and
committed at once, so a service can tell which part's condition failed without knowing
what a DynamoDB action is."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum

from training_tracker.domain.idempotency import AnswerRecord
from training_tracker.domain.imports import SessionRef
from training_tracker.domain.models import Athlete, TrainingSession
from training_tracker.domain.plans import PlannedSession
from training_tracker.domain.wellness import Wellness
from training_tracker.store.answers import answer_item
from training_tracker.store.imports import ImportRelease, claim_actions, release_actions
from training_tracker.store.items.athletes import athlete_item, athletes_count_update
from training_tracker.store.plans import (
    plan_create_actions,
    plan_delete_actions,
    plan_replace_actions,
)
from training_tracker.store.port import (
    MUST_NOT_EXIST,
    Check,
    ConditionFailedError,
    Delete,
    Key,
    Put,
    Table,
    TransactionCancelledError,
    WriteAction,
)
from training_tracker.store.wellness import wellness_delete_action, wellness_put_action
from training_tracker.store.writes import (
    deletion_actions,
    emptied,
    extra_write,
    new_sessions_actions,
    session_change_actions,
)

CONDITION_FAILED = "ConditionalCheckFailed"


class Part(StrEnum):
    """The parts a logical write is made of, named so a failure can be told apart."""

    ATHLETE = "athlete"
    SESSIONS = "sessions"
    TOTALS = "totals"
    ANSWER = "answer"
    IMPORT = "import"
    PLAN = "plan"
    WELLNESS = "wellness"


class WriteConflictError(TransactionCancelledError):
    """Nothing was written: something changed since it was read. `failed_parts` names the
    parts whose conditions failed (empty when the engine gave no reason, e.g. a conflict
    with a concurrent transaction)."""

    def __init__(self, reasons: Sequence[str | None], failed_parts: frozenset[Part]) -> None:
        super().__init__(reasons)
        self.failed_parts = failed_parts


class Transaction:
    """Collects actions by part; `commit` writes them all or nothing (one request)."""

    def __init__(self, table: Table) -> None:
        self._table = table
        self._parts: list[tuple[Part, list[WriteAction]]] = []

    def add(self, part: Part, actions: Sequence[WriteAction]) -> None:
        """Actions built in store/ (services use the named methods below)."""
        self._parts.append((part, list(actions)))

    def create_athlete(self, athlete: Athlete) -> None:
        self.add(
            Part.ATHLETE,
            [Put(athlete_item(athlete), MUST_NOT_EXIST), athletes_count_update(athlete.id, 1)],
        )

    def change_session(
        self,
        before: TrainingSession | None,
        after: TrainingSession | None,
        *,
        athlete_version: int | None = None,
        athlete: Athlete | None = None,
    ) -> None:
        """Turns `before` into `after` (None: create or delete), see `session_change_actions`."""
        actions = session_change_actions(
            before, after, athlete_version=athlete_version, athlete=athlete
        )
        self.add(Part.SESSIONS, actions)

    def create_sessions(self, athlete: Athlete, sessions: Sequence[TrainingSession]) -> None:
        """New sessions of one athlete, computed from `athlete` as read."""
        self.add(Part.SESSIONS, new_sessions_actions(athlete, sessions))

    def claim_import(
        self,
        athlete_id: str,
        dedupe_keys: Sequence[str],
        sessions: Sequence[SessionRef],
        original: str | None,
    ) -> None:
        """Takes a file's dedupe keys for its sessions; the IMPORT part fails if one is taken."""
        self.add(Part.IMPORT, claim_actions(athlete_id, dedupe_keys, sessions, original))

    def release_import(self, release: ImportRelease) -> None:
        """Drops a deleted session from its file's keys (see `release_actions`)."""
        self.add(Part.IMPORT, release_actions(release))

    def delete_sessions(self, athlete_id: str, sessions: Sequence[TrainingSession]) -> None:
        self.add(Part.SESSIONS, deletion_actions(athlete_id, sessions))

    def create_plan(self, plan: PlannedSession) -> None:
        """A new plan; the ATHLETE part fails when its athlete does not exist."""
        self.add(Part.ATHLETE, [extra_write(plan.athlete_id)])
        self.add(Part.PLAN, plan_create_actions(plan))

    def replace_plan(self, before: PlannedSession, after: PlannedSession) -> None:
        """`after` over `before`; the PLAN part fails if the stored plan is not `before`."""
        if before.date != after.date:  # a new item: counted like a new plan
            self.add(Part.ATHLETE, [extra_write(after.athlete_id)])
        self.add(Part.PLAN, plan_replace_actions(before, after))

    def delete_plan(self, plan: PlannedSession) -> None:
        self.add(Part.PLAN, plan_delete_actions(plan))

    def put_wellness(self, day: Wellness) -> None:
        """Creates or replaces a day; the ATHLETE part fails when the athlete does not exist."""
        self.add(Part.ATHLETE, [extra_write(day.athlete_id)])
        self.add(Part.WELLNESS, [wellness_put_action(day)])

    def delete_wellness(self, athlete_id: str, day: date) -> None:
        """The WELLNESS part fails when there is no report that day."""
        self.add(Part.WELLNESS, [wellness_delete_action(athlete_id, day)])

    def delete_keys(self, part: Part, keys: Sequence[Key]) -> None:
        """Unconditional deletes (a cascade's sweep of what an athlete owns)."""
        self.add(part, [Delete(key) for key in keys])

    def record_answer(self, record: AnswerRecord) -> None:
        """Stores the answer to an idempotent request; fails if any record holds its key."""
        self.add(Part.ANSWER, [Put(answer_item(record), MUST_NOT_EXIST)])

    def commit(self) -> None:
        """Raises WriteConflictError naming the failed parts; nothing is written then."""
        owners = [part for part, actions in self._parts for _ in actions]
        actions = [action for _, part_actions in self._parts for action in part_actions]
        if not actions:
            return
        if len(actions) == 1 and not isinstance(actions[0], Check):
            try:  # one item: a plain conditional write costs half a transaction
                self._table.write(actions[0])
            except ConditionFailedError:
                raise WriteConflictError([CONDITION_FAILED], frozenset(owners)) from None
            return
        try:
            self._table.transact(actions)
        except TransactionCancelledError as error:
            retry = _emptying(actions, error)
            if retry is None:
                failed = frozenset(owner for i, owner in enumerate(owners) if error.failed(i))
                raise WriteConflictError(error.reasons, failed) from error
        else:
            return
        try:  # the same write, deleting the totals items it empties
            self._table.transact(retry)
        except TransactionCancelledError as error:
            failed = frozenset(owner for i, owner in enumerate(owners) if error.failed(i))
            raise WriteConflictError(error.reasons, failed) from error


def _emptying(
    actions: Sequence[WriteAction], error: TransactionCancelledError
) -> list[WriteAction] | None:
    """When the only conditions that failed are totals removals that would leave an item at
    zero: the actions with those turned into Deletes of the items. Else None."""
    if not any(error.reasons):
        return None
    retry: list[WriteAction] = []
    for i, action in enumerate(actions):
        reason = error.reasons[i] if i < len(error.reasons) else None
        if reason in (None, "None"):
            retry.append(action)
            continue
        replacement = emptied(action) if error.failed(i) else None
        if replacement is None:
            return None
        retry.append(replacement)
    return retry
