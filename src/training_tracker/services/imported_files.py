"""What deleting an imported session also removes: its file's dedupe keys (so the file can
be imported again) and, once no session of that file is left, the original."""

from __future__ import annotations

from training_tracker.domain.models import TrainingSession
from training_tracker.store.imports import ImportKeys, ImportRelease
from training_tracker.store.originals import Originals


class ImportedFiles:
    def __init__(self, import_keys: ImportKeys, originals: Originals) -> None:
        self.import_keys = import_keys
        self.originals = originals

    def plan(self, session: TrainingSession) -> ImportRelease | None:
        """Nothing for a session typed in; one key lookup for an imported one. The plan goes
        into the deleting transaction (`release_import`)."""
        return self.import_keys.plan_release(session)

    def after_delete(self, release: ImportRelease) -> None:
        """Once the session is gone: its original, if it was the file's last session."""
        if release.last and release.original is not None:
            self.originals.delete(release.athlete_id, release.original)

    def forget_athlete(self, athlete_id: str) -> None:
        """In a cascade delete, before the athlete goes: every key the athlete holds and every
        original kept."""
        self.import_keys.delete_all(athlete_id)
        self.originals.delete_athlete(athlete_id)
