"""The migration's decisions on the seed's items: which copy of a session is kept, which
items are problems, what a refused name becomes. Pure: items in, plan out."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from training_tracker.api.schemas import athlete_name_problem
from training_tracker.domain.migration import DUPLICATE, NAME, UNREADABLE, MigrationPlan
from training_tracker.services.seed_plan import plan_migration, repaired_name


def athlete(aid: str, name: Any = "Ann") -> dict[str, Any]:
    item = {"PK": f"ATHLETE#{aid}", "SK": f"ATHLETE#{aid}", "AthleteId": aid, "Name": name}
    return {k: v for k, v in item.items() if v is not None}


def copy(aid: str, day: str, updated: str | None, **values: Any) -> dict[str, Any]:
    item = {
        "PK": f"ATHLETE#{aid}",
        "SK": "SESSION#s1",
        "GSI1PK": "SESSION",
        "GSI1SK": f"{day}#s1",
        "SessionId": "s1",
        "Date": day,
        "Duration": "30.0",
        "Distance": "5.0",
        "CreatedAt": "2025-01-01T00:00:00+00:00",
        "UpdatedAt": updated,
        **values,
    }
    return {k: v for k, v in item.items() if v is not None}


def plan(*items: dict[str, Any]) -> MigrationPlan:
    return plan_migration(lambda: iter(items), athlete_name_problem)


def kept_under(result: MigrationPlan) -> list[str]:
    return [aid for aid, view in result.view.items() if view.sessions]


def dropped(result: MigrationPlan) -> list[str]:
    return [p.pk for p in result.problems if p.kind == DUPLICATE]


@pytest.mark.parametrize("reverse", [False, True])
def test_the_copy_written_last_is_kept_whatever_the_scan_order(reverse: bool) -> None:
    copies = [
        copy("a", "2025-01-02", "2025-01-02T10:00:00+00:00"),
        copy("b", "2025-01-01", "2025-01-03T09:00:00+01:00"),  # 08:00 UTC: later still
    ]
    result = plan(athlete("a"), athlete("b"), *(reversed(copies) if reverse else copies))
    assert kept_under(result) == ["b"]
    assert dropped(result) == ["ATHLETE#a"]
    assert result.view["b"].days[date(2025, 1, 1)].count == 1
    (problem,) = result.problems
    assert "kept the one under ATHLETE#b" in problem.reason


@pytest.mark.parametrize("reverse", [False, True])
def test_on_a_tie_the_copy_the_seeds_lookup_returned_is_kept(reverse: bool) -> None:
    """The seed's by-id lookup took the first copy in its index: the earlier date."""
    same = "2025-01-02T10:00:00+00:00"
    copies = [copy("a", "2025-01-09", same), copy("b", "2025-01-03", same)]
    result = plan(athlete("a"), athlete("b"), *(reversed(copies) if reverse else copies))
    assert kept_under(result) == ["b"]


@pytest.mark.parametrize("reverse", [False, True])
def test_a_full_tie_keeps_the_smaller_partition_so_reruns_agree(reverse: bool) -> None:
    same = "2025-01-02T10:00:00+00:00"
    copies = [copy("z", "2025-01-03", same), copy("m", "2025-01-03", same)]
    result = plan(athlete("z"), athlete("m"), *(reversed(copies) if reverse else copies))
    assert kept_under(result) == ["m"]


def test_a_copy_outside_the_seeds_index_or_without_a_date_loses() -> None:
    result = plan(
        athlete("a"),
        athlete("b"),
        athlete("c"),
        copy("a", "2025-01-03", None),
        copy("b", "2025-01-03", "2025-01-02T10:00:00+00:00", GSI1SK=None),
        copy("c", "2025-01-03", "2025-01-02T10:00:00+00:00"),
    )
    assert kept_under(result) == ["c"]
    assert sorted(dropped(result)) == ["ATHLETE#a", "ATHLETE#b"]


def test_an_unreadable_newest_copy_is_reported_not_replaced_by_an_older_one() -> None:
    result = plan(
        athlete("a"),
        athlete("b"),
        copy("a", "2025-01-03", "2025-01-01T10:00:00+00:00"),
        copy("b", "2025-01-03", "2025-01-02T10:00:00+00:00", Duration="abc"),
    )
    assert kept_under(result) == []
    assert {(p.kind, p.pk) for p in result.problems} == {
        (DUPLICATE, "ATHLETE#a"),
        (UNREADABLE, "ATHLETE#b"),
    }


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "Duration is not a number: ''"),
        ("abc", "Duration is not a number: 'abc'"),
        ("1e999", "from 0 to 1000000: '1e999'"),
        ("nan", "from 0 to 1000000: 'nan'"),
        ("-0.5", "from 0 to 1000000: '-0.5'"),
        ("1000000.5", "from 0 to 1000000"),
        (None, "missing required attribute Duration"),
    ],
)
def test_numbers_the_seed_could_not_serve_are_unreadable(raw: str | None, reason: str) -> None:
    item = copy("a", "2025-01-03", "2025-01-01T10:00:00+00:00")
    item.pop("Duration")
    if raw is not None:
        item["Duration"] = raw
    (problem,) = plan(athlete("a"), item).problems
    assert problem.kind == UNREADABLE
    assert reason in problem.reason


def test_numbers_are_read_as_the_seed_served_them() -> None:
    item = copy("a", "2025-01-03", None, Duration=" 1e3 ", Distance="12.125")
    figures = plan(athlete("a"), item).view["a"].days[date(2025, 1, 3)]
    assert (figures.duration, figures.distance) == (Decimal("1000.0"), Decimal("12.125"))


@pytest.mark.parametrize(
    ("name", "repaired"),
    [
        ("Bell\x07", "Bell"),
        ("Ann\u200b Lee", "Ann Lee"),  # a format character
        ("Sur\ud800", "Sur\ufffd"),  # a lone surrogate: not even sendable as JSON
        ("L" * 250, "L" * 200),
        ("\x00\x01 ", "Athlete a"),
        (None, "Athlete a"),
    ],
)
def test_names_the_api_refuses_are_repaired_and_reported(name: str | None, repaired: str) -> None:
    result = plan(athlete("a", name), athlete("b", "Fine"))
    assert result.view["b"].name == "Fine"
    if name is not None and athlete_name_problem(name) is None:
        # The API takes it as it is (format characters, until it refuses them).
        assert (result.view["a"].name, result.problems) == (name, [])
        return
    assert result.view["a"].name == repaired
    assert athlete_name_problem(repaired) is None
    (problem,) = result.problems
    assert (problem.kind, problem.pk) == (NAME, "ATHLETE#a")


def test_repair_leaves_a_valid_name_alone() -> None:
    assert repaired_name("a", "Zoë O'Neil", athlete_name_problem) == "Zoë O'Neil"
