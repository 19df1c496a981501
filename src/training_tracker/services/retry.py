"""Optimistic concurrency: re-read and try again when a conditional write lost a race."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator

from training_tracker.errors import ConflictError

ATTEMPTS = 8
FIRST_PAUSE = 0.01  # seconds; the cap on the pause doubles with each attempt
LONGEST_PAUSE = 0.5


def attempts(what: str, count: int = ATTEMPTS) -> Iterator[int]:
    """Yields attempt numbers, then gives up (409). Between attempts a pause drawn at random
    below a doubling cap, so writers that collided (on DynamoDB, transactions touching one
    item at once all fail) spread out instead of colliding again."""
    for attempt in range(count):
        if attempt:
            time.sleep(random.uniform(0, min(LONGEST_PAUSE, FIRST_PAUSE * 2**attempt)))
        yield attempt
    raise ConflictError(f"{what} kept conflicting with concurrent writes; try again")
