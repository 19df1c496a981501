"""One athlete's sessions, out: read page by page while they are sent, never all at once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain

from training_tracker.domain.models import Athlete, TrainingSession
from training_tracker.store.repository import Repository


@dataclass(frozen=True)
class AthleteExport:
    """The athlete and their sessions, oldest first, read from the store as they are taken
    (one Query per page). The first page is already read when this is handed out."""

    athlete: Athlete
    sessions: Iterator[TrainingSession]


class AthleteExportService:
    def __init__(self, repository: Repository) -> None:
        self.repository = repository

    def open(self, athlete_id: str) -> AthleteExport:
        """404 for an unknown athlete. The first page is read here, before any answer is
        sent, so a store that fails at the start is a clean error rather than a cut-off
        download; a failure on a later page can only end the download early."""
        athlete = self.repository.existing_athlete(athlete_id)
        sessions = self.repository.all_athlete_sessions(athlete_id)
        first = next(sessions, None)
        return AthleteExport(athlete, iter(()) if first is None else chain([first], sessions))
