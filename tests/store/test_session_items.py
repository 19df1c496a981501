"""A session survives the trip to an item and back, with or without its optional fields."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, fields, replace
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from training_tracker.domain.imports import ImportSource
from training_tracker.domain.load import LoadMethod, Sport
from training_tracker.domain.models import TrainingSession
from training_tracker.store.items.sessions import OPTIONAL_FIELDS, session_from_item, session_item

AT = datetime(2024, 5, 1, 7, 30, tzinfo=UTC)
BARE = TrainingSession(
    id="s1",
    athlete_id="a1",
    athlete_name="Ann",
    date=date(2024, 5, 1),
    duration=Decimal("45.5"),
    distance=Decimal("10.25"),
    created_at=AT,
    updated_at=AT,
    version=3,
)
FULL = TrainingSession(
    id="s1",
    athlete_id="a1",
    athlete_name="Ann",
    date=date(2024, 5, 1),
    duration=Decimal("45.5"),
    distance=Decimal("10.25"),
    created_at=AT,
    updated_at=AT,
    notes="Intervals",
    sport=Sport.RUN,
    rpe=7,
    avg_heart_rate=Decimal(151),
    max_heart_rate=Decimal(182),
    load=Decimal("318.5"),
    load_method=LoadMethod.SRPE,
    source=ImportSource(
        athlete_id="a1",
        file_name="export.zip/activities/1.fit.gz",
        keys=("sha256:ab", "fit:garmin:1:2"),
        original="ab" * 32,
        content_type="application/vnd.ant.fit",
        start=datetime(2024, 5, 1, 9, 30, tzinfo=timezone(timedelta(hours=2))),
        elapsed=Decimal("47.25"),
    ),
)


def test_every_optional_field_is_mapped() -> None:
    """A new optional field on TrainingSession must be added to OPTIONAL_FIELDS."""
    optional = {f.name for f in fields(TrainingSession) if f.default is None}
    assert optional == set(OPTIONAL_FIELDS)
    assert all(getattr(FULL, name) is not None for name in optional)


@pytest.mark.parametrize("session", [BARE, FULL], ids=["bare", "full"])
def test_round_trip(session: TrainingSession) -> None:
    item = session_item(session)
    assert session_from_item(item) == session
    assert all(value is not None for value in item.values())  # absent, never NULL


@pytest.mark.parametrize("session", [BARE, FULL], ids=["bare", "full"])
def test_a_session_read_back_is_a_whole_frozen_session(session: TrainingSession) -> None:
    """Read back without `__init__`, it holds every field, stays frozen and hashes and
    compares as one built the usual way."""
    read = session_from_item(session_item(session))
    assert vars(read) == vars(session)
    assert hash(read) == hash(session)
    assert replace(read, notes="changed") == replace(session, notes="changed")
    with pytest.raises(FrozenInstanceError):
        read.notes = "changed"  # type: ignore[misc]
