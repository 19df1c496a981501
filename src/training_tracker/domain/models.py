"""The entities. Numbers are Decimal so what a client sends is what it gets back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from training_tracker.domain.imports import ImportSource
from training_tracker.domain.load import LoadMethod, LoadSeed, Sex, Sport, session_load

MAX_NOTES_LENGTH = 1000
MIN_RPE, MAX_RPE = 1, 10
MIN_HEART_RATE, MAX_HEART_RATE = 20, 250

# Large enough for any real session, small enough that sums stay exact in DynamoDB numbers.
MAX_QUANTITY = 1_000_000


@dataclass(frozen=True, kw_only=True)
class Athlete:
    """`version` is 1 at creation and grows with every profile change (name, heart rates,
    sex): session writes are conditioned on it, so a load or name computed from a profile
    that changed meanwhile is never stored. 0 means an item written before versions existed.
    """

    id: str
    name: str
    resting_heart_rate: Decimal | None = None
    max_heart_rate: Decimal | None = None
    sex: Sex | None = None
    session_count: int = 0
    version: int = 1
    # IANA name (`Europe/Paris`); None is UTC. Dates activity files without an offset.
    timezone: str | None = None
    # The fitness (CTL) and fatigue (ATL) the athlete starts `starting_date` with, for a
    # history that began before the first logged session: all three or none.
    starting_fitness: Decimal | None = None
    starting_fatigue: Decimal | None = None
    starting_date: date | None = None
    # The date of the first session logged (None before any, or for an item written before
    # it was kept): where the training-load history starts. Kept in every session write.
    first_session_date: date | None = None
    # How many plan and wellness writes the athlete has seen: a cascading delete is
    # conditioned on it, so one landing meanwhile is deleted too. None: an item written
    # before it was counted.
    extra_writes: int | None = 0

    @property
    def seed(self) -> LoadSeed | None:
        """The seeded start of the training-load model, when all three fields are set."""
        fitness, fatigue, on = self.starting_fitness, self.starting_fatigue, self.starting_date
        if fitness is None or fatigue is None or on is None:
            return None
        return LoadSeed(on=on, ctl=fitness, atl=fatigue)


@dataclass(frozen=True, kw_only=True)
class SessionDetails:
    """What a client states about a session."""

    athlete_id: str
    date: date
    duration: Decimal
    distance: Decimal
    notes: str | None = None
    sport: Sport | None = None
    rpe: int | None = None
    avg_heart_rate: Decimal | None = None
    max_heart_rate: Decimal | None = None


@dataclass(frozen=True, kw_only=True)
class TrainingSession(SessionDetails):
    """`load` and `load_method` are derived from the details and the athlete's profile when
    the session is written (and again when the profile changes), never sent by a client.
    `source` is set for a session imported from a file and kept through later changes."""

    id: str
    athlete_name: str
    created_at: datetime
    updated_at: datetime
    version: int = 1
    load: Decimal | None = None
    load_method: LoadMethod | None = None
    source: ImportSource | None = None

    @property
    def start_time(self) -> datetime | None:
        return None if self.source is None else self.source.start

    @property
    def elapsed_time(self) -> Decimal | None:
        return None if self.source is None else self.source.elapsed

    @property
    def source_file(self) -> str | None:
        return None if self.source is None else self.source.file_name

    @property
    def has_original(self) -> bool:
        return self.source is not None and self.source.original is not None


def load_of(details: SessionDetails, athlete: Athlete) -> tuple[Decimal | None, LoadMethod | None]:
    """A session's load and method, from its details and its athlete's profile."""
    return session_load(
        duration_minutes=details.duration,
        rpe=details.rpe,
        avg_heart_rate=details.avg_heart_rate,
        resting_heart_rate=athlete.resting_heart_rate,
        max_heart_rate=athlete.max_heart_rate,
        sex=athlete.sex,
    )


def new_first_session(athlete: Athlete, dates: Sequence[date]) -> date | None:
    """The first-session date to store when sessions on `dates` join `athlete`'s (as read),
    or None when the stored one stays right. An athlete without sessions starts anew at the
    earliest of `dates`; after that the date only moves earlier (deleting sessions leaves
    it; `rebuild-aggregates` recomputes it). An athlete whose date was never recorded keeps
    none until that rebuild."""
    earliest = min(dates, default=None)
    if earliest is None:
        return None
    if athlete.session_count == 0:
        return earliest
    known = athlete.first_session_date
    return earliest if known is not None and earliest < known else None


def with_new_sessions(athlete: Athlete, dates: Sequence[date]) -> Athlete:
    """The athlete as stored once sessions on `dates` were added to it."""
    first = new_first_session(athlete, dates) or athlete.first_session_date
    return replace(
        athlete, session_count=athlete.session_count + len(dates), first_session_date=first
    )


def logged_session(
    details: SessionDetails, athlete: Athlete, *, session_id: str, now: datetime
) -> TrainingSession:
    """A new session as logged now, its name and load from the athlete as read."""
    load, method = load_of(details, athlete)
    return TrainingSession(
        **vars(details),
        id=session_id,
        athlete_name=athlete.name,
        created_at=now,
        updated_at=now,
        load=load,
        load_method=method,
    )
