"""/v1/athletes"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response, status
from fastapi.responses import JSONResponse

from training_tracker.api.auth import (
    PrincipalDep,
    require_athlete,
    require_staff,
    visible_athlete,
    visible_athletes,
)
from training_tracker.api.conditional import (
    IdempotencyKeyHeader,
    IfMatchDep,
    idempotent,
    with_etag,
)
from training_tracker.api.deps import AthletesDep, CursorsDep, Id, SessionsDep
from training_tracker.api.links import ATHLETE
from training_tracker.api.params import (
    AthletesCursor,
    AthletesLimit,
    Cascade,
    EndDate,
    StartDate,
)
from training_tracker.api.read_routes import read_route
from training_tracker.api.responses import (
    ATHLETE_HAS_SESSIONS,
    ATHLETE_NOT_FOUND,
    BODY,
    CONFLICT,
    FORBIDDEN,
    INVALID,
    INVALID_CURSOR,
    INVALID_PROFILE,
    PRECONDITION,
    Responses,
    success,
)
from training_tracker.api.schemas import AthleteInput, AthleteOut, StatisticsOut
from training_tracker.domain.models import Athlete
from training_tracker.errors import InvalidCursorError
from training_tracker.services.idempotency import DuplicateRequestError

router = APIRouter(prefix="/v1/athletes", tags=["athletes"])


NEXT_PAGE: Responses = {
    200: {
        "description": "The athletes (with `limit`, one page of them)",
        "headers": {
            "Link": {
                "description": "With `limit`, when more athletes follow: `<url of the next "
                'page>; rel="next"` (its `cursor` parameter is opaque)',
                "schema": {"type": "string"},
            }
        },
    }
}


@router.get("", response_model=list[AthleteOut], responses={**NEXT_PAGE, **INVALID_CURSOR})
@read_route
def list_athletes(
    request: Request,
    response: Response,
    athletes: AthletesDep,
    principal: PrincipalDep,
    signer: CursorsDep,
    limit: AthletesLimit = None,
    cursor: AthletesCursor = None,
) -> list[AthleteOut]:
    """Every athlete, by name (case-insensitive), then id (an athlete token: only itself).
    With `limit`, one page of them that reads only its own athletes; the `Link` header
    names the next page."""
    if limit is None:
        if cursor is not None:
            raise InvalidCursorError("pass limit with cursor")
        found, _ = visible_athletes(principal, athletes)
        return [AthleteOut.model_validate(a) for a in found]
    query: list[Any] = ["athletes", limit, principal.token_id]  # for this token only
    after = None
    if cursor is not None:
        fields = signer.open(cursor, query, keep="limit")
        try:
            after = (str(fields["n"]), str(fields["i"]))
        except (KeyError, TypeError) as error:
            raise InvalidCursorError("cursor is malformed") from error
    found, more = visible_athletes(principal, athletes, (after, limit))
    if more and found:
        last = found[-1]
        following = request.url.include_query_params(
            limit=limit, cursor=signer.seal({"n": last.name, "i": last.id}, query)
        )
        response.headers["Link"] = f'<{following.path}?{following.query}>; rel="next"'
    return [AthleteOut.model_validate(a) for a in found]


@router.post(
    "",
    response_model=AthleteOut,
    status_code=status.HTTP_201_CREATED,
    responses={**success(201, etag=True, links=ATHLETE), **BODY, **FORBIDDEN, **CONFLICT},
)
def create_athlete(
    request: Request,
    body: AthleteInput,
    athletes: AthletesDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKeyHeader = None,
) -> JSONResponse:
    """With an Idempotency-Key, a retry answers as the first request did (ETag included).

    Rules across fields: restingHeartRate must be lower than maxHeartRate (else 422), and
    startingFitness, startingFatigue and startingDate come together or not at all (else 422
    INVALID_PROFILE). An Idempotency-Key used before with another body is 422
    IDEMPOTENCY_KEY_REUSED."""
    require_staff(principal, "create athletes")
    once = idempotent(request, idempotency_key, body)
    if (replayed := once.replay()) is not None:
        return replayed

    def present(a: Athlete) -> tuple[AthleteOut, int]:
        return AthleteOut.model_validate(a), a.version

    try:
        athlete = athletes.create(**body.profile(), answer=once.record(201, present))
    except DuplicateRequestError:
        return once.replay_after_race()
    return once.respond(201, *present(athlete))


@router.get(
    "/{athlete_id}",
    response_model=AthleteOut,
    responses={**success(200, etag=True, links=ATHLETE), **ATHLETE_NOT_FOUND, **INVALID},
)
@read_route
def get_athlete(
    athlete_id: Id, athletes: AthletesDep, principal: PrincipalDep, response: Response
) -> AthleteOut:
    athlete = visible_athlete(principal, athletes, athlete_id)
    with_etag(response, athlete.version)
    return AthleteOut.model_validate(athlete)


@router.put(
    "/{athlete_id}",
    response_model=AthleteOut,
    responses={
        **success(200, etag=True, links=ATHLETE),
        **ATHLETE_NOT_FOUND,
        **PRECONDITION,
        **BODY,
        **INVALID_PROFILE,
        **CONFLICT,
    },
)
def update_athlete(
    athlete_id: Id,
    body: AthleteInput,
    athletes: AthletesDep,
    principal: PrincipalDep,
    if_match: IfMatchDep,
    response: Response,
) -> AthleteOut:
    """Fields absent from the body keep their stored values (a v1 client that sends only
    `name` keeps the heart rates); `null` clears one.

    Rules across fields: restingHeartRate must be lower than maxHeartRate, in the body and
    once merged with the stored profile, and startingFitness, startingFatigue and
    startingDate come together or not at all (else 422 INVALID_PROFILE). With If-Match, a
    version other than the stored one is 412 PRECONDITION_FAILED."""
    require_athlete(principal, athlete_id)
    athlete = athletes.update(athlete_id, body.profile(), if_match=if_match)
    with_etag(response, athlete.version)
    return AthleteOut.model_validate(athlete)


@router.delete(
    "/{athlete_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={
        **ATHLETE_NOT_FOUND,
        **PRECONDITION,
        **ATHLETE_HAS_SESSIONS,
        **FORBIDDEN,
        **CONFLICT,
        **INVALID,
    },
)
def delete_athlete(
    athlete_id: Id,
    athletes: AthletesDep,
    principal: PrincipalDep,
    if_match: IfMatchDep,
    cascade: Cascade = False,
) -> Response:
    """An athlete who has sessions is deleted only with `cascade=true` (else 400
    ATHLETE_HAS_SESSIONS with sessionCount). With If-Match, another version is 412
    PRECONDITION_FAILED."""
    require_staff(principal, "delete athletes")
    athletes.delete(athlete_id, cascade=cascade, if_match=if_match)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/{athlete_id}/statistics",
    response_model=StatisticsOut,
    responses={**ATHLETE_NOT_FOUND, **INVALID},
)
@read_route
def athlete_statistics(
    athlete_id: Id,
    athletes: AthletesDep,
    sessions: SessionsDep,
    principal: PrincipalDep,
    start_date: StartDate = None,
    end_date: EndDate = None,
) -> StatisticsOut:
    """Over the athlete's sessions from startDate to endDate (either may be left out; a
    start after the end counts nothing)."""
    visible_athlete(principal, athletes, athlete_id)
    return StatisticsOut.model_validate(sessions.statistics(athlete_id, start_date, end_date))
