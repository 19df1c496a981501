"""After a seed-v1 migration: does the table answer what the old one did, repairs aside?

Compares the recorded view (the seed's sessions per athlete after the announced repairs)
with what this layout answers: each athlete's name and session count, per athlete and day
the number of sessions and their summed duration and distance, each athlete's all-time
totals, and everyone's (the all-time totals statistics answer from without dates).
Read-only; it reads every athlete's day totals once, never the sessions themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from training_tracker.domain.migration import DayFigures, MigrationPlan
from training_tracker.services.sessions import SessionService
from training_tracker.store.repository import Repository


@dataclass
class Verification:
    athletes: int = 0
    sessions: int = 0
    days: int = 0
    mismatches: list[str] = field(default_factory=list)

    @property
    def matches(self) -> bool:
        return not self.mismatches


def _figures(count: int, duration: Decimal, distance: Decimal) -> str:
    return f"{count} sessions, {duration} min, {distance} km"


def verify_migration(plan: MigrationPlan, repository: Repository) -> Verification:
    result = Verification()
    store = repository.maintenance()
    for athlete_id, view in plan.view.items():
        result.athletes += 1
        result.sessions += view.sessions
        athlete = repository.get_athlete(athlete_id)
        if athlete is None:
            result.mismatches.append(f"athlete {athlete_id}: missing")
            continue
        if athlete.name != view.name:
            result.mismatches.append(
                f"athlete {athlete_id}: name {athlete.name!r}, expected {view.name!r}"
            )
        if athlete.session_count != view.sessions:
            result.mismatches.append(
                f"athlete {athlete_id}: {athlete.session_count} sessions, expected {view.sessions}"
            )
        stored = store.day_totals(athlete_id)
        for day in sorted(set(stored) | set(view.days)):
            result.days += 1
            want = view.days.get(day, DayFigures())
            have = stored.get(day)
            got = (have.count, have.duration, have.distance) if have else (0, 0, 0)
            if got != (want.count, want.duration, want.distance):
                result.mismatches.append(
                    f"athlete {athlete_id} on {day}: {_figures(*got)}, "
                    f"expected {_figures(want.count, want.duration, want.distance)}"
                )
        whole = repository.all_time_totals(athlete_id)
        want_whole = (
            view.sessions,
            sum((d.duration for d in view.days.values()), Decimal(0)),
            sum((d.distance for d in view.days.values()), Decimal(0)),
        )
        if (whole.count, whole.duration, whole.distance) != want_whole:
            result.mismatches.append(
                f"athlete {athlete_id} all time: "
                f"{_figures(whole.count, whole.duration, whole.distance)}, "
                f"expected {_figures(*want_whole)}"
            )
    for athlete, _ in store.athletes(None):
        if athlete.id not in plan.view:
            result.mismatches.append(f"athlete {athlete.id}: not in the old table")
    everyone = SessionService(repository).totals(None, None, None)
    by_month = SessionService(repository).totals(None, date.min, date.max)
    if everyone.count != result.sessions:
        result.mismatches.append(f"everyone: {everyone.count} sessions, expected {result.sessions}")
    if everyone != by_month:
        result.mismatches.append(f"everyone: all-time totals {everyone}, by month {by_month}")
    return result
