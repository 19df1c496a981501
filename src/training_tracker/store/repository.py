"""Athletes, sessions and their totals on the single-table design, for any Table engine.

Everything here maps domain objects to items and access patterns to Table calls; the use
cases (retries, errors, ordering of steps) live in the services.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from training_tracker.domain.load import LoadMethod, LoadTotals, Sex, Sport
from training_tracker.domain.models import Athlete, TrainingSession
from training_tracker.domain.periods import month_end, plan_range
from training_tracker.domain.totals import (
    Period,
    Totals,
    TotalsKey,
    session_count_changes,
    totals_changes,
)
from training_tracker.store import keys
from training_tracker.store.imports import source_from_map, source_map
from training_tracker.store.port import (
    MAX_TRANSACTION_ACTIONS,
    MUST_EXIST,
    MUST_NOT_EXIST,
    Check,
    Condition,
    Delete,
    Item,
    Key,
    Put,
    SortKeyCondition,
    Table,
    Update,
    WriteAction,
    query_all,
)


# -- items <-> domain ---------------------------------------------------------------------------
def athlete_profile(athlete: Athlete) -> Item:
    """The attributes a profile update sets; an unknown value is stored as NULL."""
    return {
        "name": athlete.name,
        **keys.athlete_index_keys(athlete.id, athlete.name),
        "resting_heart_rate": athlete.resting_heart_rate,
        "max_heart_rate": athlete.max_heart_rate,
        "sex": None if athlete.sex is None else athlete.sex.value,
        "timezone": athlete.timezone,
        "version": Decimal(athlete.version),
    }


def athlete_item(athlete: Athlete) -> Item:
    profile = {k: v for k, v in athlete_profile(athlete).items() if v is not None}
    return {
        **keys.athlete_key(athlete.id),
        **profile,
        "type": keys.ATHLETE_TYPE,
        "id": athlete.id,
        "session_count": Decimal(athlete.session_count),
    }


def athlete_from_item(item: Item) -> Athlete:
    sex = item.get("sex")
    return Athlete(
        id=item["id"],
        name=item["name"],
        resting_heart_rate=item.get("resting_heart_rate"),
        max_heart_rate=item.get("max_heart_rate"),
        sex=None if sex is None else Sex(sex),
        session_count=int(item.get("session_count", 0)),
        version=int(item.get("version", 0)),
        timezone=item.get("timezone"),
    )


def athlete_unchanged(athlete: Athlete) -> Condition:
    """The athlete exists with the profile it had when read (its version; for an item written
    before versions existed, its name)."""
    if athlete.version:
        return Condition(exists=True, equals={"version": Decimal(athlete.version)})
    return Condition(exists=True, equals={"name": athlete.name})


def session_item(session: TrainingSession) -> Item:
    item: Item = {
        **keys.session_key(session.athlete_id, session.date, session.id),
        **keys.session_index_keys(session.date, session.id),
        "type": keys.SESSION_TYPE,
        "id": session.id,
        "athlete_id": session.athlete_id,
        "athlete_name": session.athlete_name,
        "date": session.date.isoformat(),
        "duration": session.duration,
        "distance": session.distance,
        "created_at": session.created_at.isoformat(),
        "updated_at": session.updated_at.isoformat(),
        "version": Decimal(session.version),
    }
    optional = {
        "notes": session.notes,
        "sport": None if session.sport is None else session.sport.value,
        "rpe": None if session.rpe is None else Decimal(session.rpe),
        "avg_heart_rate": session.avg_heart_rate,
        "max_heart_rate": session.max_heart_rate,
        "load": session.load,
        "load_method": None if session.load_method is None else session.load_method.value,
    }
    item.update({name: value for name, value in optional.items() if value is not None})
    if session.source is not None:
        item["source"] = source_map(session.source)
    return item


def session_from_item(item: Item) -> TrainingSession:
    return TrainingSession(
        id=item["id"],
        athlete_id=item["athlete_id"],
        athlete_name=item["athlete_name"],
        date=date.fromisoformat(item["date"]),
        duration=item["duration"],
        distance=item["distance"],
        notes=item.get("notes"),
        sport=None if item.get("sport") is None else Sport(item["sport"]),
        rpe=None if item.get("rpe") is None else int(item["rpe"]),
        avg_heart_rate=item.get("avg_heart_rate"),
        max_heart_rate=item.get("max_heart_rate"),
        created_at=datetime.fromisoformat(item["created_at"]),
        updated_at=datetime.fromisoformat(item["updated_at"]),
        version=int(item["version"]),
        load=item.get("load"),
        load_method=None if item.get("load_method") is None else LoadMethod(item["load_method"]),
        source=source_from_map(item.get("source")),
    )


def locator_item(session: TrainingSession) -> Item:
    return {
        **keys.locator_key(session.id),
        "type": keys.LOCATOR_TYPE,
        "session_id": session.id,
        "athlete_id": session.athlete_id,
        "date": session.date.isoformat(),
    }


def totals_from_item(item: Item) -> Totals:
    return Totals(
        int(item.get("count", 0)),
        item.get("duration", Decimal(0)),
        item.get("distance", Decimal(0)),
        item.get("load", Decimal(0)),
    )


def _session_locator(session: TrainingSession) -> Key:
    return keys.session_key(session.athlete_id, session.date, session.id)


def totals_key(key: TotalsKey) -> Key:
    if key.period is Period.DAY:
        return keys.day_totals_key(key.athlete_id, key.start)
    return keys.month_totals_key(key.athlete_id, key.start)


def totals_update(key: TotalsKey, delta: Totals) -> Update:
    item_type = keys.DAY_TOTALS_TYPE if key.period is Period.DAY else keys.MONTH_TOTALS_TYPE
    return Update(
        totals_key(key),
        set={"type": item_type, "start": key.start.isoformat()},
        add={
            "count": Decimal(delta.count),
            "duration": delta.duration,
            "distance": delta.distance,
            "load": delta.load,
        },
    )


def session_version(session: TrainingSession) -> Condition:
    return Condition(exists=True, equals={"version": Decimal(session.version)})


@dataclass(frozen=True)
class Bucket:
    """Totals for the days first..last (newest buckets first when listed)."""

    first: date
    last: date
    totals: Totals


class Repository:
    def __init__(self, table: Table, *, page_size: int) -> None:
        self.table = table
        self.page_size = page_size

    # -- athletes ---------------------------------------------------------------------------
    def get_athlete(self, athlete_id: str) -> Athlete | None:
        item = self.table.get(keys.athlete_key(athlete_id))
        return athlete_from_item(item) if item else None

    def list_athletes(self) -> list[Athlete]:
        items = query_all(
            self.table, page_size=self.page_size, partition=keys.ATHLETES_PARTITION, index=keys.GSI1
        )
        return [athlete_from_item(item) for item in items]

    def create_athlete(self, athlete: Athlete) -> None:
        self.table.write(Put(athlete_item(athlete), MUST_NOT_EXIST))

    def update_athlete(self, before: Athlete, after: Athlete) -> None:
        """Writes `after`'s profile (name, heart rates, sex, version) over `before`.

        Raises ConditionFailedError when the athlete is gone or changed since `before` was read.
        """
        self.table.write(
            Update(
                keys.athlete_key(before.id),
                set=athlete_profile(after),
                condition=athlete_unchanged(before),
            )
        )

    def athlete_session_items(self, athlete_id: str) -> Iterator[Item]:
        yield from query_all(
            self.table,
            page_size=self.page_size,
            partition=keys.athlete_partition(athlete_id),
            sort=SortKeyCondition(begins_with=keys.SESSION_PREFIX),
        )

    def athlete_sessions(self, athlete_id: str, limit: int) -> list[TrainingSession]:
        page = self.table.query(
            partition=keys.athlete_partition(athlete_id),
            sort=SortKeyCondition(begins_with=keys.SESSION_PREFIX),
            limit=limit,
        )
        return [session_from_item(item) for item in page.items]

    # One action of each name-refresh transaction checks that the athlete is unchanged.
    NAME_REFRESH_BATCH = MAX_TRANSACTION_ACTIONS - 1

    def set_athlete_name_on_sessions(self, athlete: Athlete, sessions: Sequence[Item]) -> None:
        """Copy the athlete's name into up to NAME_REFRESH_BATCH sessions, in one transaction.

        Fails if a session was deleted or moved meanwhile, or if the athlete changed since it
        was read: a later rename must not be overwritten by an earlier one's copies.
        """
        self.table.transact(
            [
                Check(keys.athlete_key(athlete.id), athlete_unchanged(athlete)),
                *(
                    Update(
                        {keys.PK: s[keys.PK], keys.SK: s[keys.SK]},
                        set={"athlete_name": athlete.name},
                        condition=MUST_EXIST,
                    )
                    for s in sessions
                ),
            ]
        )

    def athlete_totals_items(self, athlete_id: str) -> list[Item]:
        return self.totals_items(athlete_id)

    def totals_items(self, athlete_id: str | None) -> list[Item]:
        """Every day and month totals item of an athlete, or of everyone."""
        partition = keys.totals_partition(athlete_id)
        found: list[Item] = []
        for prefix in (keys.DAY_PREFIX, keys.MONTH_PREFIX):
            found += query_all(
                self.table,
                page_size=self.page_size,
                partition=partition,
                sort=SortKeyCondition(begins_with=prefix),
            )
        return found

    def delete_empty_totals(self, totals_items: Sequence[Item]) -> None:
        """Delete totals items that are zero; fails whole if any of them is not zero any more."""
        self.table.transact(
            [
                Delete(
                    {keys.PK: item[keys.PK], keys.SK: item[keys.SK]},
                    Condition(exists=True, equals={"count": Decimal(0)}),
                )
                for item in totals_items
            ]
        )

    def delete_athlete_if_idle(self, athlete_id: str, *, version: int | None = None) -> None:
        """Deletes the profile only if no session refers to it (and, given `version`, it is
        still at that version); else ConditionFailedError."""
        equals = {"session_count": Decimal(0)}
        if version is not None:
            equals["version"] = Decimal(version)
        condition = Condition(exists=True, equals=equals)
        self.table.write(Delete(keys.athlete_key(athlete_id), condition))

    # -- sessions ---------------------------------------------------------------------------
    def get_session(self, session_id: str) -> TrainingSession | None:
        """Locator, then the session it points at. A session moved between the two reads is
        not where the locator said: read the (new) locator again rather than answer 404."""
        seen: set[tuple[str, str]] = set()
        for _ in range(10):
            locator = self.table.get(keys.locator_key(session_id))
            if locator is None:
                return None
            where = date.fromisoformat(locator["date"])
            item = self.table.get(keys.session_key(locator["athlete_id"], where, session_id))
            if item is not None:
                return session_from_item(item)
            where_key = (locator["athlete_id"], locator["date"])
            if where_key in seen:  # pointed here twice and nothing there: not a move
                return None
            seen.add(where_key)
        return None

    def session_change_actions(
        self,
        before: TrainingSession | None,
        after: TrainingSession | None,
        *,
        athlete_version: int | None = None,
    ) -> list[WriteAction]:
        """Every write that turns `before` into `after`, for one transaction.

        Session, its locator, each athlete's session count and every totals item move
        together; conditions make it fail whole if anything changed since it was read.
        The athlete of `after` must still have the profile `after` was computed from: the
        `athlete_version` read then (name and load both come from that read). Without a
        version (or for an athlete item written before versions existed, version 0) it must
        still have the name copied into the session.
        """
        actions: list[WriteAction] = []
        counts = session_count_changes(before, after)
        if after is not None:
            condition = (
                Condition(exists=True, equals={"version": Decimal(athlete_version)})
                if athlete_version
                else Condition(exists=True, equals={"name": after.athlete_name})
            )
            change = counts.pop(after.athlete_id, 0)
            if change:
                actions.append(
                    Update(
                        keys.athlete_key(after.athlete_id),
                        add={"session_count": Decimal(change)},
                        condition=condition,
                    )
                )
            else:
                actions.append(Check(keys.athlete_key(after.athlete_id), condition))
        for athlete_id, change in counts.items():
            if change:
                actions.append(
                    Update(
                        keys.athlete_key(athlete_id),
                        add={"session_count": Decimal(change)},
                        condition=MUST_EXIST,
                    )
                )
        moved = (
            before is None or after is None or _session_locator(before) != _session_locator(after)
        )
        if before is not None:
            if moved:
                actions.append(Delete(_session_locator(before), session_version(before)))
            if after is None:
                actions.append(Delete(keys.locator_key(before.id)))
        if after is not None:
            if moved:
                actions.append(Put(session_item(after), MUST_NOT_EXIST))
                locator_condition = MUST_NOT_EXIST if before is None else MUST_EXIST
                actions.append(Put(locator_item(after), locator_condition))
            else:
                actions.append(Put(session_item(after), session_version(before)))  # type: ignore[arg-type]
        actions += [
            totals_update(key, delta) for key, delta in totals_changes(before, after).items()
        ]
        return actions

    def change_session(
        self,
        before: TrainingSession | None,
        after: TrainingSession | None,
        *,
        athlete_version: int | None = None,
    ) -> None:
        self.table.transact(
            self.session_change_actions(before, after, athlete_version=athlete_version)
        )

    def new_sessions_actions(
        self, athlete: Athlete, sessions: Sequence[TrainingSession]
    ) -> list[WriteAction]:
        """Several new sessions of one athlete (the legs of a multisport file) for one
        transaction: one session-count change, totals merged per key, and the athlete's
        profile still the one the sessions were computed from."""
        merged: dict[TotalsKey, Totals] = {}
        for session in sessions:
            for key, delta in totals_changes(None, session).items():
                merged[key] = merged.get(key, Totals()) + delta
        condition = (
            Condition(exists=True, equals={"version": Decimal(athlete.version)})
            if athlete.version
            else Condition(exists=True, equals={"name": athlete.name})
        )
        actions: list[WriteAction] = [
            Update(
                keys.athlete_key(athlete.id),
                add={"session_count": Decimal(len(sessions))},
                condition=condition,
            )
        ]
        for session in sessions:
            actions.append(Put(session_item(session), MUST_NOT_EXIST))
            actions.append(Put(locator_item(session), MUST_NOT_EXIST))
        actions += [totals_update(key, delta) for key, delta in merged.items() if not delta.is_zero]
        return actions

    def delete_sessions(self, athlete_id: str, sessions: Sequence[TrainingSession]) -> None:
        """Delete several sessions of one athlete in one transaction, totals included."""
        merged: dict[TotalsKey, Totals] = {}
        for session in sessions:
            for key, delta in totals_changes(session, None).items():
                merged[key] = merged.get(key, Totals()) + delta
        actions: list[WriteAction] = [
            Update(
                keys.athlete_key(athlete_id),
                add={"session_count": Decimal(-len(sessions))},
                condition=MUST_EXIST,
            )
        ]
        for session in sessions:
            actions.append(Delete(_session_locator(session), session_version(session)))
            actions.append(Delete(keys.locator_key(session.id)))
        actions += [totals_update(key, delta) for key, delta in merged.items()]
        self.table.transact(actions)

    @staticmethod
    def deletion_batches(sessions: Sequence[TrainingSession]) -> Iterator[list[TrainingSession]]:
        """Split sessions so each batch's transaction stays within DynamoDB's action limit."""
        batch: list[TrainingSession] = []
        totals_seen: set[TotalsKey] = set()
        for session in sessions:
            new_keys = {k for k in totals_changes(session, None) if k not in totals_seen}
            actions = 1 + 2 * (len(batch) + 1) + len(totals_seen) + len(new_keys)
            if batch and actions > MAX_TRANSACTION_ACTIONS:
                yield batch
                batch, totals_seen = [], set()
                new_keys = set(totals_changes(session, None))
            batch.append(session)
            totals_seen |= new_keys
        if batch:
            yield batch

    # -- listing and totals -----------------------------------------------------------------
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
        low, high = keys.day_sort_bounds(first, last, keys.DAY_PREFIX)
        found: dict[date, LoadTotals] = {}
        for item in query_all(
            self.table,
            page_size=self.page_size,
            partition=keys.athlete_partition(athlete_id),
            sort=SortKeyCondition(low=low, high=high),
        ):
            totals = totals_from_item(item)
            if totals.count > 0:
                found[keys.date_of_sort_key(item[keys.SK])] = totals.load_totals()
        return found

    def day_buckets(self, athlete_id: str | None, first: date, last: date) -> list[Bucket]:
        low, high = keys.day_sort_bounds(first, last, keys.DAY_PREFIX)
        return [
            Bucket(
                keys.date_of_sort_key(i[keys.SK]),
                keys.date_of_sort_key(i[keys.SK]),
                totals_from_item(i),
            )
            for i in self._totals_query(athlete_id, low, high)
        ]

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
            for item in self._totals_query(athlete_id, low, high):
                month = keys.date_of_sort_key(item[keys.SK])
                found.append(Bucket(month, month_end(month), totals_from_item(item)))
        found = [b for b in found if b.totals.count > 0]
        return sorted(found, key=lambda b: b.first, reverse=True)

    def sessions_newest_first(
        self,
        athlete_id: str | None,
        start: date | None,
        newest: date,
        *,
        skip: int,
        limit: int,
        months: Sequence[date],
    ) -> list[TrainingSession]:
        """`limit` sessions from `newest` back to `start`, after skipping `skip` on day `newest`.

        For everyone the sessions come from the month buckets in `months` (newest first, each
        known to hold sessions), so empty months cost nothing.
        """
        wanted = skip + limit
        found: list[Item] = []
        if athlete_id is not None:
            low, high = keys.day_sort_bounds(start, newest, keys.SESSION_PREFIX)
            found = self._collect(
                wanted,
                partition=keys.athlete_partition(athlete_id),
                sort=SortKeyCondition(low=low, high=high),
            )
        else:
            for month in months:
                first = max(start, month) if start else month
                last = min(newest, month_end(month))
                low, high = keys.day_sort_bounds(first, last, "")
                found += self._collect(
                    wanted - len(found),
                    partition=keys.month_bucket(month),
                    index=keys.GSI2,
                    sort=SortKeyCondition(low=low, high=high),
                )
                if len(found) >= wanted:
                    break
        return [session_from_item(item) for item in found[skip:wanted]]

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
        Everyone's sessions: one Query per month bucket from `after`'s month back, down to
        `start` or the first month anyone trained in.
        """
        after_date, after_id = after
        newest = min(end, after_date) if end is not None else after_date
        if newest < after_date:  # the cursor lies after the range's end: start at the end
            after_date, after_id = newest, keys.HIGHEST
        wanted = limit + 2  # the page, one to tell whether more follow, and `after`
        found: list[Item] = []
        if athlete_id is not None:
            low, _ = keys.day_sort_bounds(start, None, keys.SESSION_PREFIX)
            found = self._collect(
                wanted,
                partition=keys.athlete_partition(athlete_id),
                sort=SortKeyCondition(low=low, high=keys.session_sort_key(after_date, after_id)),
            )
        else:
            oldest = start or self.first_month(None)
            month = after_date.replace(day=1)
            while oldest is not None and month >= oldest.replace(day=1):
                first = max(start, month) if start else month
                high = (
                    f"{after_date.isoformat()}#{after_id}"
                    if month == after_date.replace(day=1)
                    else keys.day_sort_bounds(None, month_end(month), "")[1]
                )
                found += self._collect(
                    wanted - len(found),
                    partition=keys.month_bucket(month),
                    index=keys.GSI2,
                    sort=SortKeyCondition(low=first.isoformat(), high=high),
                )
                if len(found) >= wanted:
                    break
                month = (month - timedelta(days=1)).replace(day=1)
        sessions = [session_from_item(i) for i in found]
        return [s for s in sessions if (s.date, s.id) != after][: limit + 1]

    def first_month(self, athlete_id: str | None) -> date | None:
        """The earliest month with sessions (an athlete's, or everyone's), from month totals.

        Query MONTH# ascending one item at a time, skipping months whose sessions were all
        deleted (count 0): usually one request reading one item.
        """
        start: Item | None = None
        while True:
            page = self.table.query(
                partition=keys.totals_partition(athlete_id),
                sort=SortKeyCondition(begins_with=keys.MONTH_PREFIX),
                limit=1,
                start=start,
            )
            for item in page.items:
                if totals_from_item(item).count > 0:
                    return keys.date_of_sort_key(item[keys.SK])
            if page.last_key is None:
                return None
            start = page.last_key
