"""What an athlete owns besides sessions and totals (planned sessions, their locators,
wellness days), removed when the athlete is deleted."""

from __future__ import annotations

from training_tracker.store import keys
from training_tracker.store.port import (
    MAX_TRANSACTION_ACTIONS,
    Delete,
    SortKeyCondition,
    Table,
    query_all,
)


class AthleteExtras:
    def __init__(self, table: Table, *, page_size: int) -> None:
        self.table = table
        self.page_size = page_size

    def delete_all(self, athlete_id: str) -> int:
        """Deletes every such item of the athlete (one Query per kind, then transactions of up
        to 100 deletes: the service's identity is not granted BatchWriteItem); returns how
        many there were."""
        found = [
            {keys.PK: item[keys.PK], keys.SK: item[keys.SK]}
            for prefix in keys.ATHLETE_EXTRA_PREFIXES
            for item in query_all(
                self.table,
                page_size=self.page_size,
                partition=keys.athlete_partition(athlete_id),
                sort=SortKeyCondition(begins_with=prefix),
                keys_only=True,
            )
        ]
        for first in range(0, len(found), MAX_TRANSACTION_ACTIONS):
            self.table.transact(
                [Delete(key) for key in found[first : first + MAX_TRANSACTION_ACTIONS]]
            )
        return len(found)
