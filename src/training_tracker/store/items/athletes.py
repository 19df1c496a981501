"""Athlete profile items."""

from __future__ import annotations

from decimal import Decimal

from training_tracker.domain.load import Sex
from training_tracker.domain.models import Athlete
from training_tracker.store import keys
from training_tracker.store.port import Item


def athlete_profile(athlete: Athlete) -> Item:
    """The attributes a profile update sets; an unknown value is stored as NULL."""
    return {
        "name": athlete.name,
        **keys.athlete_index_keys(athlete.id, athlete.name),
        "resting_heart_rate": athlete.resting_heart_rate,
        "max_heart_rate": athlete.max_heart_rate,
        "sex": None if athlete.sex is None else athlete.sex.value,
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
    }


def athlete_from_item(item: Item) -> Athlete:
    sex = item.get("sex")
    return Athlete(
        id=item["id"],
        name=item["name"],
        resting_heart_rate=item.get("resting_heart_rate"),
        max_heart_rate=item.get("max_heart_rate"),
        sex=None if sex is None else Sex(sex),
        session_count=int(item.get("session_count", 0)),
        version=int(item.get("version", 0)),
    )
