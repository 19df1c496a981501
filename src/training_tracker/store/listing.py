"""The read walks behind listings and statistics: totals buckets, sessions newest first
(an athlete's partition, or everyone's month buckets on GSI2), first month with sessions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any, TypeVar

from training_tracker.domain.load import LoadTotals
from training_tracker.domain.models import TrainingSession
from training_tracker.domain.periods import month_end, plan_range, previous_month_end
from training_tracker.domain.totals import EVERYONE_SHARDS, Bucket, Totals
from training_tracker.store import keys
from training_tracker.store.items.sessions import session_from_item
from training_tracker.store.items.totals import totals_from_item
from training_tracker.store.port import Item, SortKeyCondition, Table, query_all


def _added_up(items: Iterable[Item], period_of: Callable[[Item], date]) -> dict[date, Totals]:
    """Totals per day (or month) in the items' order, the shards of one period added up."""
    added: dict[date, Totals] = {}
    for item in items:
        period = period_of(item)
        added[period] = added.get(period, Totals()) + totals_from_item(item)
    return added


A = TypeVar("A")
B = TypeVar("B")
# Threads for the second read of a request sent at once with its first (DynamoDB only).
READ_THREADS = 32
# Month totals per request when walking back from an athlete's newest month: a year's worth
# (everyone's: two months' worth of shards).
MONTHS_PER_READ = 12


class Listing:
    def __init__(self, table: Table, *, page_size: int) -> None:
        self.table = table
        self.page_size = page_size
        concurrent = getattr(table, "remote_reads", False)
        self._reads = ThreadPoolExecutor(READ_THREADS) if concurrent else None

    def at_once(self, first: Callable[[], A], second: Callable[[], B]) -> tuple[A, B]:
        """Two independent reads: sent together where each is a network round trip (so the
        request waits for one, not two), one after the other on a local engine."""
        if self._reads is None:
            return first(), second()
        later = self._reads.submit(second)
        return first(), later.result()

    # -- totals -----------------------------------------------------------------------------
    def _totals_query(self, athlete_id: str | None, low: str, high: str) -> list[Item]:
        return list(
            query_all(
                self.table,
                page_size=self.page_size,
                partition=keys.totals_partition(athlete_id),
                sort=SortKeyCondition(low=low, high=high),
                descending=True,
            )
        )

    def day_load_totals(self, athlete_id: str, first: date, last: date) -> dict[date, LoadTotals]:
        """Sessions and summed load per day from `first` to `last`, from the athlete's day
        totals (one paged Query, SK between DAY#<first> and DAY#<last>); days without
        sessions are absent."""
        low, high = keys.day_totals_bounds(first, last)
        found: dict[date, LoadTotals] = {}
        for item in query_all(
            self.table,
            page_size=self.page_size,
            partition=keys.athlete_partition(athlete_id),
            sort=SortKeyCondition(low=low, high=high),
        ):
            totals = totals_from_item(item)
            if totals.count > 0:
                found[keys.day_of_totals(item)] = totals.load_totals()
        return found

    def day_buckets(self, athlete_id: str | None, first: date, last: date) -> list[Bucket]:
        """One bucket per day with totals, newest first (everyone's shards added up)."""
        low, high = keys.day_totals_bounds(first, last)
        days = _added_up(self._totals_query(athlete_id, low, high), keys.day_of_totals)
        return [Bucket(day, day, totals) for day, totals in days.items()]

    def buckets(self, athlete_id: str | None, start: date | None, end: date | None) -> list[Bucket]:
        """Non-empty totals covering [start, end] exactly once, newest first.

        Whole months come from month totals, partial edge months from day totals, so the
        cost is O(days in the edge months + months), never O(sessions).
        """
        plan = plan_range(start, end)
        found: list[Bucket] = []
        for first, last in plan.day_ranges:
            found += self.day_buckets(athlete_id, first, last)
        if plan.months is not None:
            low, high = keys.month_sort_bounds(*plan.months)
            months = _added_up(self._totals_query(athlete_id, low, high), keys.month_of_totals)
            found += [Bucket(m, month_end(m), totals) for m, totals in months.items()]
        found = [b for b in found if b.totals.count > 0]
        return sorted(found, key=lambda b: b.first, reverse=True)

    def all_time_totals(self, athlete_id: str | None) -> Totals:
        """Every session's totals, an athlete's or everyone's: one all-time item (one per
        shard in use for everyone), whatever the length of the history."""
        items = query_all(
            self.table,
            page_size=self.page_size,
            partition=keys.totals_partition(athlete_id),
            sort=SortKeyCondition(begins_with=keys.ALL_TIME),
        )
        return sum((totals_from_item(item) for item in items), Totals())

    def athletes_count(self) -> int:
        """How many athletes there are: one item per shard in use, however many athletes."""
        items = query_all(
            self.table,
            page_size=self.page_size,
            partition=keys.EVERYONE,
            sort=SortKeyCondition(begins_with=keys.ATHLETES_COUNT_PREFIX),
        )
        return sum(int(item.get("count", 0)) for item in items)

    def months_newest_first(
        self, athlete_id: str | None, *, before: date | None = None
    ) -> Iterator[Bucket]:
        """Non-empty month totals (an athlete's, or everyone's with their shards added up),
        newest first (from the month before `before`'s, if given), read a year at a time and
        only as far as the caller iterates: placing an offset costs the months it skips, not
        the whole history."""
        per_read = MONTHS_PER_READ if athlete_id is not None else 2 * EVERYONE_SHARDS
        start: Item | None = None
        month: date | None = None
        totals = Totals()
        sort = SortKeyCondition(begins_with=keys.MONTH_PREFIX)
        if before is not None:
            low, high = keys.month_sort_bounds(None, previous_month_end(before))
            sort = SortKeyCondition(low=low, high=high)
        while True:
            page = self.table.query(
                partition=keys.totals_partition(athlete_id),
                sort=sort,
                descending=True,
                limit=per_read,
                start=start,
            )
            for item in page.items:
                found = keys.month_of_totals(item)
                if found != month:  # a month's shards come together: the last one is whole
                    if month is not None and totals.count > 0:
                        yield Bucket(month, month_end(month), totals)
                    month, totals = found, Totals()
                totals += totals_from_item(item)
                if athlete_id is not None and totals.count > 0:  # an athlete's month is one item
                    yield Bucket(found, month_end(found), totals)
                    month, totals = None, Totals()
            if page.last_key is None:
                break
            start = page.last_key
        if month is not None and totals.count > 0:
            yield Bucket(month, month_end(month), totals)

    def first_month(self, athlete_id: str | None, *, latest: bool = False) -> date | None:
        """The earliest (or, `latest`, the last) month with sessions, an athlete's or
        everyone's, from month totals.

        Query MONTH# one item at a time, skipping months whose sessions were all deleted
        (count 0): usually one request reading one item.
        """
        start: Item | None = None
        while True:
            page = self.table.query(
                partition=keys.totals_partition(athlete_id),
                sort=SortKeyCondition(begins_with=keys.MONTH_PREFIX),
                descending=latest,
                limit=1,
                start=start,
            )
            for item in page.items:
                if totals_from_item(item).count > 0:
                    return keys.month_of_totals(item)
            if page.last_key is None:
                return None
            start = page.last_key

    def months_with_sessions(
        self, oldest: date | None, newest: date, wanted: int
    ) -> Iterator[date]:
        """Everyone's months from `newest`'s back to `oldest`'s (or the first), newest first:
        `newest`'s month itself, then only months holding sessions, read lazily from the
        month totals when the walk gets there, in pages of at most `wanted` items (each month
        found yields at least one session, so a page of `wanted` sessions never needs more
        months than that). Empty months between cost nothing."""
        month = newest.replace(day=1)
        if oldest is not None and month < oldest.replace(day=1):
            return
        yield month
        low, high = keys.month_sort_bounds(oldest, previous_month_end(month))
        for item in query_all(
            self.table,
            page_size=max(1, min(self.page_size, wanted)),
            partition=keys.totals_partition(None),
            sort=SortKeyCondition(low=low, high=high),
            descending=True,
        ):
            found = keys.month_of_totals(item)  # one item per shard in use: yield a month once
            if found != month and totals_from_item(item).count > 0:
                month = found
                yield month

    # -- sessions ---------------------------------------------------------------------------
    def _collect(self, wanted: int, **query: Any) -> list[Item]:
        """Read newest-first pages until `wanted` items are in hand or the range ends."""
        found: list[Item] = []
        start: Item | None = None
        while len(found) < wanted:
            page = self.table.query(
                descending=True,
                limit=min(self.page_size, wanted - len(found)),
                start=start,
                **query,
            )
            found += page.items
            if page.last_key is None:
                break
            start = page.last_key
        return found

    def _athlete_newest_first(
        self, athlete_id: str, wanted: int, low: str, high: str
    ) -> list[Item]:
        return self._collect(
            wanted,
            partition=keys.athlete_partition(athlete_id),
            sort=SortKeyCondition(low=low, high=high),
        )

    def _month_buckets_newest_first(
        self, months: Iterable[date], wanted: int, bounds: Callable[[date], tuple[str, str]]
    ) -> list[Item]:
        """Everyone's sessions: one Query per month bucket (GSI2) in `months` order, each
        within `bounds(month)`, until `wanted` items are in hand."""
        found: list[Item] = []
        for month in months:
            low, high = bounds(month)
            found += self._collect(
                wanted - len(found),
                partition=keys.month_bucket(month),
                index=keys.GSI2,
                sort=SortKeyCondition(low=low, high=high),
            )
            if len(found) >= wanted:
                break
        return found

    def sessions_newest_first(
        self,
        athlete_id: str | None,
        start: date | None,
        newest: date,
        *,
        skip: int,
        limit: int,
        months: Iterable[date],
    ) -> list[TrainingSession]:
        """`limit` sessions from `newest` back to `start`, after skipping `skip` on day `newest`.

        For everyone the sessions come from the month buckets in `months` (newest first, each
        known to hold sessions), so empty months cost nothing.
        """
        wanted = skip + limit
        if athlete_id is not None:
            found = self._athlete_newest_first(
                athlete_id, wanted, *keys.session_sort_bounds(start, newest)
            )
        else:

            def bounds(month: date) -> tuple[str, str]:
                first = max(start, month) if start else month
                return keys.session_index_bounds(first, min(newest, month_end(month)))

            found = self._month_buckets_newest_first(months, wanted, bounds)
        return [session_from_item(item) for item in found[skip:wanted]]

    def athlete_sessions_newest_first(
        self, athlete_id: str, newest: date | None, *, skip: int, limit: int
    ) -> list[TrainingSession]:
        """`limit` of the athlete's sessions from day `newest` (None: the latest) back, after
        skipping `skip` on that day: one Query for a first page."""
        wanted = skip + limit
        found = self._athlete_newest_first(
            athlete_id, wanted, *keys.session_sort_bounds(None, newest)
        )
        return [session_from_item(item) for item in found[skip:wanted]]

    def sessions_after(
        self,
        athlete_id: str | None,
        start: date | None,
        end: date | None,
        after: tuple[date, str],
        limit: int,
    ) -> list[TrainingSession]:
        """Up to `limit` + 1 sessions in [start, end] that come after the session `after`
        (date, id) newest first. Reads only those: the sort-key bound is `after` itself
        (inclusive, so at most one extra item is read and dropped), never a skipped item.
        Everyone's sessions: one Query per month bucket that holds sessions, from `after`'s
        month back to `start`'s, found in everyone's month totals (empty months cost nothing,
        however far apart the sessions are).
        """
        after_date, after_id = after
        newest = min(end, after_date) if end is not None else after_date
        if newest < after_date:  # the cursor lies after the range's end: start at the end
            after_date, after_id = newest, keys.HIGHEST
        wanted = limit + 2  # the page, one to tell whether more follow, and `after`
        if athlete_id is not None:
            low, _ = keys.session_sort_bounds(start, None)
            high = keys.session_sort_key(after_date, after_id)
            found = self._athlete_newest_first(athlete_id, wanted, low, high)
        else:
            cursor_month = after_date.replace(day=1)

            def bounds(month: date) -> tuple[str, str]:
                low, high = keys.session_index_bounds(
                    max(start, month) if start else month, month_end(month)
                )
                if month == cursor_month:
                    high = keys.session_index_sort_key(after_date, after_id)
                return low, high

            months = self.months_with_sessions(start, after_date, wanted)
            found = self._month_buckets_newest_first(months, wanted, bounds)
        sessions = [session_from_item(i) for i in found]
        return [s for s in sessions if (s.date, s.id) != after][: limit + 1]
