"""The list route renders its page without response models: byte for byte what the models
would have written, for any session the domain can hold."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from training_tracker.api.rendering import SessionListResponse
from training_tracker.api.schemas import (
    SessionPagination,
    TrainingSessionListResponse,
    TrainingSessionOut,
)
from training_tracker.domain.imports import ImportSource
from training_tracker.domain.load import LoadMethod, Sport
from training_tracker.domain.models import TrainingSession


def decimals(places: int, top: int) -> st.SearchStrategy[Decimal]:
    """Exact numbers as the store keeps them, trailing zeros and exponents included."""
    return st.one_of(
        st.decimals(min_value=0, max_value=top, places=places),
        st.integers(0, top).map(Decimal),
        st.sampled_from([Decimal("0.0000001"), Decimal("1E+2"), Decimal("9.840"), Decimal(0)]),
    )


zones = st.one_of(
    st.just(UTC),
    st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m))),
)
moments = st.builds(
    lambda d, tz: d.replace(tzinfo=tz),
    st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2100, 1, 1)),
    zones,
)
texts = st.text(max_size=40)
sources = st.builds(
    ImportSource,
    athlete_id=texts,
    file_name=texts,
    keys=st.just(("k",)),
    original=st.one_of(st.none(), texts),
    start=st.one_of(st.none(), moments),
    elapsed=st.one_of(st.none(), decimals(3, 100_000)),
)
sessions = st.builds(
    TrainingSession,
    athlete_id=texts,
    date=st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)),
    duration=decimals(2, 1_000_000),
    distance=decimals(3, 1_000_000),
    notes=st.one_of(st.none(), st.text(max_size=80)),
    sport=st.one_of(st.none(), st.sampled_from(Sport)),
    rpe=st.one_of(st.none(), st.integers(1, 10)),
    avg_heart_rate=st.one_of(st.none(), decimals(1, 250)),
    max_heart_rate=st.one_of(st.none(), decimals(1, 250)),
    id=texts,
    athlete_name=texts,
    created_at=moments,
    updated_at=moments,
    version=st.integers(0, 10**6),
    load=st.one_of(st.none(), decimals(6, 100_000)),
    load_method=st.one_of(st.none(), st.sampled_from(LoadMethod)),
    source=st.one_of(st.none(), sources),
)
paginations = st.builds(
    SessionPagination,
    total=st.integers(0, 10**9),
    limit=st.integers(1, 100),
    offset=st.integers(0, 10**9),
    has_more=st.booleans(),
    next_cursor=st.one_of(st.none(), st.text(max_size=60)),
)


@settings(max_examples=300, deadline=None)
@given(page=st.lists(sessions, max_size=5), pagination=paginations)
def test_a_page_renders_as_the_response_models_would(
    page: list[TrainingSession], pagination: SessionPagination
) -> None:
    by_models = TrainingSessionListResponse(
        data=[TrainingSessionOut.model_validate(s) for s in page], pagination=pagination
    ).model_dump_json(by_alias=True)
    rendered = SessionListResponse(page, pagination)
    assert rendered.body == by_models.encode()
    assert rendered.headers["content-type"] == "application/json"
