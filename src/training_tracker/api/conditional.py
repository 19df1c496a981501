"""ETag / If-Match and Idempotency-Key on the HTTP side."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Depends, Header, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from training_tracker.domain.access import Principal
from training_tracker.domain.idempotency import AnswerRecord, StoredAnswer
from training_tracker.errors import ConflictError
from training_tracker.services.idempotency import IdempotencyService, fingerprint, record_id
from training_tracker.services.preconditions import IfMatch, etag

T = TypeVar("T")
# `*` or a comma-separated list of entity tags (RFC 9110 8.8.3); weak and non-numeric tags
# are well formed but never match, so they answer 412.
IF_MATCH_PATTERN = r'^[ \t]*(\*|(W/)?"[!#-~]*"([ \t]*,[ \t]*(W/)?"[!#-~]*")*)[ \t]*$'


def _if_match(
    if_match: Annotated[
        str | None,
        Header(
            alias="If-Match",
            max_length=1024,
            pattern=IF_MATCH_PATTERN,
            description='Only apply if the stored version is one of these ETags ("3"), or '
            "`*` for any; otherwise 412 and nothing is written",
        ),
    ] = None,
) -> IfMatch | None:
    return IfMatch.parse(if_match)


IfMatchDep = Annotated[IfMatch | None, Depends(_if_match)]
IdempotencyKeyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        description="Retries with the same key and body get the first answer and create "
        "nothing new (for 24 h); the same key with another body is 422",
    ),
]


def with_etag(response: Response, version: int) -> None:
    response.headers["ETag"] = etag(version)


def principal_of(request: Request) -> str:
    """Who an Idempotency-Key belongs to: the token that authenticated the request (however
    its header was spelled), or "anon" when auth is open."""
    principal: Principal = request.state.principal
    return "anon" if principal.token_id is None else "token:" + principal.token_id


@dataclass
class Idempotent:
    """One POST's idempotency: replay a stored answer, or record the new one atomically."""

    service: IdempotencyService
    record_id: str | None
    fingerprint: str

    def replay(self) -> JSONResponse | None:
        if self.record_id is None:
            return None
        found = self.service.lookup(self.record_id, self.fingerprint)
        return None if found is None else _response(found, replayed=True)

    def replay_after_race(self) -> JSONResponse:
        """The concurrent request with this key won; answer as it did."""
        replayed = self.replay()
        if replayed is None:  # it expired in between: vanishingly unlikely
            raise ConflictError("a concurrent request with this Idempotency-Key interfered")
        return replayed

    def record(
        self, status_code: int, present: Callable[[T], tuple[BaseModel, int]]
    ) -> Callable[[T], AnswerRecord | None]:
        """The `answer` for a service's create: given the object about to be written, the
        record of the answer, written in the same transaction (None without a key)."""

        def answer(created: T) -> AnswerRecord | None:
            if self.record_id is None:
                return None
            out, version = present(created)
            stored = StoredAnswer(status_code, out.model_dump(mode="json"), etag(version))
            return self.service.new_record(self.record_id, self.fingerprint, stored)

        return answer

    @staticmethod
    def respond(status_code: int, out: BaseModel, version: int) -> JSONResponse:
        return _response(StoredAnswer(status_code, out.model_dump(mode="json"), etag(version)))


def _response(answer: StoredAnswer, *, replayed: bool = False) -> JSONResponse:
    headers = {"ETag": answer.etag} if answer.etag else {}
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    return JSONResponse(answer.body, status_code=answer.status, headers=headers)


def idempotent(request: Request, key: str | None, body: BaseModel) -> Idempotent:
    service: IdempotencyService = request.app.state.idempotency
    sent = body.model_dump(mode="json", exclude_unset=True)
    return Idempotent(
        service,
        None if key is None else record_id(principal_of(request), key),
        fingerprint(request.method, request.url.path, sent),
    )
