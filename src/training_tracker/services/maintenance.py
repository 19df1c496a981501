"""Rebuilding totals (and the copies and locators derived from sessions) from the sessions.

For repair, and for tables written before totals existed. It works athlete by athlete,
records a checkpoint after each, and resumes from it when run again. Run it while nothing
else writes: a session written meanwhile may be counted in neither or both.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from training_tracker.domain.models import Athlete
from training_tracker.domain.totals import Period, Totals, TotalsKey
from training_tracker.store import keys
from training_tracker.store.bulk import sum_totals, totals_item
from training_tracker.store.port import MUST_EXIST, Item, Put, Update
from training_tracker.store.repository import (
    Repository,
    athlete_from_item,
    locator_item,
    session_from_item,
    session_item,
    totals_from_item,
    totals_key,
)

REBUILD_JOB = "rebuild-aggregates"


@dataclass
class RebuildReport:
    athletes: int = 0
    sessions: int = 0
    names_refreshed: int = 0
    totals_written: int = 0
    totals_removed: int = 0
    resumed: bool = False


def _location(item: Item) -> tuple[str, str]:
    return item[keys.PK], item[keys.SK]


class TotalsRebuilder:
    def __init__(self, repository: Repository, progress: Callable[[str], None] = lambda _: None):
        self.repository = repository
        self.table = repository.table
        self.progress = progress

    def run(self, *, resume: bool = True) -> RebuildReport:
        report = RebuildReport()
        checkpoint = self.table.get(keys.checkpoint_key(REBUILD_JOB)) if resume else None
        after = checkpoint["after"] if checkpoint else None
        report.resumed = after is not None
        for athlete, position in self._athletes(after):
            self._rebuild_athlete(athlete, report)
            self.table.write(
                Put(
                    {
                        **keys.checkpoint_key(REBUILD_JOB),
                        "type": keys.CHECKPOINT_TYPE,
                        "after": position,
                    }
                )
            )
            self.progress(f"athlete {athlete.name!r}: done ({report.sessions} sessions so far)")
        self._rebuild_everyone(report)
        self.table.batch_delete([keys.checkpoint_key(REBUILD_JOB)])
        return report

    def _athletes(self, after: Item | None) -> Iterator[tuple[Athlete, Item]]:
        """Athletes in index order, each with the index position to resume after."""
        start = after
        while True:
            page = self.table.query(
                partition=keys.ATHLETES_PARTITION,
                index=keys.GSI1,
                limit=self.repository.page_size,
                start=start,
            )
            for item in page.items:
                position = {a: item[a] for a in (keys.PK, keys.SK, "GSI1PK", "GSI1SK")}
                yield athlete_from_item(item), position
            if page.last_key is None:
                return
            start = page.last_key

    def _rebuild_athlete(self, athlete: Athlete, report: RebuildReport) -> None:
        sessions = [session_from_item(i) for i in self.repository.athlete_session_items(athlete.id)]
        stale = [s for s in sessions if s.athlete_name != athlete.name]
        sessions = [replace(s, athlete_name=athlete.name) for s in sessions]
        self.table.batch_put([session_item(s) for s in sessions if s.id in {x.id for x in stale}])
        self.table.batch_put([locator_item(s) for s in sessions])
        wanted = {k: t for k, t in sum_totals(sessions).items() if k.athlete_id is not None}
        self._replace_totals(wanted, self.repository.athlete_totals_items(athlete.id), report)
        self.table.write(
            Update(
                keys.athlete_key(athlete.id),
                set={"session_count": Decimal(len(sessions))},
                condition=MUST_EXIST,
            )
        )
        report.athletes += 1
        report.sessions += len(sessions)
        report.names_refreshed += len(stale)

    def _rebuild_everyone(self, report: RebuildReport) -> None:
        """Everyone's totals are the sum of every athlete's day totals, rebuilt just before."""
        days: dict[TotalsKey, Totals] = defaultdict(Totals)
        for athlete, _ in self._athletes(None):
            for item in self.repository.athlete_totals_items(athlete.id):
                if item["type"] == keys.DAY_TOTALS_TYPE:
                    day = keys.date_of_sort_key(item[keys.SK])
                    days[TotalsKey(None, Period.DAY, day)] += totals_from_item(item)
        months: dict[TotalsKey, Totals] = defaultdict(Totals)
        for key, totals in days.items():
            months[TotalsKey(None, Period.MONTH, key.start.replace(day=1))] += totals
        existing = self.repository.totals_items(None)
        self._replace_totals({**days, **months}, existing, report)
        self.progress(f"everyone's totals: {len(days)} days, {len(months)} months")

    def _replace_totals(
        self, wanted: dict[TotalsKey, Totals], existing: list[Item], report: RebuildReport
    ) -> None:
        items = [totals_item(k, t) for k, t in wanted.items() if t.count]
        keep = {tuple(totals_key(k).values()) for k, t in wanted.items() if t.count}
        unwanted = [i for i in existing if _location(i) not in keep]
        self.table.batch_put(items)
        self.table.batch_delete([{keys.PK: i[keys.PK], keys.SK: i[keys.SK]} for i in unwanted])
        report.totals_written += len(items)
        report.totals_removed += len(unwanted)
