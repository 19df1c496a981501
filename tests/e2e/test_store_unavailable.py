"""When DynamoDB can't serve, every route answers 503 STORE_UNAVAILABLE with Retry-After,
never a 500, and the server logs one warning line per request instead of a traceback."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import (
    Moto,
    Processes,
    Server,
    clean_env,
    start_server,
    wait_until_answers,
)

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


@pytest.fixture(scope="module")
def closed_port() -> Iterator[int]:
    """A loopback port that is bound (so nobody else takes it) but never listens: refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def servers(
    moto: Moto, closed_port: int, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Server]]:
    """Both broken set-ups, started side by side."""
    cwd = tmp_path_factory.mktemp("serve-unavailable")
    processes = Processes(cwd)
    fast_failure = {
        "DYNAMODB_MAX_ATTEMPTS": "1",
        "DYNAMODB_CONNECT_TIMEOUT": "0.5",
        "DYNAMODB_READ_TIMEOUT": "0.5",
    }
    try:
        started = {
            "unreachable": start_server(
                processes,
                cwd,
                clean_env(
                    DYNAMODB_TABLE_NAME="e2e-unreachable",
                    DYNAMODB_ENDPOINT=f"http://127.0.0.1:{closed_port}",
                    **fast_failure,
                ),
                wait=False,
            ),
            "missing table": start_server(
                processes,
                cwd,
                clean_env(
                    DYNAMODB_TABLE_NAME="e2e-never-created",
                    DYNAMODB_ENDPOINT=moto.endpoint,
                    DYNAMODB_MAX_ATTEMPTS="1",  # moto answers, slowly when the machine is busy
                ),
                wait=False,
            ),
        }
        for server in started.values():
            wait_until_answers(server.process, server.url + "/")
        yield started
    finally:
        processes.stop_all()


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


def test_root_and_validation_still_answer_without_the_store(servers: dict[str, Server]) -> None:
    for server in servers.values():
        with server.client() as http:
            assert http.get("/").status_code == 200
            invalid = http.post("/v1/athletes", json={"name": ""})
            assert invalid.status_code == 422


@pytest.mark.parametrize("which", ["unreachable", "missing table"])
def test_no_traceback_in_the_log(servers: dict[str, Server], which: str, tmp_path: Path) -> None:
    server = servers[which]
    _call(server, "GET", "/v1/athletes", None)
    log = server.process.log()
    assert "Traceback" not in log
    assert "STORE_UNAVAILABLE" in log
    assert " 500" not in log
    assert server.process.alive()
