"""`migrate --from seed-v1`: convert a table written by the original version into this layout.

Phases, each idempotent and recorded in a checkpoint so an interrupted run resumes:

- plan (read-only): which items to copy and which are problems (`seed_plan`); the plan and
  the seed's view after its repairs are recorded in the target table before anything else
  is written, so a resumed run and a later `migrate --verify` use the same decisions even
  after the old items are gone;
- copy: athletes and the kept copy of every session, numbers parsed, names made current;
- clean-up (in place only): the old items go; those that could not be copied are moved
  whole into the record (`migrate --verify` lists them), out of the athletes' partitions
  where this layout's reads would trip over them;
- rebuild: totals, counts and locators from the copied sessions (the copy writes no
  locators, as the rebuild writes every one anyway);

and then the verification (`seed_verify`) against the recorded view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from training_tracker.domain.migration import (
    NOT_COPIED,
    SET_ASIDE,
    UNREADABLE,
    MigrationPlan,
    Problem,
)
from training_tracker.domain.models import Athlete, TrainingSession
from training_tracker.errors import MigrationUnderwayError, NoMigrationRecordError
from training_tracker.services.maintenance import RebuildReport, TotalsRebuilder
from training_tracker.services.seed_plan import NameCheck, plan_migration
from training_tracker.services.seed_verify import Verification, verify_migration
from training_tracker.store import seed_layout
from training_tracker.store.port import Item, Table
from training_tracker.store.repository import Repository

MIGRATE_JOB = "migrate-seed-v1"


@dataclass
class MigrationReport:
    athletes: int = 0
    sessions: int = 0
    seed_items_removed: int = 0
    problems: list[Problem] = field(default_factory=list)
    resumed_from: str | None = None
    dry_run: bool = False
    nothing_left: bool = False
    rebuild: RebuildReport | None = None
    verification: Verification | None = None


class SeedMigration:
    def __init__(
        self,
        source: Table,
        target: Repository,
        *,
        in_place: bool,
        check_name: NameCheck,
        progress: Callable[[str], None] = lambda _: None,
        phase_started: Callable[[str], None] = lambda _: None,
    ) -> None:
        self.source = seed_layout.SeedTable(source)
        self.target = target
        self.store = target.maintenance()
        self.in_place = in_place
        self.check_name = check_name
        self.progress = progress
        self.phase_started = phase_started

    def _checkpoint(self, phase: str, after: Item | None = None) -> None:
        self.store.save_checkpoint(MIGRATE_JOB, phase=phase, after=after)
        if after is None:
            self.phase_started(phase)

    def plan(self) -> MigrationPlan:
        """What a migration would do now (read-only)."""
        return plan_migration(self.source.items, self.check_name)

    def verify(self) -> Verification:
        """Compares this table with the view recorded by the last migration."""
        plan = self.store.migration_record(MIGRATE_JOB)
        if plan is None:
            raise NoMigrationRecordError()
        return verify_migration(plan, self.target)

    def run(self, *, dry_run: bool = False, resume: bool = True) -> MigrationReport:
        report = MigrationReport(dry_run=dry_run)
        if not resume and not dry_run and self.in_place:
            left = self.store.checkpoint(MIGRATE_JOB)
            if left is not None and left.phase in ("clean-up", "rebuild"):
                raise MigrationUnderwayError(left.phase)
        checkpoint = None if dry_run or not resume else self.store.checkpoint(MIGRATE_JOB)
        phase = (checkpoint.phase or "plan") if checkpoint else "plan"
        report.resumed_from = phase if checkpoint else None
        self.phase_started(phase)
        if phase == "plan":
            plan = self.plan()
            self.progress(f"planned: {plan.sessions} sessions, {len(plan.problems)} problems")
            report.nothing_left = not plan.view and (
                dry_run or self.store.migration_record(MIGRATE_JOB) is not None
            )
            if dry_run or report.nothing_left:
                report.problems = plan.problems
                report.athletes, report.sessions = len(plan.view), plan.sessions
                if report.nothing_left and not dry_run:
                    report.verification = self.verify()
                return report
            self.store.save_migration_record(MIGRATE_JOB, plan)
            phase, checkpoint = "copy", None
            self._checkpoint(phase)
        else:
            recorded = self.store.migration_record(MIGRATE_JOB)
            if recorded is None:
                raise NoMigrationRecordError()
            plan = recorded
        report.problems = list(plan.problems)
        if phase == "copy":
            self._copy(plan, checkpoint.after if checkpoint else None, report)
            phase = "clean-up"
            self._checkpoint(phase)
        if phase == "clean-up":
            if self.in_place:
                self._remove_seed_items(plan, report)
            phase = "rebuild"
            self._checkpoint(phase)
        report.rebuild = TotalsRebuilder(self.target, self.progress).run(resume=True)
        self.store.clear_checkpoint(MIGRATE_JOB)
        self.phase_started("verify")
        report.verification = verify_migration(plan, self.target)
        return report

    def _copy(self, plan: MigrationPlan, start: Item | None, report: MigrationReport) -> None:
        skipped = plan.keys_of(NOT_COPIED)
        for items, last_key in self.source.pages(start):
            athletes, sessions = self._convert(items, plan, skipped, report)
            report.athletes += len(athletes)
            report.sessions += len(sessions)
            self.store.put_athletes(athletes)
            self.store.put_sessions(sessions)  # their locators come with the rebuild
            if last_key is not None:
                self._checkpoint("copy", last_key)
            self.progress(f"copied {report.athletes} athletes, {report.sessions} sessions")

    def _convert(
        self,
        items: list[Item],
        plan: MigrationPlan,
        skipped: set[tuple[str, str]],
        report: MigrationReport,
    ) -> tuple[list[Athlete], list[TrainingSession]]:
        athletes: list[Athlete] = []
        sessions: list[TrainingSession] = []
        for item in items:
            athlete_id = seed_layout.seed_athlete_id(item) if seed_layout.SEED_PK in item else ""
            view = plan.view.get(athlete_id)
            if seed_layout.is_seed_athlete(item) and view is not None:
                athletes.append(Athlete(id=athlete_id, name=view.name))
            elif seed_layout.is_seed_session(item) and view is not None:
                pk, sk = str(item[seed_layout.SEED_PK]), str(item[seed_layout.SEED_SK])
                if (pk, sk) in skipped:
                    continue
                try:
                    sessions.append(seed_layout.session_of(item, athlete_name=view.name))
                except seed_layout.SeedItemError as error:  # changed since it was planned
                    report.problems.append(Problem(UNREADABLE, pk, sk, str(error)))
        return athletes, sessions

    def _remove_seed_items(self, plan: MigrationPlan, report: MigrationReport) -> None:
        """Deletes the old items, copied or dropped, and sets aside those not copied."""
        aside = plan.keys_of(SET_ASIDE)
        for items, _ in self.source.pages(None):
            old = [
                i for i in items if seed_layout.is_seed_athlete(i) or seed_layout.is_seed_session(i)
            ]
            kept = [i for i in old if (i[seed_layout.SEED_PK], i[seed_layout.SEED_SK]) in aside]
            self.store.set_aside(MIGRATE_JOB, kept)
            self.source.delete([seed_layout.seed_key(i) for i in old if i not in kept])
            report.seed_items_removed += len(old)
            self.progress(f"removed {report.seed_items_removed} items of the old layout")
