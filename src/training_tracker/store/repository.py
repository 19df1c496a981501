"""Athletes and sessions on the single-table design, for any Table engine.

The repository answers the services in domain objects: reads by key, the listing walks it
inherits from `Listing`, and writes, each one logical change (`transaction()` for a change
made of several parts). Item mapping lives in `store/items/`, the actions in `store/writes.py`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

from training_tracker.domain.models import Athlete, TrainingSession
from training_tracker.errors import NotFoundError
from training_tracker.store import keys
from training_tracker.store.items.athletes import (
    EXTRA_WRITES,
    athlete_from_item,
    athletes_count_update,
)
from training_tracker.store.items.sessions import session_from_item, session_key_of
from training_tracker.store.listing import Listing
from training_tracker.store.maintenance import MaintenanceStore
from training_tracker.store.port import (
    MAX_TRANSACTION_ACTIONS,
    MUST_EXIST,
    Check,
    Condition,
    Delete,
    SortKeyCondition,
    Update,
    query_all,
)
from training_tracker.store.transaction import Part, Transaction
from training_tracker.store.writes import athlete_unchanged, deletion_batches, profile_update

# One action of each name-refresh transaction checks that the athlete is unchanged.
NAME_REFRESH_BATCH = MAX_TRANSACTION_ACTIONS - 1
# How many sessions one step of a cascading delete reads before deleting them.
DELETION_READ = 500


class Repository(Listing):
    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """One logical write: collect its parts in the block, committed at the block's end
        (not if the block raises). Raises WriteConflictError naming the parts that failed."""
        unit = Transaction(self.table)
        yield unit
        unit.commit()

    def maintenance(self) -> MaintenanceStore:
        return MaintenanceStore(self.table, page_size=self.page_size)

    # -- athletes ---------------------------------------------------------------------------
    def get_athlete(self, athlete_id: str) -> Athlete | None:
        item = self.table.get(keys.athlete_key(athlete_id))
        return athlete_from_item(item) if item else None

    def existing_athlete(self, athlete_id: str) -> Athlete:
        """The athlete, or 404 Athlete: every use case that starts from an athlete id."""
        athlete = self.get_athlete(athlete_id)
        if athlete is None:
            raise NotFoundError("Athlete", athlete_id)
        return athlete

    def list_athletes(self) -> list[Athlete]:
        items = query_all(
            self.table, page_size=self.page_size, partition=keys.ATHLETES_PARTITION, index=keys.GSI1
        )
        return [athlete_from_item(item) for item in items]

    def athletes_after(self, after: tuple[str, str] | None, limit: int) -> list[Athlete]:
        """Up to `limit` athletes in list order (name case-insensitive, then id) after the
        athlete (name, id) `after`: a Query of GSI1 that reads only those."""
        start = None
        if after is not None:
            name, athlete_id = after
            start = {**keys.athlete_key(athlete_id), **keys.athlete_index_keys(athlete_id, name)}
        found: list[Athlete] = []
        while len(found) < limit:
            page = self.table.query(
                partition=keys.ATHLETES_PARTITION,
                index=keys.GSI1,
                limit=min(self.page_size, limit - len(found)),
                start=start,
            )
            found += [athlete_from_item(item) for item in page.items]
            if page.last_key is None:
                break
            start = page.last_key
        return found

    def create_athlete(self, athlete: Athlete) -> None:
        with self.transaction() as unit:
            unit.create_athlete(athlete)

    def update_athlete(self, before: Athlete, after: Athlete) -> None:
        """Writes `after`'s profile (name, heart rates, sex, version) over `before`.

        Raises WriteConflictError when the athlete is gone or changed since `before` was read.
        """
        with self.transaction() as unit:
            unit.add(Part.ATHLETE, [profile_update(before, after)])

    def delete_athlete_if_idle(
        self, athlete_id: str, *, version: int | None = None, extra_writes: int | None = None
    ) -> None:
        """Deletes the profile only if no session refers to it (and, given `version`, it is
        still at that version; given `extra_writes`, no plan or wellness day was written
        since it was read); else WriteConflictError."""
        equals = {"session_count": Decimal(0)}
        if version is not None:
            equals["version"] = Decimal(version)
        if extra_writes is not None:
            equals[EXTRA_WRITES] = Decimal(extra_writes)
        condition = Condition(exists=True, equals=equals)
        with self.transaction() as unit:
            unit.add(
                Part.ATHLETE,
                [
                    Delete(keys.athlete_key(athlete_id), condition),
                    athletes_count_update(athlete_id, -1),
                ],
            )

    def delete_plans_and_wellness(self, athlete_id: str) -> int:
        """Deletes the athlete's plans, their locators and wellness days (one keys-only Query
        per kind, then transactions of up to 100 deletes: the service's identity is not
        granted BatchWriteItem); returns how many there were."""
        found = [
            keys.key_of(item)
            for prefix in keys.ATHLETE_EXTRA_PREFIXES
            for item in query_all(
                self.table,
                page_size=self.page_size,
                partition=keys.athlete_partition(athlete_id),
                sort=SortKeyCondition(begins_with=prefix),
                keys_only=True,
            )
        ]
        for first in range(0, len(found), MAX_TRANSACTION_ACTIONS):
            with self.transaction() as unit:
                unit.delete_keys(Part.PLAN, found[first : first + MAX_TRANSACTION_ACTIONS])
        return len(found)

    def delete_empty_totals(self, athlete_id: str) -> None:
        """Deletes the athlete's totals items, all of which must be zero by now (one
        transaction per hundred; WriteConflictError if one is not zero any more)."""
        found = self.maintenance().totals_items(athlete_id)
        zero = Condition(exists=True, equals={"count": Decimal(0)})
        for first in range(0, len(found), MAX_TRANSACTION_ACTIONS):
            batch = found[first : first + MAX_TRANSACTION_ACTIONS]
            with self.transaction() as unit:
                unit.add(Part.TOTALS, [Delete(keys.key_of(item), zero) for item in batch])

    # -- sessions ---------------------------------------------------------------------------
    def get_session(self, session_id: str) -> TrainingSession | None:
        """Locator, then the session it points at. A session moved between the two reads is
        not where the locator said: read the (new) locator again rather than answer 404."""
        seen: set[tuple[str, str]] = set()
        for _ in range(10):
            locator = self.table.get(keys.locator_key(session_id))
            if locator is None:
                return None
            where = (locator["athlete_id"], locator["date"])
            item = self.table.get(
                keys.session_key(where[0], date.fromisoformat(where[1]), session_id)
            )
            if item is not None:
                return session_from_item(item)
            if where in seen:  # pointed here twice and nothing there: not a move
                return None
            seen.add(where)
        return None

    def all_athlete_sessions(self, athlete_id: str) -> Iterator[TrainingSession]:
        """Every session of the athlete, oldest first (maintenance and profile refreshes)."""
        for item in query_all(
            self.table,
            page_size=self.page_size,
            partition=keys.athlete_partition(athlete_id),
            sort=SortKeyCondition(begins_with=keys.SESSION_PREFIX),
        ):
            yield session_from_item(item)

    def athlete_sessions(self, athlete_id: str, limit: int) -> list[TrainingSession]:
        page = self.table.query(
            partition=keys.athlete_partition(athlete_id),
            sort=SortKeyCondition(begins_with=keys.SESSION_PREFIX),
            limit=limit,
        )
        return [session_from_item(item) for item in page.items]

    def change_session(
        self,
        before: TrainingSession | None,
        after: TrainingSession | None,
        *,
        athlete_version: int | None = None,
        athlete: Athlete | None = None,
    ) -> None:
        """Creates (`before` None), changes or deletes (`after` None) one session, totals
        and counts included, in one transaction; WriteConflictError if anything changed."""
        with self.transaction() as unit:
            unit.change_session(before, after, athlete_version=athlete_version, athlete=athlete)

    def delete_sessions(self, athlete_id: str, sessions: Sequence[TrainingSession]) -> None:
        """Deletes sessions of one athlete, totals included, in as few transactions as
        DynamoDB's action limit allows; each leaves the athlete consistent."""
        for batch in deletion_batches(sessions):
            with self.transaction() as unit:
                unit.delete_sessions(athlete_id, batch)

    def delete_all_sessions(self, athlete_id: str) -> None:
        while sessions := self.athlete_sessions(athlete_id, limit=DELETION_READ):
            self.delete_sessions(athlete_id, sessions)

    def set_athlete_name_on_sessions(
        self, athlete: Athlete, sessions: Sequence[TrainingSession]
    ) -> None:
        """Copies the athlete's name into the sessions, NAME_REFRESH_BATCH per transaction.

        Fails if a session was deleted or moved meanwhile, or if the athlete changed since it
        was read: a later rename must not be overwritten by an earlier one's copies.
        """
        for first in range(0, len(sessions), NAME_REFRESH_BATCH):
            with self.transaction() as unit:
                unit.add(
                    Part.ATHLETE, [Check(keys.athlete_key(athlete.id), athlete_unchanged(athlete))]
                )
                unit.add(
                    Part.SESSIONS,
                    [
                        Update(
                            session_key_of(s),
                            set={"athlete_name": athlete.name},
                            condition=MUST_EXIST,
                        )
                        for s in sessions[first : first + NAME_REFRESH_BATCH]
                    ],
                )
