"""Statistics as the v1 contract defines them, from totals."""

from __future__ import annotations

from dataclasses import dataclass

from training_tracker.domain.totals import Totals


@dataclass(frozen=True)
class Statistics:
    total_sessions: int
    total_duration: float
    total_distance: float
    average_duration: float
    average_distance: float
    average_pace: float

    @staticmethod
    def from_totals(totals: Totals) -> Statistics:
        count = totals.count
        return Statistics(
            total_sessions=count,
            total_duration=round(float(totals.duration), 2),
            total_distance=round(float(totals.distance), 2),
            average_duration=round(float(totals.duration / count), 2) if count else 0.0,
            average_distance=round(float(totals.distance / count), 2) if count else 0.0,
            average_pace=(
                round(float(totals.duration / totals.distance), 2) if totals.distance else 0.0
            ),
        )
