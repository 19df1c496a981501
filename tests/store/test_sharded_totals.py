"""Everyone's totals are kept in shards, a session counting in its athlete's: no item is written
by every session write, reads add the shards up exactly, and a table written before sharding
(one item per day and month) reads the same and is converted by rebuild-aggregates."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from tests.store.invariants import assert_consistent, scan_all
from tests.store.test_maintenance import fill
from training_tracker.domain.models import SessionDetails
from training_tracker.domain.totals import (
    EVERYONE_SHARDS,
    Period,
    Totals,
    TotalsKey,
    everyone_shard,
    summed_totals,
    totals_changes,
)
from training_tracker.services.athletes import AthleteService
from training_tracker.services.maintenance import TotalsRebuilder
from training_tracker.services.sessions import SessionService
from training_tracker.store import keys
from training_tracker.store.items.sessions import session_from_item
from training_tracker.store.items.totals import totals_from_item, totals_key
from training_tracker.store.port import Item, Table, Update
from training_tracker.store.repository import Repository


def athletes_in_other_shards(service: AthleteService) -> tuple[str, str]:
    """Two new athletes whose sessions count in different shards of everyone's totals."""
    first = service.create("First").id
    while True:
        other = service.create("Other").id
        if everyone_shard(other) != everyone_shard(first):
            return first, other


def everyones_items(table: Table) -> list[Item]:
    """Everyone's totals items (the athletes count shares their partition: not these)."""
    kinds = (keys.DAY_TOTALS_TYPE, keys.MONTH_TOTALS_TYPE, keys.ALL_TIME_TOTALS_TYPE)
    return [
        i
        for i in scan_all(table)
        if i[keys.PK] == keys.totals_partition(None) and i["type"] in kinds
    ]


def test_a_shard_is_a_pure_function_of_the_athlete() -> None:
    shards = {everyone_shard(f"athlete-{n}") for n in range(400)}
    assert shards == set(range(EVERYONE_SHARDS))  # every shard gets used
    assert everyone_shard("same") == everyone_shard("same")
    ann = SessionDetails(
        athlete_id="ann", date=date(2024, 5, 2), duration=Decimal(5), distance=Decimal(1)
    )
    everyone = [k for k in totals_changes(None, ann) if k.athlete_id is None]
    assert {k.shard for k in everyone} == {everyone_shard("ann")}


def test_writes_of_two_athletes_on_one_day_touch_no_common_item(table: Table) -> None:
    repository = Repository(table, page_size=2)
    first, other = athletes_in_other_shards(AthleteService(repository))
    sessions = SessionService(repository)
    day = date(2024, 5, 2)
    one = sessions.create(
        SessionDetails(athlete_id=first, date=day, duration=Decimal(30), distance=Decimal(1))
    )
    sessions.create(
        SessionDetails(athlete_id=other, date=day, duration=Decimal(45), distance=Decimal(1))
    )
    items = everyones_items(table)
    assert len(items) == 6  # a day, a month and an all-time item in each athlete's shard
    assert sessions.statistics(None, day, day).total_duration == 75
    # Moving a session to the other athlete moves its contribution to the other shard.
    sessions.update(
        one.id,
        SessionDetails(athlete_id=other, date=day, duration=Decimal(30), distance=Decimal(1)),
    )
    counts = {i[keys.SK]: int(i["count"]) for i in everyones_items(table)}
    # the first shard's items lost their last session: deleted in the same write
    assert sorted(counts.values()) == [2, 2, 2]
    assert sessions.statistics(None, day, day).total_sessions == 2
    assert_consistent(table)


def unshard(table: Table) -> int:
    """Rewrites everyone's day and month totals the way they were kept before sharding: one
    item a period (the all-time totals came with sharding: they stay as they are)."""
    summed: dict[TotalsKey, Totals] = defaultdict(Totals)
    periods = (keys.DAY_TOTALS_TYPE, keys.MONTH_TOTALS_TYPE)
    items = [i for i in everyones_items(table) if i["type"] in periods]
    for item in items:
        if item["type"] == keys.DAY_TOTALS_TYPE:
            summed[TotalsKey(None, Period.DAY, keys.day_of_totals(item))] += totals_from_item(item)
        else:
            month = keys.month_of_totals(item)
            summed[TotalsKey(None, Period.MONTH, month)] += totals_from_item(item)
    table.batch_delete([keys.key_of(i) for i in items])
    for key, totals in summed.items():
        where = (keys.day_totals_key if key.period is Period.DAY else keys.month_totals_key)(
            None, key.start
        )
        numbers = {"count": Decimal(totals.count), "duration": totals.duration}
        numbers |= {"distance": totals.distance, "load": totals.load}
        table.write(Update(where, set={"type": items[0]["type"]}, add=numbers))
    return len(summed)


def test_totals_kept_before_sharding_read_the_same_and_rebuild_shards_them(table: Table) -> None:
    repository = Repository(table, page_size=2)
    fill(repository)
    sessions = SessionService(repository)
    ranges = [(None, None), (date(2024, 1, 27), date(2024, 2, 20)), (date(2024, 2, 1), None)]
    before = [sessions.statistics(None, start, end) for start, end in ranges]
    page = sessions.list(athlete_id=None, start=None, end=None, limit=5, offset=3)
    old_items = unshard(table)
    assert [sessions.statistics(None, start, end) for start, end in ranges] == before
    assert sessions.list(athlete_id=None, start=None, end=None, limit=5, offset=3) == page

    report = TotalsRebuilder(repository).run()
    assert report.totals_removed == old_items
    assert_consistent(table)
    assert [sessions.statistics(None, start, end) for start, end in ranges] == before
    stored = [session_from_item(i) for i in scan_all(table) if i["type"] == keys.SESSION_TYPE]
    sharded = {tuple(totals_key(k).values()) for k in summed_totals(stored) if k.athlete_id is None}
    assert {tuple(keys.key_of(i).values()) for i in everyones_items(table)} == sharded
