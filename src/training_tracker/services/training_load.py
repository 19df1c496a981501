"""Training load use cases: an athlete's daily and weekly series, and the coach's board.

Everything comes from the athlete's DAY totals (sessions and summed load per day, kept in
the same transaction as every session write), never from sessions. The model starts
WARM_UP_DAYS before the first day asked, so the cost is bounded by the range asked plus that
fixed warm-up: never by the athlete's history, nor by how far apart the client's dates are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from training_tracker.domain.calendar import clamp
from training_tracker.domain.load import (
    DayLoad,
    LoadTotals,
    TrainingLoad,
    acwr_zone,
    daily_series,
    training_load,
    week_start,
    weeks_end,
)
from training_tracker.domain.models import Athlete
from training_tracker.errors import InvalidRangeError, NotFoundError
from training_tracker.services.sessions import utc_now
from training_tracker.store.repository import Repository

DEFAULT_DAYS = 42
MAX_DAYS = 1096  # three years, leap day included
# History the model reads before the first day asked. What came before weighs at most
# e^(-730/42) (about 3e-8) of itself in CTL by then, and less in ATL: far below the cents the
# values are shown in. See docs/training-load.md.
WARM_UP_DAYS = 730


@dataclass(frozen=True)
class AthleteLoad:
    athlete_id: str
    start: date
    end: date
    load: TrainingLoad


@dataclass(frozen=True)
class BoardRow:
    athlete: Athlete
    day: DayLoad
    zone: str | None


@dataclass(frozen=True)
class BoardPage:
    rows: list[BoardRow]
    total: int


class TrainingLoadService:
    def __init__(self, repository: Repository, *, clock: Callable[[], datetime] = utc_now) -> None:
        self.repository = repository
        self.clock = clock

    def today(self) -> date:
        """Today in UTC."""
        return self.clock().date()

    def _athlete(self, athlete_id: str) -> Athlete:
        athlete = self.repository.get_athlete(athlete_id)
        if athlete is None:
            raise NotFoundError("Athlete", athlete_id)
        return athlete

    def _history(self, athlete_id: str, first_asked: date, last: date) -> dict[date, LoadTotals]:
        """Per-day totals from the warm-up before `first_asked` through `last` (one Query)."""
        return self.repository.day_load_totals(
            athlete_id, first_asked - timedelta(days=WARM_UP_DAYS), last
        )

    def athlete_load(self, athlete_id: str, start: date | None, end: date | None) -> AthleteLoad:
        """Days and weeks for [start, end]. `end` defaults to today (UTC), `start` to 41 days
        before `end`, so with neither the range is the 42 days ending today."""
        if end is None:
            end = self.today()
        if start is None:
            start = clamp(end - timedelta(days=DEFAULT_DAYS - 1))
        if start > end:
            raise InvalidRangeError(
                f"startDate {start} is after endDate {end}",
                startDate=start.isoformat(),
                endDate=end.isoformat(),
            )
        if (end - start).days + 1 > MAX_DAYS:
            raise InvalidRangeError(
                f"the range from {start} to {end} is longer than {MAX_DAYS} days",
                startDate=start.isoformat(),
                endDate=end.isoformat(),
                maxDays=MAX_DAYS,
            )
        self._athlete(athlete_id)
        totals = self._history(athlete_id, week_start(start), weeks_end(end))
        return AthleteLoad(athlete_id, start, end, training_load(totals, start=start, end=end))

    def board(
        self, on: date | None, *, limit: int, offset: int, only: str | None = None
    ) -> BoardPage:
        """Every athlete's values on `on` (default today), in the athletes list's order; with
        `only`, that one athlete's row (none if it does not exist)."""
        day = on or self.today()
        if only is None:
            athletes = self.repository.list_athletes()
        else:
            athletes = [a for a in [self.repository.get_athlete(only)] if a is not None]
        rows = []
        for athlete in athletes[offset : offset + limit]:
            loads = {d: t.load for d, t in self._history(athlete.id, day, day).items()}
            (values,) = daily_series(loads, start=day, end=day)
            rows.append(BoardRow(athlete, values, acwr_zone(values.acwr)))
        return BoardPage(rows, len(athletes))
