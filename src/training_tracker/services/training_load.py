"""Training load use cases: an athlete's daily and weekly series, and the coach's board.

Everything comes from the athlete's DAY totals (sessions and summed load per day, kept in
the same transaction as every session write), never from sessions. The model starts
WARM_UP_DAYS before the first day asked, so the cost is bounded by the range asked plus that
fixed warm-up: never by the athlete's history, nor by how far apart the client's dates are.
Days after today are projected through the athlete's planned sessions, read for the asked
weeks only. A starting-fitness seed older than the warm-up has decayed below a cent and is
left out, so it cannot widen the walk either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from training_tracker.domain.calendar import clamp
from training_tracker.domain.load import (
    DayLoad,
    LoadSeed,
    LoadTotals,
    TrainingLoad,
    daily_series,
    training_load,
    week_start,
    weeks_end,
)
from training_tracker.domain.models import Athlete
from training_tracker.domain.plans import planned_loads
from training_tracker.services.ranges import require_range
from training_tracker.services.sessions import utc_now
from training_tracker.services.wellness import Readiness, WellnessService
from training_tracker.store.plans import PlanStore
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
    readiness: Readiness


@dataclass(frozen=True)
class BoardPage:
    rows: list[BoardRow]
    total: int
    more: bool


class TrainingLoadService:
    def __init__(
        self,
        repository: Repository,
        plans: PlanStore,
        wellness: WellnessService,
        *,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.repository = repository
        self.plans = plans
        self.wellness = wellness
        self.clock = clock

    def today(self) -> date:
        """Today in UTC."""
        return self.clock().date()

    def _planned(
        self, athlete_id: str, first: date, last: date
    ) -> tuple[dict[date, Decimal], dict[date, Decimal]]:
        """Planned load per day from `first` to `last` (nothing when the range is empty): of
        every plan (the weeks' planned load), and of the plans not completed yet (the
        projection's: a completed plan's session is logged, so it counts once)."""
        if first > last:
            return {}, {}
        plans = self.plans.every_between(athlete_id, first, last)
        return planned_loads(plans), planned_loads(p for p in plans if not p.completed)

    def _history(self, athlete_id: str, first_asked: date, last: date) -> dict[date, LoadTotals]:
        """Per-day totals from the warm-up before `first_asked` through `last` (one Query)."""
        return self.repository.day_load_totals(athlete_id, _warm_up_start(first_asked), last)

    def athlete_load(self, athlete_id: str, start: date | None, end: date | None) -> AthleteLoad:
        """Days and weeks for [start, end]. `end` defaults to today (UTC), `start` to 41 days
        before `end`, so with neither the range is the 42 days ending today."""
        if end is None:
            end = self.today()
        if start is None:
            start = clamp(end - timedelta(days=DEFAULT_DAYS - 1))
        require_range(start, end, max_days=MAX_DAYS)
        athlete = self.repository.existing_athlete(athlete_id)
        totals = self._history(athlete_id, week_start(start), weeks_end(end))
        # Plans of the range's weeks (planned vs done) and of every day from tomorrow on (the
        # projection runs through all of them, whatever `start` is).
        today = self.today()
        first_plan = min(week_start(start), today + timedelta(days=1))
        planned, still_open = self._planned(athlete_id, first_plan, weeks_end(end))
        result = training_load(
            totals,
            start=start,
            end=end,
            first_day=_history_start(athlete, totals),
            seed=_within_warm_up(athlete, week_start(start)),
            planned=planned,
            projected=still_open,
            projected_after=today,
        )
        return AthleteLoad(athlete_id, start, end, result)

    def board(
        self,
        on: date | None,
        *,
        limit: int,
        offset: int,
        only: str | None = None,
        after: tuple[str, str] | None = None,
    ) -> BoardPage:
        """One page of every athlete's values on `on` (default today; a later day is
        projected through the plans), in the athletes list's order: the `limit` athletes at
        `offset`, or after the athlete (name, id) `after`; with `only`, that one athlete's
        row (none if it does not exist). Reads the page's athletes (and those an offset
        skips) and the athletes count, never every athlete."""
        today = self.today()
        day = on or today
        repository = self.repository
        if only is not None:
            mine = [a for a in [repository.get_athlete(only)] if a is not None]
            athletes, total = mine[offset : offset + limit], len(mine)
            more = offset + limit < total
        else:
            wanted = limit + 1 if after is not None else offset + limit
            total, found = repository.at_once(
                repository.athletes_count, lambda: repository.athletes_after(after, wanted)
            )
            athletes = found[: limit + 1] if after is not None else found[offset:]
            more = len(athletes) > limit if after is not None else offset + limit < total
            athletes = athletes[:limit]
        rows = []
        for athlete in athletes:
            loads = {d: t.load for d, t in self._history(athlete.id, day, day).items()}
            _, planned = self._planned(athlete.id, today + timedelta(days=1), day)
            (values,) = daily_series(
                loads,
                start=day,
                end=day,
                first_day=_history_start(athlete, loads),
                seed=_within_warm_up(athlete, day),
                planned=planned,
                projected_after=today,
            )
            readiness = self.wellness.readiness(athlete.id, min(day, today))
            rows.append(BoardRow(athlete, values, readiness))
        return BoardPage(rows, total, more)


def _warm_up_start(first_asked: date) -> date:
    return clamp(first_asked - timedelta(days=WARM_UP_DAYS))


def _history_start(athlete: Athlete, read: Iterable[date]) -> date | None:
    """Where the athlete's history starts (the "building" zone counts from it): the first
    session's date the athlete item carries, not the first day the warm-up read. None for
    an item that does not carry it yet (then the first day read stands in)."""
    known = athlete.first_session_date
    return None if known is None else min([known, *read])  # `read` wins over a stale date


def _within_warm_up(athlete: Athlete, first_asked: date) -> LoadSeed | None:
    """The athlete's seed, unless it lies before the warm-up (where it no longer counts)."""
    seed = athlete.seed
    return seed if seed is not None and seed.on >= _warm_up_start(first_asked) else None
