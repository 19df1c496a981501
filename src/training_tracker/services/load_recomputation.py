"""`recompute-loads`: bring stored session loads (and the totals summing them) in line with
the current formulas, after a formula changed (women's TRIMP weighting, see
docs/training-load.md).

Athlete by athlete, in the athletes list's order, each athlete's sessions are compared with
what their profile gives now and the differing ones rewritten (one transaction each, the
totals moving by the difference), exactly as after a profile change. A checkpoint after each
athlete lets an interrupted run resume; a rerun is harmless, since sessions already right
are left alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from training_tracker.domain.load import Sex
from training_tracker.services.athletes import AthleteService
from training_tracker.store.checkpoints import CheckpointStore

RECOMPUTE_JOB = "recompute-loads"


@dataclass
class RecomputeReport:
    athletes_checked: int = 0
    sessions_changed: int = 0
    resumed: bool = False


def _position(name: str, athlete_id: str) -> str:
    """An athlete's place in the list's order (name case-insensitively, then id)."""
    return f"{name.lower()}\x1f{athlete_id}"


class LoadRecomputation:
    def __init__(
        self,
        athletes: AthleteService,
        checkpoints: CheckpointStore,
        progress: Callable[[str], None] = lambda _: None,
    ) -> None:
        self.athletes = athletes
        self.checkpoints = checkpoints
        self.progress = progress

    def run(self, *, everyone: bool = False, resume: bool = True) -> RecomputeReport:
        """Women's sessions (every athlete's with `everyone`), from the checkpoint if any."""
        report = RecomputeReport()
        checkpoint = self.checkpoints.get(RECOMPUTE_JOB) if resume else None
        after = None if checkpoint is None else str(checkpoint["after"])
        report.resumed = after is not None
        for athlete in self.athletes.list():
            position = _position(athlete.name, athlete.id)
            if after is not None and position <= after:
                continue
            if everyone or athlete.sex is Sex.FEMALE:
                changed = self.athletes.refresh_sessions(athlete.id)
                report.athletes_checked += 1
                report.sessions_changed += changed
                self.progress(f"athlete {athlete.name!r}: {changed} session load(s) recomputed")
            self.checkpoints.set(RECOMPUTE_JOB, {"after": position})
        self.checkpoints.clear(RECOMPUTE_JOB)
        return report
