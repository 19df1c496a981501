"""One sequence of requests that both a Lambda handler and an HTTP server must answer alike.

Every kind of request API Gateway can hand the function: no token, a wrong scheme, a valid
token, query strings (repeated names, a signed cursor full of `=` and `-`), JSON bodies,
a body API Gateway base64-encodes, bodies that don't parse or validate, too-large bodies,
conditional and idempotent writes, a 204 without a body, unknown routes, static files.
Answers are normalized (ids, timestamps and cursors become placeholders) to compare them.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

from tests.deploy.gateway import Answer

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?")
# Differ between any two servers whatever they are: the clock, the framing, the process.
VOLATILE_HEADERS = frozenset({"date", "server", "content-length", "connection"})


class Client(Protocol):
    def request(
        self,
        method: str,
        path: str,
        *,
        query: Sequence[tuple[str, str]] = (),
        headers: Mapping[str, str] | None = None,
        json_body: Any = None,
        body: bytes | None = None,
        base64_body: bool | None = None,
    ) -> Answer: ...


class HttpClient:
    """The same calls over real HTTP."""

    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=30.0)

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Sequence[tuple[str, str]] = (),
        headers: Mapping[str, str] | None = None,
        json_body: Any = None,
        body: bytes | None = None,
        base64_body: bool | None = None,
    ) -> Answer:
        sent = dict(headers or {})
        if json_body is not None:
            body = json.dumps(json_body).encode()
            sent.setdefault("content-type", "application/json")
        response = self.http.request(method, path, params=list(query), headers=sent, content=body)
        return Answer(response.status_code, dict(response.headers), response.content)


@dataclass(frozen=True)
class Step:
    label: str
    answer: Answer


def run(client: Client, token: str) -> list[Step]:
    steps: list[Step] = []

    def call(label: str, method: str, path: str, **kwargs: Any) -> Answer:
        headers = {"x-request-id": f"scenario-{len(steps):02d}", **kwargs.pop("headers", {})}
        if kwargs.pop("auth", True):
            headers.setdefault("authorization", f"Bearer {token}")
        answer = client.request(method, path, headers=headers, **kwargs)
        steps.append(Step(label, answer))
        return answer

    call("liveness", "GET", "/healthz", auth=False)
    call("readiness", "GET", "/readyz", auth=False)
    call("no token", "GET", "/v1/athletes", auth=False)
    call("basic scheme", "GET", "/v1/athletes", headers={"authorization": "Basic dXNlcjpwdw=="})
    call("unknown token", "GET", "/v1/athletes", headers={"authorization": "Bearer " + "x" * 43})
    ada = call("create Ada", "POST", "/v1/athletes", json_body={"name": "Ada"}).json()["id"]
    call("create Bea", "POST", "/v1/athletes", json_body={"name": "Bea Émile"})
    call("list athletes", "GET", "/v1/athletes")
    call("athlete by id", "GET", f"/v1/athletes/{ada}")
    for day, minutes in (("2024-05-01", 45), ("2024-05-03", 30), ("2024-05-04", 60)):
        call(
            f"session {day}",
            "POST",
            "/v1/training-sessions",
            json_body={"athlete_id": ada, "date": day, "duration": minutes, "distance": 8.5},
        )
    encoded = json.dumps(
        {"athlete_id": ada, "date": "2024-05-05", "duration": 20, "distance": 3}
    ).encode()
    session = call(
        "session in a base64 body",
        "POST",
        "/v1/training-sessions",
        body=encoded,
        headers={"content-type": "application/json"},
        base64_body=True,
    ).json()["id"]
    first = call(
        "first page",
        "GET",
        "/v1/training-sessions",
        query=[("athleteId", ada), ("limit", "2"), ("startDate", "2024-01-01")],
    ).json()
    call(
        "page by cursor",
        "GET",
        "/v1/training-sessions",
        query=[
            ("athleteId", ada),
            ("limit", "2"),
            ("startDate", "2024-01-01"),
            ("cursor", first["pagination"]["nextCursor"]),
        ],
    )
    call(
        "repeated query name",
        "GET",
        "/v1/training-sessions",
        query=[("limit", "1"), ("limit", "3")],
    )
    call(
        "forged cursor",
        "GET",
        "/v1/training-sessions",
        query=[("cursor", base64.urlsafe_b64encode(b'{"d":"2024-05-01"}').decode() + ".AAAA")],
    )
    call(
        "reversed range",
        "GET",
        "/v1/training-sessions",
        query=[("startDate", "2024-05-09"), ("endDate", "2024-05-01")],
    )
    call("athlete statistics", "GET", f"/v1/athletes/{ada}/statistics")
    call("everyone's statistics", "GET", "/v1/training-sessions/statistics")
    call("training load", "GET", f"/v1/athletes/{ada}/training-load")
    call("session by id", "GET", f"/v1/training-sessions/{session}")
    call(
        "stale If-Match",
        "PUT",
        f"/v1/athletes/{ada}",
        json_body={"name": "Ada L."},
        headers={"if-match": '"999"'},
    )
    call("rename", "PUT", f"/v1/athletes/{ada}", json_body={"name": "Ada L."})
    for attempt in ("first", "replay"):
        call(
            f"idempotent create, {attempt}",
            "POST",
            "/v1/athletes",
            json_body={"name": "Cy"},
            headers={"idempotency-key": "scenario-key-1"},
        )
    call(
        "broken JSON",
        "POST",
        "/v1/athletes",
        body=b'{"name": ',
        headers={"content-type": "application/json"},
    )
    call("invalid body", "POST", "/v1/athletes", json_body={"name": ""})
    call("wrong type in query", "GET", "/v1/training-sessions", query=[("limit", "many")])
    call(
        "too large",
        "POST",
        "/v1/athletes",
        body=b'{"name": "' + b"x" * 1_100_000 + b'"}',
        headers={"content-type": "application/json"},
    )
    call("missing session", "GET", "/v1/training-sessions/does-not-exist")
    call("delete session", "DELETE", f"/v1/training-sessions/{session}")
    call("deleted session", "GET", f"/v1/training-sessions/{session}")
    call("unknown route", "GET", "/v2/anything", auth=False)
    call("wrong method", "PATCH", "/v1/athletes", json_body={})
    call("web app", "GET", "/app/", auth=False)
    call("web app module", "GET", "/app/main.js", auth=False)
    call("root", "GET", "/", auth=False)
    return steps


def _placeholders(text: str) -> str:
    return TIMESTAMP.sub("<time>", UUID.sub("<id>", text))


def _normalize_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: "<cursor>" if k == "nextCursor" and v else _normalize_json(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_normalize_json(v) for v in value]
    if isinstance(value, str):
        return _placeholders(value)
    return value


def normalized(step: Step) -> dict[str, Any]:
    answer = step.answer
    headers = {
        name.lower(): _placeholders(value)
        for name, value in answer.headers.items()
        if name.lower() not in VOLATILE_HEADERS
    }
    body: Any
    if headers.get("content-type", "").startswith("application/json"):
        body = _normalize_json(json.loads(answer.body))
    else:
        body = _placeholders(answer.body.decode("utf-8", errors="replace"))
    return {"step": step.label, "status": answer.status, "headers": headers, "body": body}
