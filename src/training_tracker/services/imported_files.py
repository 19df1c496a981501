"""What deleting an imported session also removes: its file's dedupe keys (so the file can
be imported again) and, once no session of that file is left, the original."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from training_tracker.domain.models import TrainingSession
from training_tracker.store.imports import ImportKeys
from training_tracker.store.originals import Originals
from training_tracker.store.port import WriteAction


@dataclass(frozen=True)
class Release:
    """Writes for the session's transaction, and what to do once it has committed."""

    actions: list[WriteAction]
    after_commit: Callable[[], None]


def _nothing() -> None:
    return None


class ImportedFiles:
    def __init__(self, import_keys: ImportKeys, originals: Originals) -> None:
        self.import_keys = import_keys
        self.originals = originals

    def release(self, session: TrainingSession) -> Release:
        """Nothing for a session typed in; one key lookup for an imported one."""
        source = session.source
        if source is None or not source.keys:
            return Release([], _nothing)
        record = self.import_keys.find(source.athlete_id, source.keys[0])
        actions: list[WriteAction] = []
        last = True
        if record is not None:
            actions, last = self.import_keys.release(
                source.athlete_id, source.keys, record, session.id
            )
        original = source.original
        if not last or original is None:
            return Release(actions, _nothing)
        return Release(actions, lambda: self.originals.delete(source.athlete_id, original))

    def forget_athlete(self, athlete_id: str) -> None:
        """After a cascade delete: every key the athlete holds and every original kept."""
        self.import_keys.delete_all(athlete_id)
        self.originals.delete_athlete(athlete_id)
