"""Who may do what: the one place the API authenticates requests and applies the roles.

Every /v1 route takes `PrincipalDep`, which authenticates, and app.py refuses to mount a
router with a route that doesn't (`require_authentication`), so no route can forget it. Routes
call the policy functions below with that principal; see docs/security.md.

The policy, in short: admin and coach see and change everything; an athlete sees and changes
only their own athlete record and sessions. Another athlete's id answers 404 exactly like a
missing one, so an athlete learns nothing about who else exists. Creating and deleting
athletes is a coach's (or admin's) job: 403 for an athlete whatever the id.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.routing import APIRoute
from fastapi.security import HTTPBearer

from training_tracker.api.rate_limit import RateLimiter, address_client, token_client
from training_tracker.domain.access import ANONYMOUS_ADMIN, Principal, Role
from training_tracker.domain.models import Athlete, TrainingSession
from training_tracker.errors import ForbiddenError, NotFoundError, UnauthorizedError
from training_tracker.services.athletes import AthleteService
from training_tracker.services.sessions import SessionService
from training_tracker.services.tokens import TokenService, well_formed

# The query parameter RFC 6750 names for a token in a URL: refused (and never logged).
URL_TOKEN_PARAMETER = "access_token"  # noqa: S105 (a parameter name, not a secret)


class BearerAuthentication(HTTPBearer):
    """The dependency every /v1 route authenticates with, and the Bearer scheme the OpenAPI
    schema declares (so /docs has an "Authorize" button). One dependency that reads
    `app.state` itself: FastAPI solves each sub-dependency of a dependency on every request.
    It never refuses through HTTPBearer: the header is parsed below, with our own 401s."""

    async def __call__(self, request: Request) -> Principal:  # type: ignore[override]
        """The principal behind `Authorization: Bearer <token>`, or 401; everyone is an admin
        when auth is open. The token itself is never logged nor kept beyond this call.

        Then the request is charged to its rate-limit bucket: the token's, or (open mode, and
        every failed authentication) the client address's. A coroutine, so open mode and a
        token verified recently cost no trip to the thread pool; a token lookup in the store
        runs there."""
        state = request.app.state
        limiter: RateLimiter = state.rate_limiter
        address = request.client.host if request.client else None
        if not state.auth_required:
            limiter.charge(address_client(address))
            principal = ANONYMOUS_ADMIN
        else:
            try:
                secret = _secret_of(request)
                principal = state.tokens.trusted(secret) or await run_in_threadpool(
                    _verified, secret, state.tokens
                )
            except UnauthorizedError:
                limiter.charge(address_client(address))
                raise
            limiter.charge(token_client(principal.token_id or ""))
        request.state.principal = principal  # for the access log, written after the response
        return principal


authenticate = BearerAuthentication(
    auto_error=False,
    scheme_name="BearerToken",
    description="`training-tracker token create`; not needed when the server runs open.",
)


def _secret_of(request: Request) -> str:
    if URL_TOKEN_PARAMETER in request.query_params:
        raise UnauthorizedError(
            "tokens are accepted only in the Authorization header, never in the URL (URLs "
            "end up in logs and browser history); revoke a token that was sent this way",
            invalid_token=True,
        )
    header = request.headers.get("authorization")
    if header is None or not header.strip():
        raise UnauthorizedError("authentication required: send Authorization: Bearer <token>")
    scheme, _, secret = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        raise UnauthorizedError(
            "unsupported authorization scheme; send Authorization: Bearer <token>",
            invalid_token=True,
        )
    secret = secret.strip()
    if not well_formed(secret):
        raise UnauthorizedError("malformed bearer token", invalid_token=True)
    return secret


def _verified(secret: str, tokens: TokenService) -> Principal:
    principal = tokens.verify(secret)
    if principal is None:
        raise UnauthorizedError("unknown, revoked or expired token", invalid_token=True)
    return principal


PrincipalDep = Annotated[Principal, Depends(authenticate)]


def require_authentication(router: APIRouter) -> None:
    """Raise unless every route of `router` takes the principal. Checked when the app is
    built, instead of also putting `authenticate` on the router: FastAPI would solve it
    twice on every request, once for the router and once for the route."""
    for route in router.routes:
        if isinstance(route, APIRoute) and not any(
            dependency.call is authenticate for dependency in route.dependant.dependencies
        ):
            raise TypeError(f"{route.path} must take PrincipalDep: every /v1 route authenticates")


# -- policy ------------------------------------------------------------------------------------
def require_staff(principal: Principal, action: str) -> None:
    """Coach or admin only (creating and deleting athletes): 403 for an athlete."""
    if principal.role not in (Role.ADMIN, Role.COACH):
        raise ForbiddenError(f"an athlete token may not {action}")


def require_athlete(principal: Principal, athlete_id: str) -> None:
    """404 for an athlete the principal may not see, word for word what a missing one gets."""
    if not principal.sees(athlete_id):
        raise NotFoundError("Athlete", athlete_id)


def visible_athlete(principal: Principal, athletes: AthleteService, athlete_id: str) -> Athlete:
    """The athlete, or 404 alike whether it is missing or the principal may not see it."""
    require_athlete(principal, athlete_id)
    return athletes.get(athlete_id)


def athlete_filter(principal: Principal, requested: str | None) -> str | None:
    """The athleteId a list or statistics query runs with: an athlete's own, always."""
    if not principal.scoped:
        return requested
    if requested is not None:
        require_athlete(principal, requested)
    return principal.athlete_id


def visible_athletes(
    principal: Principal,
    athletes: AthleteService,
    page: tuple[tuple[str, str] | None, int] | None = None,
) -> tuple[list[Athlete], bool]:
    """Every athlete, or with `page` = (after, limit) one page of them; and whether more
    follow. An athlete token sees only itself."""
    own = athlete_filter(principal, None)
    if own is None:
        return (athletes.list(), False) if page is None else athletes.page(*page)
    if page is not None and page[0] is not None:
        return [], False  # its one row came on the first page
    try:
        return [athletes.get(own)], False
    except NotFoundError:  # the athlete was deleted; their token still authenticates
        return [], False


def visible_session(principal: Principal, session: TrainingSession) -> TrainingSession:
    if not principal.sees(session.athlete_id):
        raise NotFoundError("Training session", session.id)
    return session


def require_session(principal: Principal, sessions: SessionService, session_id: str) -> None:
    """Before changing a session: it must be the principal's (one extra read for athletes
    only; staff skip it)."""
    if principal.scoped:
        visible_session(principal, sessions.get(session_id))
