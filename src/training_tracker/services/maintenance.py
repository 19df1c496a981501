"""Rebuilding totals (day, month and all-time), and the copies, locators, session counts and
first-session dates derived from sessions, from the sessions.

For repair, and for tables written before totals existed. It works athlete by athlete,
records a checkpoint after each, and resumes from it when run again. Run it while nothing
else writes: a session written meanwhile may be counted in neither or both.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace

from training_tracker.domain.models import Athlete
from training_tracker.domain.totals import Period, Totals, TotalsKey, summed_totals
from training_tracker.store.repository import Repository

REBUILD_JOB = "rebuild-aggregates"


@dataclass
class RebuildReport:
    athletes: int = 0
    sessions: int = 0
    names_refreshed: int = 0
    totals_written: int = 0
    totals_removed: int = 0
    resumed: bool = False


class TotalsRebuilder:
    def __init__(self, repository: Repository, progress: Callable[[str], None] = lambda _: None):
        self.repository = repository
        self.store = repository.maintenance()
        self.progress = progress

    def run(self, *, resume: bool = True) -> RebuildReport:
        report = RebuildReport()
        checkpoint = self.store.checkpoint(REBUILD_JOB) if resume else None
        after = checkpoint.after if checkpoint else None
        report.resumed = after is not None
        for athlete, position in self.store.athletes(after):
            self._rebuild_athlete(athlete, report)
            self.store.save_checkpoint(REBUILD_JOB, after=position)
            self.progress(f"athlete {athlete.name!r}: done ({report.sessions} sessions so far)")
        self._rebuild_everyone(report)
        self.store.clear_checkpoint(REBUILD_JOB)
        return report

    def _rebuild_athlete(self, athlete: Athlete, report: RebuildReport) -> None:
        sessions = list(self.repository.all_athlete_sessions(athlete.id))
        stale = {s.id for s in sessions if s.athlete_name != athlete.name}
        sessions = [replace(s, athlete_name=athlete.name) for s in sessions]
        self.store.put_sessions([s for s in sessions if s.id in stale])
        self.store.put_locators(sessions)
        wanted = {k: t for k, t in summed_totals(sessions).items() if k.athlete_id is not None}
        self._replace_totals(athlete.id, wanted, report)
        first = min((s.date for s in sessions), default=None)
        self.store.set_session_count(athlete.id, len(sessions), first)
        report.athletes += 1
        report.sessions += len(sessions)
        report.names_refreshed += len(stale)

    def _rebuild_everyone(self, report: RebuildReport) -> None:
        """Everyone's totals are the sum of every athlete's day totals, rebuilt just before;
        the athletes count, a count of the athletes walked."""
        days: dict[TotalsKey, Totals] = defaultdict(Totals)
        months: dict[TotalsKey, Totals] = defaultdict(Totals)
        all_time: dict[TotalsKey, Totals] = defaultdict(Totals)
        athlete_ids = []
        for athlete, _ in self.store.athletes(None):
            athlete_ids.append(athlete.id)
            for day, totals in self.store.day_totals(athlete.id).items():
                days[TotalsKey.everyones(Period.DAY, day, athlete.id)] += totals
                month = TotalsKey.everyones(Period.MONTH, day.replace(day=1), athlete.id)
                months[month] += totals
                all_time[TotalsKey.everyones(Period.ALL_TIME, None, athlete.id)] += totals
        self._replace_totals(None, {**days, **months, **all_time}, report)
        self.store.replace_athletes_count(athlete_ids)
        self.progress(f"everyone's totals: {len(days)} days, {len(months)} months")

    def _replace_totals(
        self, athlete_id: str | None, wanted: dict[TotalsKey, Totals], report: RebuildReport
    ) -> None:
        written, removed = self.store.replace_totals(athlete_id, wanted)
        report.totals_written += written
        report.totals_removed += removed
