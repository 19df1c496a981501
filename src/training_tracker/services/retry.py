"""Optimistic concurrency: re-read and try again when a conditional write lost a race."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator

from training_tracker.errors import ConflictError

ATTEMPTS = 5


def attempts(what: str, count: int = ATTEMPTS) -> Iterator[int]:
    """Yields attempt numbers with a short jittered pause between them, then gives up."""
    for attempt in range(count):
        if attempt:
            time.sleep(random.uniform(0, 0.01 * 2**attempt))
        yield attempt
    raise ConflictError(f"{what} kept conflicting with concurrent writes; try again")
