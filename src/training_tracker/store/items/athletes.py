"""Athlete profile items."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from training_tracker.domain.load import Sex
from training_tracker.domain.models import Athlete
from training_tracker.domain.totals import everyone_shard
from training_tracker.store import keys
from training_tracker.store.port import Item, Update

# Counts plan and wellness writes (see Athlete.extra_writes).
EXTRA_WRITES = "extra_writes"
FIRST_SESSION_DATE = "first_session_date"


def athlete_profile(athlete: Athlete) -> Item:
    """The attributes a profile update sets; an unknown value is stored as NULL."""
    return {
        "name": athlete.name,
        **keys.athlete_index_keys(athlete.id, athlete.name),
        "resting_heart_rate": athlete.resting_heart_rate,
        "max_heart_rate": athlete.max_heart_rate,
        "sex": None if athlete.sex is None else athlete.sex.value,
        "starting_fitness": athlete.starting_fitness,
        "starting_fatigue": athlete.starting_fatigue,
        "starting_date": None if (on := athlete.starting_date) is None else on.isoformat(),
        "timezone": athlete.timezone,
        "version": Decimal(athlete.version),
    }


def athlete_item(athlete: Athlete) -> Item:
    profile = {k: v for k, v in athlete_profile(athlete).items() if v is not None}
    return {
        **keys.athlete_key(athlete.id),
        **profile,
        "type": keys.ATHLETE_TYPE,
        "id": athlete.id,
        "session_count": Decimal(athlete.session_count),
        EXTRA_WRITES: Decimal(athlete.extra_writes or 0),
        **first_session(athlete.first_session_date),
    }


def first_session(day: date | None) -> Item:
    """The attribute that says when the athlete's history starts (none without sessions)."""
    return {} if day is None else {FIRST_SESSION_DATE: day.isoformat()}


def athlete_from_item(item: Item) -> Athlete:
    sex, starting = item.get("sex"), item.get("starting_date")
    first, extra = item.get(FIRST_SESSION_DATE), item.get(EXTRA_WRITES)
    return Athlete(
        id=item["id"],
        name=item["name"],
        resting_heart_rate=item.get("resting_heart_rate"),
        max_heart_rate=item.get("max_heart_rate"),
        sex=None if sex is None else Sex(sex),
        session_count=int(item.get("session_count", 0)),
        version=int(item.get("version", 0)),
        starting_fitness=item.get("starting_fitness"),
        starting_fatigue=item.get("starting_fatigue"),
        starting_date=None if starting is None else date.fromisoformat(starting),
        timezone=item.get("timezone"),
        first_session_date=None if first is None else date.fromisoformat(first),
        extra_writes=None if extra is None else int(extra),
    )


def athletes_count_update(athlete_id: str, change: int) -> Update:
    """Counts an athlete in (1) or out (-1) of its shard of the athletes count."""
    return Update(
        keys.athletes_count_key(everyone_shard(athlete_id)),
        set={"type": keys.ATHLETES_COUNT_TYPE},
        add={"count": Decimal(change)},
    )


def athletes_count_items(athlete_ids: Iterable[str]) -> list[Item]:
    """The athletes count as creating these athletes one by one would leave it."""
    shards = Counter(everyone_shard(a) for a in athlete_ids)
    return [
        {
            **keys.athletes_count_key(shard),
            "type": keys.ATHLETES_COUNT_TYPE,
            "count": Decimal(count),
        }
        for shard, count in sorted(shards.items())
    ]
