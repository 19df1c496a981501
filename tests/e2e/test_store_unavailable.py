"""When DynamoDB can't serve, every route answers 503 STORE_UNAVAILABLE with Retry-After,
never a 500, and the server logs one warning line per request instead of a traceback."""

from __future__ import annotations

import httpx
import pytest

from tests.e2e.conftest import Moto, Server, Stack, one_line

SESSION = {"athlete_id": "a1", "date": "2024-05-01", "duration": 45.5, "distance": 10.2}
# Every route of the v1 API that reaches the store, with a valid request.
ROUTES: list[tuple[str, str, dict[str, object] | None]] = [
    ("GET", "/v1/athletes", None),
    ("POST", "/v1/athletes", {"name": "Ada"}),
    ("GET", "/v1/athletes/a1", None),
    ("PUT", "/v1/athletes/a1", {"name": "Ada B"}),
    ("DELETE", "/v1/athletes/a1", None),
    ("DELETE", "/v1/athletes/a1?cascade=true", None),
    ("GET", "/v1/athletes/a1/statistics", None),
    ("GET", "/v1/training-sessions", None),
    ("GET", "/v1/training-sessions?athleteId=a1&startDate=2024-01-01&endDate=2024-12-31", None),
    ("POST", "/v1/training-sessions", SESSION),
    ("GET", "/v1/training-sessions/statistics?startDate=2024-01-01", None),
    ("GET", "/v1/training-sessions/s1", None),
    ("PUT", "/v1/training-sessions/s1", SESSION),
    ("DELETE", "/v1/training-sessions/s1", None),
]
ROUTE_IDS = [f"{method} {path}" for method, path, _ in ROUTES]
# Routes whose first store call is a write: a 5xx leaves open whether it was applied.
WRITE_FIRST = {("POST", "/v1/athletes")}


@pytest.fixture(scope="module")
def servers(moto: Moto, stack: Stack) -> dict[str, Server]:
    """Both broken set-ups (started with the rest of the stack, see conftest)."""
    return {name: stack.server(name) for name in ("unreachable", "missing table", "bad gateway")}


def _call(server: Server, method: str, path: str, body: dict[str, object] | None) -> httpx.Response:
    with server.client() as http:
        return http.request(method, path, json=body)


def _assert_unavailable(response: httpx.Response, message_part: str) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/json"
    assert int(response.headers["Retry-After"]) >= 1
    body = response.json()
    assert body["error"] == "STORE_UNAVAILABLE"
    assert message_part in body["message"]
    assert body["detail"] == {"error": "STORE_UNAVAILABLE", "message": body["message"]}


@pytest.mark.parametrize(("method", "path", "body"), ROUTES, ids=ROUTE_IDS)
def test_unreachable_dynamodb_answers_503(
    servers: dict[str, Server], method: str, path: str, body: dict[str, object] | None
) -> None:
    response = _call(servers["unreachable"], method, path, body)
    _assert_unavailable(response, "DynamoDB unreachable")


@pytest.mark.parametrize(("method", "path", "body"), ROUTES, ids=ROUTE_IDS)
def test_missing_table_answers_503_naming_create_table(
    servers: dict[str, Server], method: str, path: str, body: dict[str, object] | None
) -> None:
    response = _call(servers["missing table"], method, path, body)
    _assert_unavailable(response, "training-tracker create-table")
    assert "e2e-never-created" in response.json()["message"]


@pytest.mark.parametrize(("method", "path", "body"), ROUTES, ids=ROUTE_IDS)
def test_endpoint_answering_5xx_html_answers_503(
    servers: dict[str, Server], method: str, path: str, body: dict[str, object] | None
) -> None:
    """A proxy or a sick local engine answering 502 with an HTML page is an outage too."""
    response = _call(servers["bad gateway"], method, path, body)
    if (method, path) in WRITE_FIRST:
        _assert_unavailable(response, "did not answer whether a write was applied")
    else:
        _assert_unavailable(response, "DynamoDB is unavailable")


def test_root_and_validation_still_answer_without_the_store(servers: dict[str, Server]) -> None:
    for server in servers.values():
        with server.client() as http:
            assert http.get("/").status_code == 200
            invalid = http.post("/v1/athletes", json={"name": ""})
            assert invalid.status_code == 422


@pytest.mark.parametrize("which", ["unreachable", "missing table", "bad gateway"])
def test_no_traceback_in_the_log(servers: dict[str, Server], which: str) -> None:
    server = servers[which]
    _call(server, "GET", "/v1/athletes", None)
    log = one_line(server.process.log())
    assert "Traceback" not in log
    assert "STORE_UNAVAILABLE" in log
    assert 'HTTP/1.1" 500' not in log
    assert 'HTTP/1.1" 503' in log
    assert server.process.alive()
