"""Pure rules behind completing a plan and the first-session date."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from training_tracker.domain.models import Athlete, new_first_session, with_new_sessions
from training_tracker.domain.plans import Actuals, PlannedSession, done_as
from training_tracker.domain.session_load import Sport

NOW = datetime(2024, 6, 1, tzinfo=UTC)
PLAN = PlannedSession(
    id="p1",
    athlete_id="a1",
    date=date(2024, 6, 3),
    duration=Decimal(60),
    sport=Sport.RUN,
    rpe=6,
    title="Tempo",
    notes="3 x 10",
    created_at=NOW,
    updated_at=NOW,
)


def test_done_as_planned() -> None:
    details = done_as(PLAN, Actuals())
    assert (details.athlete_id, details.date, details.duration) == ("a1", date(2024, 6, 3), 60)
    assert (details.sport, details.rpe, details.distance) == (Sport.RUN, 6, 0)
    assert details.notes == "Tempo — 3 x 10"
    assert (details.avg_heart_rate, details.max_heart_rate) == (None, None)


def test_actual_values_win_field_by_field() -> None:
    actual = Actuals(duration=Decimal(0), rpe=3, notes="", distance=Decimal("4.2"))
    details = done_as(PLAN, actual)
    assert details.duration == 0  # zero is a value, not "absent"
    assert (details.rpe, details.notes, details.distance) == (3, "", Decimal("4.2"))
    assert (details.date, details.sport) == (PLAN.date, Sport.RUN)


def test_long_plan_notes_are_cut_to_a_sessions_limit() -> None:
    long = PlannedSession(**{**vars(PLAN), "title": "t" * 200, "notes": "n" * 1000})
    notes = done_as(long, Actuals()).notes
    assert notes is not None
    assert len(notes) == 1000
    assert notes.endswith("…")


def athlete(count: int, first: date | None) -> Athlete:
    return Athlete(id="a1", name="A", session_count=count, first_session_date=first)


def test_first_session_date_moves_only_earlier() -> None:
    known = athlete(3, date(2024, 5, 1))
    assert new_first_session(known, [date(2024, 5, 2)]) is None
    assert new_first_session(known, [date(2024, 5, 1)]) is None
    assert new_first_session(known, [date(2024, 6, 1), date(2024, 4, 30)]) == date(2024, 4, 30)


def test_an_athlete_without_sessions_starts_anew() -> None:
    emptied = athlete(0, date(2020, 1, 1))  # all its sessions were deleted since
    assert new_first_session(emptied, [date(2024, 5, 2)]) == date(2024, 5, 2)
    assert new_first_session(athlete(0, None), []) is None


def test_an_item_without_the_date_keeps_none_until_rebuilt() -> None:
    assert new_first_session(athlete(5, None), [date(2024, 5, 2)]) is None


def test_with_new_sessions_is_the_athlete_as_stored_after() -> None:
    after = with_new_sessions(athlete(0, None), [date(2024, 5, 3), date(2024, 5, 2)])
    assert (after.session_count, after.first_session_date) == (2, date(2024, 5, 2))
    again = with_new_sessions(after, [date(2024, 5, 9)])
    assert (again.session_count, again.first_session_date) == (3, date(2024, 5, 2))
