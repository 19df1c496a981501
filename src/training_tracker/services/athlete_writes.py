"""A unit of work that writes something belonging to an athlete who must still exist."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from training_tracker.errors import ConflictError, NotFoundError
from training_tracker.store.repository import Repository
from training_tracker.store.transaction import Part, Transaction, WriteConflictError


@contextmanager
def athlete_write(
    repository: Repository, athlete_id: str, *, conflict: str
) -> Iterator[Transaction]:
    """The athlete's check failing means it is gone (404 Athlete); anything else failing
    means a concurrent write got there first (409 with `conflict`)."""
    try:
        with repository.transaction() as unit:
            yield unit
    except WriteConflictError as error:
        if Part.ATHLETE in error.failed_parts:
            raise NotFoundError("Athlete", athlete_id) from None
        raise ConflictError(conflict) from None
