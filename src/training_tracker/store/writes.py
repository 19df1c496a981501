"""The DynamoDB actions behind each logical write: what a session change, a batch of deletions
or an athlete's profile update does to which items, and on which conditions."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from training_tracker.domain.models import Athlete, TrainingSession, new_first_session
from training_tracker.domain.totals import (
    Totals,
    TotalsKey,
    session_count_changes,
    totals_changes,
)
from training_tracker.store import keys
from training_tracker.store.items.athletes import (
    EXTRA_WRITES,
    FIRST_SESSION_DATE,
    athlete_profile,
    first_session,
)
from training_tracker.store.items.sessions import locator_item, session_item, session_key_of
from training_tracker.store.items.totals import COUNT, totals_key, totals_labels, totals_numbers
from training_tracker.store.port import (
    MAX_TRANSACTION_ACTIONS,
    MUST_EXIST,
    MUST_NOT_EXIST,
    Check,
    Condition,
    Delete,
    Item,
    Put,
    Update,
    WriteAction,
)


def athlete_unchanged(athlete: Athlete) -> Condition:
    """The athlete exists with the profile it had when read (its version; for an item written
    before versions existed, its name)."""
    if athlete.version:
        return Condition(exists=True, equals={"version": Decimal(athlete.version)})
    return Condition(exists=True, equals={"name": athlete.name})


def profile_update(before: Athlete, after: Athlete) -> Update:
    """`after`'s profile over `before`, only if the athlete is unchanged since it was read."""
    return Update(
        keys.athlete_key(before.id), set=athlete_profile(after), condition=athlete_unchanged(before)
    )


def session_version(session: TrainingSession) -> Condition:
    return Condition(exists=True, equals={"version": Decimal(session.version)})


def totals_update(key: TotalsKey, delta: Totals) -> Update:
    """Adds `delta` to a totals item, creating it if missing.

    A delta that removes sessions applies only while sessions remain afterwards (count above
    the number removed); when it would leave none, its condition fails and `emptied` gives
    the Delete to send instead, so no totals item ever stays behind at zero.
    """
    removed = -delta.count
    return Update(
        totals_key(key),
        set=dict(totals_labels(key)),
        add=totals_numbers(delta),
        condition=Condition(above={COUNT: Decimal(removed)}) if removed > 0 else None,
    )


def emptied(action: WriteAction) -> Delete | None:
    """For a totals removal (see `totals_update`) whose condition failed: the Delete of the
    item, if it holds exactly the sessions removed. None for any other action."""
    if not isinstance(action, Update) or action.condition is None:
        return None
    removed = action.condition.above.get(COUNT)
    if removed is None or set(action.condition.above) != {COUNT}:
        return None
    return Delete(action.key, Condition(equals={COUNT: removed}))


def session_count_update(athlete_id: str, change: int, condition: Condition) -> Update:
    return Update(
        keys.athlete_key(athlete_id), add={"session_count": Decimal(change)}, condition=condition
    )


def history_start(athlete: Athlete, dates: Sequence[date]) -> tuple[Item, dict[str, Any]]:
    """What to set on the athlete item when sessions on `dates` join it (see
    `new_first_session`), and the condition on what was read that makes it right: no
    session yet, or the first-session date read. Both empty when it stays."""
    new = new_first_session(athlete, dates)
    if new is None:
        return {}, {}
    known = athlete.first_session_date
    if athlete.session_count == 0 or known is None:
        return first_session(new), {"session_count": Decimal(0)}
    return first_session(new), {FIRST_SESSION_DATE: known.isoformat()}


def athlete_write(
    athlete_id: str, condition: Condition, *, change: int = 0, setting: Item | None = None
) -> WriteAction:
    """The action on the athlete item of a session write: a Check when nothing changes."""
    if not change and not setting:
        return Check(keys.athlete_key(athlete_id), condition)
    add = {"session_count": Decimal(change)} if change else {}
    return Update(keys.athlete_key(athlete_id), set=setting or {}, add=add, condition=condition)


def extra_write(athlete_id: str) -> Update:
    """Counts a plan or wellness write on its athlete, which must exist (see
    `Athlete.extra_writes`)."""
    return Update(
        keys.athlete_key(athlete_id), add={EXTRA_WRITES: Decimal(1)}, condition=MUST_EXIST
    )


def session_change_actions(
    before: TrainingSession | None,
    after: TrainingSession | None,
    *,
    athlete_version: int | None = None,
    athlete: Athlete | None = None,
) -> list[WriteAction]:
    """Every write that turns `before` into `after`, for one transaction.

    Session, its locator, each athlete's session count and every totals item move together;
    conditions make it fail whole if anything changed since it was read. The athlete of
    `after` must still have the profile `after` was computed from: the `athlete_version` read
    then (name and load both come from that read). Without a version (or for an athlete item
    written before versions existed, version 0) it must still have the name copied into the
    session. Given the `athlete` of `after` as read (its version then), its first-session
    date moves earlier when `after` comes before it (`history_start`).
    """
    actions: list[WriteAction] = []
    counts = session_count_changes(before, after)
    if after is not None:
        if athlete is not None:
            athlete_version = athlete.version
        equals: dict[str, Any] = (
            {"version": Decimal(athlete_version)}
            if athlete_version
            else {"name": after.athlete_name}
        )
        first: Item = {}
        if athlete is not None:
            first, also = history_start(athlete, [after.date])
            equals.update(also)
        change = counts.pop(after.athlete_id, 0)
        condition = Condition(exists=True, equals=equals)
        actions.append(athlete_write(after.athlete_id, condition, change=change, setting=first))
    for athlete_id, change in counts.items():
        if change:
            actions.append(session_count_update(athlete_id, change, MUST_EXIST))
    moved = before is None or after is None or session_key_of(before) != session_key_of(after)
    if before is not None:
        if moved:
            actions.append(Delete(session_key_of(before), session_version(before)))
        if after is None:
            actions.append(Delete(keys.locator_key(before.id)))
    if after is not None:
        if moved:
            actions.append(Put(session_item(after), MUST_NOT_EXIST))
            locator_condition = MUST_NOT_EXIST if before is None else MUST_EXIST
            actions.append(Put(locator_item(after), locator_condition))
        else:
            actions.append(Put(session_item(after), session_version(before)))  # type: ignore[arg-type]
    actions += [totals_update(key, delta) for key, delta in totals_changes(before, after).items()]
    return actions


def new_sessions_actions(
    athlete: Athlete, sessions: Sequence[TrainingSession]
) -> list[WriteAction]:
    """Several new sessions of one athlete (a multisport file's legs) for one transaction:
    one session-count change, totals merged per key (a transaction touches an item once),
    and the athlete's profile still the one the sessions were computed from."""
    merged: dict[TotalsKey, Totals] = {}
    for session in sessions:
        for key, delta in totals_changes(None, session).items():
            merged[key] = merged.get(key, Totals()) + delta
    first, also = history_start(athlete, [s.date for s in sessions])
    unchanged = athlete_unchanged(athlete)
    condition = Condition(exists=True, equals={**unchanged.equals, **also})
    actions: list[WriteAction] = [
        athlete_write(athlete.id, condition, change=len(sessions), setting=first)
    ]
    for session in sessions:
        actions.append(Put(session_item(session), MUST_NOT_EXIST))
        actions.append(Put(locator_item(session), MUST_NOT_EXIST))
    actions += [totals_update(key, delta) for key, delta in merged.items() if not delta.is_zero]
    return actions


def deletion_actions(athlete_id: str, sessions: Sequence[TrainingSession]) -> list[WriteAction]:
    """Deletes several sessions of one athlete, totals and session count included."""
    merged: dict[TotalsKey, Totals] = {}
    for session in sessions:
        for key, delta in totals_changes(session, None).items():
            merged[key] = merged.get(key, Totals()) + delta
    actions: list[WriteAction] = [session_count_update(athlete_id, -len(sessions), MUST_EXIST)]
    for session in sessions:
        actions.append(Delete(session_key_of(session), session_version(session)))
        actions.append(Delete(keys.locator_key(session.id)))
    actions += [totals_update(key, delta) for key, delta in merged.items()]
    return actions


def deletion_batches(sessions: Sequence[TrainingSession]) -> Iterator[list[TrainingSession]]:
    """Split sessions so each batch's deletion stays within DynamoDB's transaction limit."""
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
