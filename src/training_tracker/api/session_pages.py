"""Pages of the session list, by offset (v1) or by signed cursor.

One object holds both parts a page needs, the sessions and the cursor signer, so the list
route, the most common request, solves one dependency for them instead of two (FastAPI
spends about as long on a dependency as on reading a session, docs/benchmarks.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from training_tracker.api.auth import athlete_filter
from training_tracker.api.cursor import CursorSigner, Position
from training_tracker.api.rendering import SessionListResponse
from training_tracker.api.schemas import SessionPagination
from training_tracker.domain.access import Principal
from training_tracker.errors import InvalidCursorError
from training_tracker.services.sessions import SessionService


@dataclass(frozen=True)
class SessionPages:
    sessions: SessionService
    signer: CursorSigner

    def page(
        self,
        principal: Principal,
        *,
        athlete_id: str | None,
        start: date | None,
        end: date | None,
        limit: int,
        offset: int,
        cursor: str | None,
    ) -> SessionListResponse:
        """The page `cursor` points at, else the one at `offset`, and the cursor after it."""
        who = athlete_filter(principal, athlete_id)
        # A cursor answers only the query it came from, asked with the token it was given to.
        query: list[Any] = [athlete_id, start and start.isoformat()]
        query += [end and end.isoformat(), limit, principal.token_id]
        if cursor is not None:
            if offset:
                raise InvalidCursorError("pass either cursor or offset, not both")
            position = self.signer.decode(cursor, query)
            page, more = self.sessions.list_after(
                athlete_id=who,
                start=start,
                end=end,
                after=(position.date, position.id),
                limit=limit,
            )
            offset = position.offset
        else:
            page = self.sessions.list(
                athlete_id=who, start=start, end=end, limit=limit, offset=offset
            )
            more = offset + limit < page.total
        next_cursor = None
        if more and page.sessions:
            last = page.sessions[-1]
            position = Position(last.date, last.id, offset + len(page.sessions))
            next_cursor = self.signer.encode(position, query)
        pagination = SessionPagination(
            total=page.total, limit=limit, offset=offset, has_more=more, next_cursor=next_cursor
        )
        return SessionListResponse(page.sessions, pagination)
