"""Daily wellness use cases: record, read, delete a day; list a range with the HRV and
resting-heart-rate trends against the athlete's own baseline (docs/wellness.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from training_tracker.domain.wellness import (
    LOOKBACK_DAYS,
    Trend,
    Wellness,
    WellnessDetails,
    hrv_trend,
    resting_hr_trend,
)
from training_tracker.errors import NotFoundError
from training_tracker.services.athlete_writes import athlete_write
from training_tracker.services.ranges import require_range
from training_tracker.services.sessions import utc_now
from training_tracker.store.repository import Repository
from training_tracker.store.transaction import WriteConflictError
from training_tracker.store.wellness import WellnessStore

DEFAULT_DAYS = 28
MAX_DAYS = 366


@dataclass(frozen=True)
class WellnessDay:
    """A stored day and the trends on it (None without enough history)."""

    wellness: Wellness
    hrv: Trend | None
    resting_heart_rate: Trend | None


@dataclass(frozen=True)
class Readiness:
    """The trends on one day, whether or not that day was reported (the board's column)."""

    hrv: Trend | None
    resting_heart_rate: Trend | None


def trends_on(days: list[Wellness], day: date) -> Readiness:
    hrv = {w.date: w.hrv for w in days if w.hrv is not None}
    resting = {w.date: w.resting_heart_rate for w in days if w.resting_heart_rate is not None}
    return Readiness(hrv_trend(hrv, day), resting_hr_trend(resting, day))


class WellnessService:
    def __init__(
        self,
        repository: Repository,
        store: WellnessStore,
        *,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.repository = repository
        self.store = store
        self.clock = clock

    def put(self, athlete_id: str, day: date, details: WellnessDetails) -> Wellness:
        wellness = Wellness(
            **vars(details), athlete_id=athlete_id, date=day, updated_at=self.clock()
        )
        conflict = "the day was written concurrently; try again"
        with athlete_write(self.repository, athlete_id, conflict=conflict) as unit:
            unit.put_wellness(wellness)
        return wellness

    def get(self, athlete_id: str, day: date) -> Wellness:
        found = self.store.get(athlete_id, day)
        if found is None:
            self.repository.existing_athlete(athlete_id)
            raise NotFoundError("Wellness", f"{athlete_id}/{day.isoformat()}")
        return found

    def delete(self, athlete_id: str, day: date) -> None:
        try:
            with self.repository.transaction() as unit:
                unit.delete_wellness(athlete_id, day)
        except WriteConflictError:  # no report that day
            self.repository.existing_athlete(athlete_id)
            raise NotFoundError("Wellness", f"{athlete_id}/{day.isoformat()}") from None

    def list(
        self, athlete_id: str, start: date | None, end: date | None
    ) -> tuple[date, date, list[WellnessDay]]:
        """Stored days in [start, end] (default the 28 days ending today) with their trends;
        reads the range and the 66 days before it, nothing else."""
        end = end or self.clock().date()
        start = start or end - timedelta(days=DEFAULT_DAYS - 1)
        require_range(start, end, max_days=MAX_DAYS)
        self.repository.existing_athlete(athlete_id)
        days = self.store.between(athlete_id, start - timedelta(days=LOOKBACK_DAYS), end)
        shown = []
        for wellness in days:
            if wellness.date >= start:
                trends = trends_on(days, wellness.date)
                shown.append(WellnessDay(wellness, trends.hrv, trends.resting_heart_rate))
        return start, end, shown

    def readiness(self, athlete_id: str, day: date) -> Readiness:
        """The trends on `day` (the board's column): reads at most 67 days of wellness."""
        days = self.store.between(athlete_id, day - timedelta(days=LOOKBACK_DAYS), day)
        return trends_on(days, day)
