"""Session use cases: log, change (including moving to another athlete), delete, list."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from training_tracker.domain.idempotency import AnswerRecord
from training_tracker.domain.models import (
    Athlete,
    SessionDetails,
    TrainingSession,
    load_of,
    logged_session,
)
from training_tracker.domain.periods import month_end
from training_tracker.domain.statistics import Statistics
from training_tracker.domain.totals import Bucket, Totals
from training_tracker.errors import NotFoundError
from training_tracker.services.idempotency import DuplicateRequestError
from training_tracker.services.imported_files import ImportedFiles
from training_tracker.services.preconditions import IfMatch
from training_tracker.services.retry import attempts
from training_tracker.store.repository import Repository
from training_tracker.store.transaction import Part, Transaction, WriteConflictError


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class NewSession:
    """A session about to be logged, its athlete as read, and what must commit with it."""

    session: TrainingSession
    athlete: Athlete
    also: Callable[[Transaction], None] = lambda _: None


def log_new_session(
    repository: Repository,
    prepare: Callable[[], NewSession],
    answer: Callable[[TrainingSession], AnswerRecord | None],
    *,
    doing: str,
) -> TrainingSession:
    """Commits what `prepare` builds and the Idempotency-Key record `answer` gives in one
    transaction. A conflict means something read changed: `prepare` reads it again, unless
    an earlier try did commit (its answer was lost) or another request holds the key
    (DuplicateRequestError). `prepare` must keep the session's id across tries."""
    for _ in attempts(doing):
        new = prepare()
        record = answer(new.session)
        try:
            with repository.transaction() as unit:
                unit.change_session(None, new.session, athlete=new.athlete)
                new.also(unit)
                if record is not None:
                    unit.record_answer(record)
        except WriteConflictError as error:
            stored = repository.get_session(new.session.id)
            if stored is not None:
                return stored  # the id is new: an earlier try applied, its answer was lost
            if Part.ANSWER in error.failed_parts:
                raise DuplicateRequestError(new.session.id) from error
            continue
        return new.session
    raise AssertionError("unreachable")


# A page of sessions, named so that SessionService.list does not shadow `list`.
Page = list[TrainingSession]


@dataclass(frozen=True)
class SessionPage:
    sessions: Page
    total: int


class SessionService:
    def __init__(
        self,
        repository: Repository,
        *,
        clock: Callable[[], datetime] = utc_now,
        new_id: Callable[[], str] = lambda: str(uuid.uuid4()),
        imported_files: ImportedFiles | None = None,
    ) -> None:
        self.repository = repository
        self.clock = clock
        self.new_id = new_id
        self.imported_files = imported_files

    def get(self, session_id: str) -> TrainingSession:
        session = self.repository.get_session(session_id)
        if session is None:
            raise NotFoundError("Training session", session_id)
        return session

    def create(
        self,
        details: SessionDetails,
        *,
        answer: Callable[[TrainingSession], AnswerRecord | None] = lambda _: None,
    ) -> TrainingSession:
        """`answer(session)` gives the Idempotency-Key record to write with the session; if
        another request recorded that key first, DuplicateRequestError."""
        session_id = self.new_id()

        def prepare() -> NewSession:
            athlete = self.repository.existing_athlete(details.athlete_id)
            now = self.clock()
            return NewSession(
                logged_session(details, athlete, session_id=session_id, now=now), athlete
            )

        return log_new_session(self.repository, prepare, answer, doing="logging the session")

    def update(
        self, session_id: str, details: SessionDetails, *, if_match: IfMatch | None = None
    ) -> TrainingSession:
        """With `if_match`, only over a version it names (else 412): the write is conditioned
        on the version read, and a lost race re-reads, so the check can't be raced past."""
        for _ in attempts("updating the session"):
            before = self.get(session_id)
            if if_match is not None:
                if_match.check("Training session", session_id, before.version)
            athlete = self.repository.existing_athlete(details.athlete_id)
            load, method = load_of(details, athlete)
            after = replace(
                before,
                **vars(details),
                athlete_name=athlete.name,
                updated_at=max(self.clock(), before.updated_at),
                version=before.version + 1,
                load=load,
                load_method=method,
            )
            try:
                self.repository.change_session(before, after, athlete=athlete)
            except WriteConflictError:
                if self.repository.get_session(session_id) == after:
                    return after  # it applied (a retry after a lost answer failed on its own write)
                continue
            return after
        raise AssertionError("unreachable")

    def delete(self, session_id: str, *, if_match: IfMatch | None = None) -> None:
        for _ in attempts("deleting the session"):
            before = self.get(session_id)
            if if_match is not None:
                if_match.check("Training session", session_id, before.version)
            release = None if self.imported_files is None else self.imported_files.plan(before)
            try:
                with self.repository.transaction() as unit:
                    unit.change_session(before, None)
                    if release is not None:
                        unit.release_import(release)
            except WriteConflictError:
                continue
            if release is not None and self.imported_files is not None:
                self.imported_files.after_delete(release)
            return

    def totals(self, athlete_id: str | None, start: date | None, end: date | None) -> Totals:
        """Without dates, from the all-time totals (one item, or one per shard for everyone);
        with them, from the day and month totals of the range."""
        if start is None and end is None:
            return self.repository.all_time_totals(athlete_id)
        if start is None and end is not None:
            # All time less what came after `end`: the months after it are read, never the
            # history before it.
            later = self.repository.buckets(athlete_id, end + timedelta(days=1), None)
            return self.repository.all_time_totals(athlete_id) + -_summed(later)
        return _summed(self.repository.buckets(athlete_id, start, end))

    def statistics(
        self, athlete_id: str | None, start: date | None, end: date | None
    ) -> Statistics:
        return Statistics.from_totals(self.totals(athlete_id, start, end))

    def list(
        self,
        *,
        athlete_id: str | None,
        start: date | None,
        end: date | None,
        limit: int,
        offset: int,
    ) -> SessionPage:
        """Newest first. Totals say how many sessions each month and day holds, so an offset
        skips whole months and days without reading them."""
        if start is None and end is None:
            if athlete_id is None:
                return self._everyones_history(limit=limit, offset=offset)
            return self._whole_history(athlete_id, limit=limit, offset=offset)
        if start is None and end is not None:
            return self._until(athlete_id, end, limit=limit, offset=offset)
        buckets = self.repository.buckets(athlete_id, start, end)
        total = _summed(buckets).count
        located = _locate(buckets, offset)
        if located is None:
            return SessionPage([], total)
        index, skip = located
        bucket = buckets[index]
        newest = bucket.last
        if bucket.first != bucket.last and skip:  # find the day to skip to, not needed at 0
            days = self.repository.day_buckets(athlete_id, bucket.first, bucket.last)
            day_index, skip = _locate(days, skip) or (0, skip)
            newest = days[day_index].first
        months = sorted({b.first.replace(day=1) for b in buckets[index:]}, reverse=True)
        sessions = self.repository.sessions_newest_first(
            athlete_id, start, newest, skip=skip, limit=limit, months=months
        )
        return SessionPage(sessions, total)

    def _whole_history(self, athlete_id: str, *, limit: int, offset: int) -> SessionPage:
        """An athlete's sessions, all dates. `total` is the session count the athlete carries
        (changed in the same transaction as every session), and an offset is placed by walking
        month totals back from the newest only as far as it reaches: a page costs the same
        after ten years of history as after one. A first page reads the athlete and the
        sessions at once."""
        repository = self.repository
        if offset == 0:
            athlete, sessions = repository.at_once(
                lambda: repository.get_athlete(athlete_id),
                lambda: repository.athlete_sessions_newest_first(
                    athlete_id, None, skip=0, limit=limit
                ),
            )
            return SessionPage(sessions, athlete.session_count if athlete else 0)
        athlete = repository.get_athlete(athlete_id)
        if athlete is None or offset >= athlete.session_count:
            return SessionPage([], athlete.session_count if athlete else 0)
        newest, skip = self._place(athlete_id, offset)
        return SessionPage(self._page_from(athlete_id, newest, skip, limit), athlete.session_count)

    def _everyones_history(self, *, limit: int, offset: int) -> SessionPage:
        """Everyone's sessions, all dates: `total` from everyone's all-time totals, an offset
        placed by walking month totals back from the newest only as far as it reaches, and
        the sessions from the month buckets that hold some. A first page reads the all-time
        totals and the newest month at once, then the page."""
        repository = self.repository
        if offset == 0:
            everyone, latest = repository.at_once(
                lambda: repository.all_time_totals(None),
                lambda: repository.first_month(None, latest=True),
            )
            newest, skip = (None, 0) if latest is None else (month_end(latest), 0)
        else:
            everyone = repository.all_time_totals(None)
            if offset >= everyone.count:
                return SessionPage([], everyone.count)
            newest, skip = self._place(None, offset)
        return SessionPage(self._page_from(None, newest, skip, limit), everyone.count)

    def _until(self, athlete_id: str | None, end: date, *, limit: int, offset: int) -> SessionPage:
        """Sessions on or before `end`: `total` is all time less what came after `end`, and
        the offset is placed walking back from `end` only as far as it reaches, so the
        history before `end` is never read whole."""
        total = self.totals(athlete_id, None, end).count
        if offset >= total:
            return SessionPage([], total)
        newest, skip = self._place(athlete_id, offset, end)
        if newest is None:
            return SessionPage([], total)
        return SessionPage(self._page_from(athlete_id, newest, skip, limit), total)

    def _page_from(
        self, athlete_id: str | None, newest: date | None, skip: int, limit: int
    ) -> Page:
        """`limit` sessions from day `newest` back, after skipping `skip` on it: an athlete's
        from its partition (None: from its latest), everyone's from the month buckets that
        hold some (None: none)."""
        if athlete_id is not None:
            return self.repository.athlete_sessions_newest_first(
                athlete_id, newest, skip=skip, limit=limit
            )
        if newest is None:
            return []
        months = self.repository.months_with_sessions(None, newest, skip + limit)
        return self.repository.sessions_newest_first(
            None, None, newest, skip=skip, limit=limit, months=months
        )

    def _newest_first(self, athlete_id: str | None, end: date | None) -> Iterator[Bucket]:
        """Non-empty totals newest first: the months of the whole history, or, up to `end`,
        the days of its month up to it and then the months before."""
        if end is None:
            yield from self.repository.months_newest_first(athlete_id)
            return
        month = end.replace(day=1)
        if end != month_end(end):
            yield from self.repository.day_buckets(athlete_id, month, end)
        else:
            month = end + timedelta(days=1)
        yield from self.repository.months_newest_first(athlete_id, before=month)

    def _place(
        self, athlete_id: str | None, offset: int, end: date | None = None
    ) -> tuple[date | None, int]:
        """The day the session at `offset` (newest first, from `end` if given) is on, and
        how many sessions of that day come before it."""
        for bucket in self._newest_first(athlete_id, end):
            if offset < bucket.totals.count:
                if offset == 0 or bucket.first == bucket.last:
                    return bucket.last, offset
                days = self.repository.day_buckets(athlete_id, bucket.first, bucket.last)
                day_index, skip = _locate(days, offset) or (0, offset)
                return days[day_index].first, skip
            offset -= bucket.totals.count
        return None, offset  # counts and totals disagree: read from the newest, skipping

    def list_after(
        self,
        *,
        athlete_id: str | None,
        start: date | None,
        end: date | None,
        after: tuple[date, str],
        limit: int,
    ) -> tuple[SessionPage, bool]:
        """The page after the session `after` (date, id), and whether more follow. Reads the
        page itself (plus at most two items) and the totals behind `total`."""
        repository = self.repository

        def total() -> int:
            if athlete_id is not None and start is None and end is None:
                athlete = repository.get_athlete(athlete_id)
                return athlete.session_count if athlete else 0
            return self.totals(athlete_id, start, end).count

        found, count = repository.at_once(
            lambda: repository.sessions_after(athlete_id, start, end, after, limit), total
        )
        return SessionPage(found[:limit], count), len(found) > limit


def _locate(buckets: list[Bucket], offset: int) -> tuple[int, int] | None:
    """Which bucket (newest first) holds the session at `offset`, and how far into it."""
    for index, bucket in enumerate(buckets):
        if offset < bucket.totals.count:
            return index, offset
        offset -= bucket.totals.count
    return None


def _summed(buckets: list[Bucket]) -> Totals:
    return sum((b.totals for b in buckets), Totals())
