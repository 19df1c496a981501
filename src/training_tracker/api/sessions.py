"""/v1/training-sessions"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from training_tracker.api.auth import (
    PrincipalDep,
    athlete_filter,
    require_athlete,
    require_session,
    visible_session,
)
from training_tracker.api.deps import Id, SessionsDep
from training_tracker.api.schemas import (
    ErrorOut,
    Pagination,
    StatisticsOut,
    TrainingSessionInput,
    TrainingSessionListResponse,
    TrainingSessionOut,
)

router = APIRouter(prefix="/v1/training-sessions", tags=["training sessions"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "Session or athlete not found"}
}
StartDate = Annotated[date | None, Query(alias="startDate", description="Inclusive")]
EndDate = Annotated[date | None, Query(alias="endDate", description="Inclusive")]


@router.get("", response_model=TrainingSessionListResponse)
def list_sessions(
    sessions: SessionsDep,
    principal: PrincipalDep,
    start_date: StartDate = None,
    end_date: EndDate = None,
    athlete_id: Annotated[str | None, Query(alias="athleteId", max_length=128)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
) -> TrainingSessionListResponse:
    """Newest first; `total` counts every match. An athlete token sees its own sessions."""
    page = sessions.list(
        athlete_id=athlete_filter(principal, athlete_id),
        start=start_date,
        end=end_date,
        limit=limit,
        offset=offset,
    )
    return TrainingSessionListResponse(
        data=[TrainingSessionOut.of(s) for s in page.sessions],
        pagination=Pagination(
            total=page.total, limit=limit, offset=offset, hasMore=offset + limit < page.total
        ),
    )


@router.post(
    "", response_model=TrainingSessionOut, status_code=status.HTTP_201_CREATED, responses=NOT_FOUND
)
def create_session(
    body: TrainingSessionInput, sessions: SessionsDep, principal: PrincipalDep
) -> TrainingSessionOut:
    require_athlete(principal, body.athlete_id)
    return TrainingSessionOut.of(sessions.create(body.details()))


@router.get("/statistics", response_model=StatisticsOut)
def statistics(
    sessions: SessionsDep,
    principal: PrincipalDep,
    start_date: StartDate = None,
    end_date: EndDate = None,
) -> StatisticsOut:
    """Everyone's sessions (an athlete token: its own)."""
    return StatisticsOut.of(
        sessions.statistics(athlete_filter(principal, None), start_date, end_date)
    )


@router.get("/{session_id}", response_model=TrainingSessionOut, responses=NOT_FOUND)
def get_session(
    session_id: Id, sessions: SessionsDep, principal: PrincipalDep
) -> TrainingSessionOut:
    return TrainingSessionOut.of(visible_session(principal, sessions.get(session_id)))


@router.put("/{session_id}", response_model=TrainingSessionOut, responses=NOT_FOUND)
def update_session(
    session_id: Id, body: TrainingSessionInput, sessions: SessionsDep, principal: PrincipalDep
) -> TrainingSessionOut:
    require_session(principal, sessions, session_id)
    require_athlete(principal, body.athlete_id)
    return TrainingSessionOut.of(sessions.update(session_id, body.details()))


@router.delete("/{session_id}", status_code=status.HTTP_204_NO_CONTENT, responses=NOT_FOUND)
def delete_session(session_id: Id, sessions: SessionsDep, principal: PrincipalDep) -> Response:
    require_session(principal, sessions, session_id)
    sessions.delete(session_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
