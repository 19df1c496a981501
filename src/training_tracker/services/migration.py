"""`migrate --from seed-v1`: convert a table written by the original version into this layout.

Three phases, each idempotent and recorded in a checkpoint so an interrupted run resumes:
copy (athletes and sessions, numbers parsed, names made current), clean-up (in place only:
the old items go) and rebuild (totals, counts and locators from the copied sessions).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from training_tracker.domain.models import Athlete, TrainingSession
from training_tracker.services.maintenance import RebuildReport, TotalsRebuilder
from training_tracker.store import seed_layout
from training_tracker.store.port import Item, Table
from training_tracker.store.repository import Repository

MIGRATE_JOB = "migrate-seed-v1"


@dataclass
class MigrationReport:
    athletes: int = 0
    sessions: int = 0
    seed_items_removed: int = 0
    skipped: list[str] = field(default_factory=list)
    resumed_from: str | None = None
    dry_run: bool = False
    rebuild: RebuildReport | None = None


class SeedMigration:
    def __init__(
        self,
        source: Table,
        target: Repository,
        *,
        in_place: bool,
        progress: Callable[[str], None] = lambda _: None,
    ) -> None:
        self.source = seed_layout.SeedTable(source)
        self.target = target
        self.store = target.maintenance()
        self.in_place = in_place
        self.progress = progress

    def _checkpoint(self, phase: str, after: Item | None = None) -> None:
        self.store.save_checkpoint(MIGRATE_JOB, phase=phase, after=after)

    def _athletes(self, report: MigrationReport) -> dict[str, Athlete]:
        """Every seed athlete, so sessions can take their current name and orphans show up."""
        athletes: dict[str, Athlete] = {}
        for items, _ in self.source.pages(None):
            for item in filter(seed_layout.is_seed_athlete, items):
                try:
                    athlete = seed_layout.athlete_of(item)
                except seed_layout.SeedItemError as error:
                    report.skipped.append(str(error))
                    continue
                athletes[athlete.id] = athlete
        return athletes

    def _convert(
        self, items: list[Item], athletes: dict[str, Athlete], report: MigrationReport
    ) -> tuple[list[Athlete], list[TrainingSession]]:
        page_athletes: list[Athlete] = []
        page_sessions: list[TrainingSession] = []
        for item in items:
            if seed_layout.is_seed_athlete(item):
                athlete_id = seed_layout.seed_athlete_id(item)
                if athlete_id in athletes:
                    page_athletes.append(athletes[athlete_id])
            elif seed_layout.is_seed_session(item):
                try:
                    session = seed_layout.session_of(item)
                except seed_layout.SeedItemError as error:
                    report.skipped.append(str(error))
                    continue
                owner = athletes.get(session.athlete_id)
                if owner is None:
                    report.skipped.append(
                        f"session {session.id} belongs to missing athlete {session.athlete_id}"
                    )
                    continue
                page_sessions.append(replace(session, athlete_name=owner.name))
        return page_athletes, page_sessions

    def run(self, *, dry_run: bool = False, resume: bool = True) -> MigrationReport:
        report = MigrationReport(dry_run=dry_run)
        checkpoint = None if dry_run or not resume else self.store.checkpoint(MIGRATE_JOB)
        phase = (checkpoint.phase or "copy") if checkpoint else "copy"
        report.resumed_from = phase if checkpoint else None
        athletes = self._athletes(report)
        if phase == "copy":
            start = checkpoint.after if checkpoint else None
            for items, last_key in self.source.pages(start):
                page_athletes, page_sessions = self._convert(items, athletes, report)
                report.athletes += len(page_athletes)
                report.sessions += len(page_sessions)
                if not dry_run:
                    self.store.put_athletes(page_athletes)
                    self.store.put_sessions(page_sessions, locators=True)
                    if last_key is not None:
                        self._checkpoint("copy", last_key)
                self.progress(f"copied {report.athletes} athletes, {report.sessions} sessions")
            phase = "clean-up"
            if not dry_run:
                self._checkpoint(phase)
        if dry_run:
            return report
        if phase == "clean-up":
            if self.in_place:
                self._remove_seed_items(athletes, report)
            phase = "rebuild"
            self._checkpoint(phase)
        report.rebuild = TotalsRebuilder(self.target, self.progress).run(resume=True)
        self.store.clear_checkpoint(MIGRATE_JOB)
        return report

    def _remove_seed_items(self, athletes: dict[str, Athlete], report: MigrationReport) -> None:
        """Deletes the old items that were copied; what could not be copied stays for review."""
        for items, _ in self.source.pages(None):
            copied = [i for i in items if _copied(i, athletes)]
            self.source.delete(copied)
            report.seed_items_removed += len(copied)
            self.progress(f"removed {report.seed_items_removed} items of the old layout")


def _copied(item: Item, athletes: dict[str, Athlete]) -> bool:
    try:
        if seed_layout.is_seed_athlete(item):
            return seed_layout.athlete_of(item).id in athletes
        if seed_layout.is_seed_session(item):
            return seed_layout.session_of(item).athlete_id in athletes
    except seed_layout.SeedItemError:
        pass
    return False
