"""What the maintenance commands (rebuild, migrate) read and write: checkpoints, athletes in
index order, and whole sets of derived items (copies, locators, totals) put in bulk.

Bulk writes are unconditional: these commands run while nothing else writes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from training_tracker.domain.migration import MigrationPlan
from training_tracker.domain.models import Athlete, TrainingSession
from training_tracker.domain.totals import Totals, TotalsKey
from training_tracker.store import keys
from training_tracker.store.items.athletes import (
    FIRST_SESSION_DATE,
    athlete_from_item,
    athlete_item,
    athletes_count_items,
)
from training_tracker.store.items.migration import aside_item, plan_from_items, record_items
from training_tracker.store.items.sessions import locator_item, session_item
from training_tracker.store.items.totals import totals_from_item, totals_item, totals_key
from training_tracker.store.port import (
    MUST_EXIST,
    Item,
    Put,
    SortKeyCondition,
    Table,
    Update,
    query_all,
)

# Where a walk over the athletes stands: opaque to callers, stored in checkpoints.
Position = Item


@dataclass(frozen=True)
class Checkpoint:
    phase: str | None
    after: Position | None


class MaintenanceStore:
    def __init__(self, table: Table, *, page_size: int) -> None:
        self.table = table
        self.page_size = page_size

    # -- checkpoints ------------------------------------------------------------------------
    def checkpoint(self, job: str) -> Checkpoint | None:
        item = self.table.get(keys.checkpoint_key(job))
        return None if item is None else Checkpoint(item.get("phase"), item.get("after"))

    def save_checkpoint(
        self, job: str, *, phase: str | None = None, after: Position | None = None
    ) -> None:
        item: Item = {**keys.checkpoint_key(job), "type": keys.CHECKPOINT_TYPE}
        if phase is not None:
            item["phase"] = phase
        if after is not None:
            item["after"] = after
        self.table.write(Put(item))

    def clear_checkpoint(self, job: str) -> None:
        self.table.batch_delete([keys.checkpoint_key(job)])

    # -- a migration's record ---------------------------------------------------------------
    def migration_record(self, job: str) -> MigrationPlan | None:
        """The plan a migration recorded, or None when there is none (or it was cut short)."""
        return plan_from_items(self._record_items(job))

    def save_migration_record(self, job: str, plan: MigrationPlan) -> None:
        """Replaces the record; its closing item is written last, so a cut-short write
        reads as no record at all."""
        old = [i for i in self._record_items(job) if not keys.is_migration_aside(i)]
        self.table.batch_delete([keys.key_of(i) for i in old])
        items = list(record_items(job, plan))
        self.table.batch_put(items[:-1])
        self.table.write(Put(items[-1]))

    def set_aside(self, job: str, old_items: list[Item]) -> None:
        """Moves old items into the record: copied there first, so a cut-short run loses none."""
        self.table.batch_put([aside_item(job, i) for i in old_items])
        self.table.batch_delete([keys.key_of(i) for i in old_items])

    def set_aside_items(self, job: str) -> list[Item]:
        return [i["item"] for i in self._record_items(job) if keys.is_migration_aside(i)]

    def _record_items(self, job: str) -> list[Item]:
        return list(
            query_all(self.table, page_size=self.page_size, partition=keys.migration_partition(job))
        )

    # -- reads ------------------------------------------------------------------------------
    def athletes(self, after: Position | None) -> Iterator[tuple[Athlete, Position]]:
        """Athletes in index order from after `after`, each with the position to resume at."""
        start = after
        while True:
            page = self.table.query(
                partition=keys.ATHLETES_PARTITION,
                index=keys.GSI1,
                limit=self.page_size,
                start=start,
            )
            for item in page.items:
                yield athlete_from_item(item), keys.index_position(item, keys.GSI1)
            if page.last_key is None:
                return
            start = page.last_key

    def totals_items(self, athlete_id: str | None) -> list[Item]:
        """Every day, month and all-time totals item of an athlete, or of everyone."""
        partition = keys.totals_partition(athlete_id)
        found: list[Item] = []
        for prefix in (keys.DAY_PREFIX, keys.MONTH_PREFIX, keys.ALL_TIME):
            found += query_all(
                self.table,
                page_size=self.page_size,
                partition=partition,
                sort=SortKeyCondition(begins_with=prefix),
            )
        return found

    def day_totals(self, athlete_id: str) -> dict[date, Totals]:
        """The athlete's stored totals per day."""
        low, high = keys.day_totals_bounds(None, None)
        return {
            keys.day_of_totals(item): totals_from_item(item)
            for item in query_all(
                self.table,
                page_size=self.page_size,
                partition=keys.athlete_partition(athlete_id),
                sort=SortKeyCondition(low=low, high=high),
            )
        }

    # -- bulk writes ------------------------------------------------------------------------
    def put_athletes(self, athletes: Iterable[Athlete]) -> None:
        self.table.batch_put([athlete_item(a) for a in athletes])

    def put_sessions(self, sessions: Iterable[TrainingSession]) -> None:
        """Writes the session items only: their locators are `put_locators`' job."""
        self.table.batch_put([session_item(s) for s in sessions])

    def put_locators(self, sessions: Iterable[TrainingSession]) -> None:
        self.table.batch_put([locator_item(s) for s in sessions])

    def set_session_count(
        self, athlete_id: str, count: int, first_session_date: date | None = None
    ) -> None:
        """The athlete's session count and the date its history starts (null without one)."""
        first = None if first_session_date is None else first_session_date.isoformat()
        self.table.write(
            Update(
                keys.athlete_key(athlete_id),
                set={"session_count": Decimal(count), FIRST_SESSION_DATE: first},
                condition=MUST_EXIST,
            )
        )

    def replace_athletes_count(self, athlete_ids: Iterable[str]) -> None:
        """Makes the athletes count exactly these athletes, shard by shard."""
        wanted = athletes_count_items(athlete_ids)
        keep = {item[keys.SK] for item in wanted}
        existing = query_all(
            self.table,
            page_size=self.page_size,
            partition=keys.EVERYONE,
            sort=SortKeyCondition(begins_with=keys.ATHLETES_COUNT_PREFIX),
        )
        self.table.batch_put(wanted)
        self.table.batch_delete([keys.key_of(i) for i in existing if i[keys.SK] not in keep])

    def replace_totals(
        self, athlete_id: str | None, wanted: Mapping[TotalsKey, Totals]
    ) -> tuple[int, int]:
        """Makes the athlete's (or everyone's) totals items exactly the non-empty `wanted`;
        how many were written and removed."""
        kept = {k: t for k, t in wanted.items() if t.count}
        keep = {tuple(totals_key(k).values()) for k in kept}
        existing = self.totals_items(athlete_id)
        unwanted = [keys.key_of(i) for i in existing if tuple(keys.key_of(i).values()) not in keep]
        self.table.batch_put([totals_item(k, t) for k, t in kept.items()])
        self.table.batch_delete(unwanted)
        return len(kept), len(unwanted)
