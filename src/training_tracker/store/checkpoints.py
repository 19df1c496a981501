"""Where a maintenance command records how far it got (one item per job), so a rerun
resumes there."""

from __future__ import annotations

from typing import Any

from training_tracker.store import keys
from training_tracker.store.port import Put, Table


class CheckpointStore:
    def __init__(self, table: Table) -> None:
        self.table = table

    def get(self, job: str) -> dict[str, Any] | None:
        item = self.table.get(keys.checkpoint_key(job))
        if item is None:
            return None
        return {k: v for k, v in item.items() if k not in (keys.PK, keys.SK, "type")}

    def set(self, job: str, state: dict[str, Any]) -> None:
        self.table.write(Put({**keys.checkpoint_key(job), "type": keys.CHECKPOINT_TYPE, **state}))

    def clear(self, job: str) -> None:
        self.table.batch_delete([keys.checkpoint_key(job)])
