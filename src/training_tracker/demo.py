"""Example data, written only when asked for (`training-tracker seed-demo`)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from training_tracker.domain.models import SessionDetails
from training_tracker.services.athletes import AthleteService
from training_tracker.services.sessions import SessionService

NAMES = ["Ada Runner", "Ben Rower", "Chloé Swimmer", "Dev Cyclist", "Eva Hiker"]


def seed_demo(
    athletes: AthleteService,
    sessions: SessionService,
    *,
    athlete_count: int,
    days: int,
    seed: int = 7,
) -> int:
    """Creates athletes with sessions on about half the last `days` days; returns how many."""
    rng = random.Random(seed)
    made = 0
    today = date.today()
    for index in range(athlete_count):
        athlete = athletes.create(
            NAMES[index % len(NAMES)] + ("" if index < len(NAMES) else f" {index}")
        )
        for offset in range(days):
            if rng.random() < 0.5:
                duration = Decimal(rng.randrange(20, 120))
                pace = Decimal(rng.randrange(45, 70)) / 10
                sessions.create(
                    SessionDetails(
                        athlete_id=athlete.id,
                        date=today - timedelta(days=offset),
                        duration=duration,
                        distance=(duration / pace).quantize(Decimal("0.01")),
                        notes=rng.choice([None, "Easy", "Intervals", "Long run", "Tempo"]),
                    )
                )
                made += 1
    return made
