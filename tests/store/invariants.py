"""Recount everything from the sessions themselves and compare with what the store keeps."""

from __future__ import annotations

from collections import Counter, defaultdict

from training_tracker.domain.models import load_of
from training_tracker.domain.totals import Totals, TotalsKey, everyone_shard, totals_changes
from training_tracker.store import keys
from training_tracker.store.items.athletes import athlete_from_item
from training_tracker.store.items.sessions import session_from_item
from training_tracker.store.items.totals import totals_from_item, totals_key
from training_tracker.store.port import Item, Table


def scan_all(table: Table) -> list[Item]:
    items, start = [], None
    while True:
        page = table.scan(start=start, limit=100)
        items += page.items
        if page.last_key is None:
            return items
        start = page.last_key


def assert_consistent(table: Table) -> None:
    """Totals (load included) equal a recount, counts (athletes' included) match, every
    session has one locator and a live athlete, and every stored load is what the athlete's
    current profile gives."""
    items = [i for i in scan_all(table) if "type" in i]  # items of an older layout are not ours
    by_type: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        by_type[item["type"]].append(item)
    athletes = {a.id: a for a in map(athlete_from_item, by_type[keys.ATHLETE_TYPE])}
    sessions = [session_from_item(i) for i in by_type[keys.SESSION_TYPE]]

    expected: dict[TotalsKey, Totals] = defaultdict(Totals)
    for session in sessions:
        for key, delta in totals_changes(None, session).items():
            expected[key] = expected[key] + delta
    stored = {
        (item[keys.PK], item[keys.SK]): totals_from_item(item)
        for kind in (keys.DAY_TOTALS_TYPE, keys.MONTH_TOTALS_TYPE, keys.ALL_TIME_TOTALS_TYPE)
        for item in by_type[kind]
    }
    for key, totals in expected.items():
        k = totals_key(key)
        assert stored.get((k[keys.PK], k[keys.SK])) == totals, key
    expected_keys = {tuple(totals_key(k).values()) for k in expected}
    # A totals item is deleted in the write that removes its last session: none is left at 0.
    left_behind = sorted(location for location in stored if location not in expected_keys)
    assert left_behind == [], f"totals items without sessions: {left_behind}"

    # The athletes count: each athlete in its shard, every shard exact.
    counted = Counter(everyone_shard(a) for a in athletes)
    for item in by_type[keys.ATHLETES_COUNT_TYPE]:
        shard = int(item[keys.SK].removeprefix(keys.ATHLETES_COUNT_PREFIX))
        assert int(item["count"]) == counted.pop(shard, 0), item
    assert counted == {}, f"athletes not counted, per shard: {counted}"

    per_athlete = Counter(s.athlete_id for s in sessions)
    for athlete in athletes.values():
        assert athlete.session_count == per_athlete.get(athlete.id, 0), athlete
    assert set(per_athlete) <= set(athletes), "session of a deleted athlete"
    for session in sessions:
        assert session.athlete_name == athletes[session.athlete_id].name
        expected_load = load_of(session, athletes[session.athlete_id])
        assert (session.load, session.load_method) == expected_load, session
    locators = {i["session_id"]: i for i in by_type[keys.LOCATOR_TYPE]}
    assert set(locators) == {s.id for s in sessions}
    for session in sessions:
        assert locators[session.id]["athlete_id"] == session.athlete_id
        assert locators[session.id]["date"] == session.date.isoformat()
    # No item may live in a deleted athlete's partition.
    live_partitions = {keys.athlete_partition(a) for a in athletes}
    for item in items:
        if item[keys.PK].startswith("ATHLETE#"):
            assert item[keys.PK] in live_partitions, item
