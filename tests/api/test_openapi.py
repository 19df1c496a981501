"""The published schema says what the server does: statuses, headers, links, parameters."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import make_athlete
from training_tracker.api.conditional import IF_MATCH_PATTERN
from training_tracker.app import create_app
from training_tracker.config import AuthMode, Settings
from training_tracker.store.keys import SCHEMA
from training_tracker.store.sqlite import SqliteTable

METHODS = {"get", "put", "post", "delete", "patch"}


@pytest.fixture(scope="module")
def schema(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    store = SqliteTable(Path(tmp_path_factory.mktemp("openapi")) / "store.sqlite3", SCHEMA)
    app = create_app(Settings(auth_mode=AuthMode.OPEN), store)
    return app.openapi()


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, op)
        for path, item in schema["paths"].items()
        for method, op in item.items()
        if method in METHODS
    ]


def test_every_v1_operation_declares_auth_rate_limit_and_store_errors(
    schema: dict[str, Any],
) -> None:
    for path, method, op in operations(schema):
        if not path.startswith("/v1/"):
            continue
        responses = op["responses"]
        assert {"401", "429", "503"} <= set(responses), (method, path)
        assert "WWW-Authenticate" in responses["401"]["headers"], (method, path)
        assert "Retry-After" in responses["429"]["headers"], (method, path)
        assert "Retry-After" in responses["503"]["headers"], (method, path)
        if "requestBody" in op:
            assert {"400", "413", "422"} <= set(responses), (method, path)


def test_operation_ids_are_unique_and_every_link_names_one(schema: dict[str, Any]) -> None:
    ids = [op["operationId"] for _, _, op in operations(schema)]
    assert len(ids) == len(set(ids))
    parameters = {
        op["operationId"]: {f"{p['in']}.{p['name']}" for p in op.get("parameters", [])}
        for _, _, op in operations(schema)
    }
    linked = 0
    for _, _, op in operations(schema):
        for answer in op["responses"].values():
            for link in answer.get("links", {}).values():
                linked += 1
                assert link["operationId"] in parameters
                assert set(link["parameters"]) <= parameters[link["operationId"]], link
    assert linked >= 20


def test_optional_parameters_are_never_null(schema: dict[str, Any]) -> None:
    """A query or header value is text; `required: false` says it may be left out."""
    for _, _, op in operations(schema):
        for parameter in op.get("parameters", []):
            assert {"type": "null"} not in parameter["schema"].get("anyOf", []), parameter


def test_body_bounds_are_json_schema_keywords(schema: dict[str, Any]) -> None:
    session = schema["components"]["schemas"]["TrainingSessionInput"]["properties"]
    assert session["duration"]["minimum"] == 0
    assert session["rpe"]["anyOf"][0]["minimum"] == 1
    assert session["avgHeartRate"]["anyOf"][0]["maximum"] == 250
    assert session["date"]["pattern"] == "^(19[0-9]{2}|2[01][0-9]{2})-[0-9]{2}-[0-9]{2}$"
    assert session["duration"]["multipleOf"] == 0.01
    name = schema["components"]["schemas"]["AthleteInput"]["properties"]["name"]
    for text in ("Ada", " Ada ", "Zoë"):
        assert re.fullmatch(name["pattern"], text)
    for text in ("   ", "A\nB", "A\x7f", "\u200b", "A\u202eB"):
        assert not re.fullmatch(name["pattern"], text)


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/v1/athletes", "GET, POST"),
        ("/v1/athletes/abc", "GET, PUT, DELETE"),
        ("/v1/training-sessions", "GET, POST"),
        ("/v1/training-sessions/abc", "GET, PUT, DELETE"),
        ("/v1/training-sessions/statistics", "GET"),
    ],
)
def test_405_allow_lists_every_method_of_the_path(
    client: TestClient, path: str, allowed: str
) -> None:
    response = client.request("PATCH", path)
    assert response.status_code == 405
    assert response.headers["Allow"] == allowed
    for method in allowed.split(", "):
        assert client.request(method, path).status_code != 405, method
    if path.endswith("/abc"):  # a path with an id: OPTIONS is not one of its methods either
        assert client.options(path).headers["Allow"] == allowed


@pytest.mark.parametrize("value", ["0", "20240501", "2024-5-1", "1714521600", "2024-05-01T00:00"])
def test_query_dates_are_yyyy_mm_dd_only(client: TestClient, value: str) -> None:
    athlete = make_athlete(client)
    for url in (
        "/v1/training-sessions",
        "/v1/training-sessions/statistics",
        f"/v1/athletes/{athlete['id']}/statistics",
        f"/v1/athletes/{athlete['id']}/training-load",
    ):
        response = client.get(url, params={"startDate": value})
        assert response.status_code == 422, (url, response.text)
        assert response.json()["detail"][0]["type"] == "invalid_date"
    assert client.get("/v1/training-load", params={"date": value}).status_code == 422
    assert (
        client.get("/v1/training-sessions", params={"startDate": "2024-05-01"}).status_code == 200
    )


@pytest.mark.parametrize("value", ["0", "null", ";", "abc", '"1', "W/1"])
def test_malformed_if_match_is_422_and_changes_nothing(client: TestClient, value: str) -> None:
    assert not re.fullmatch(IF_MATCH_PATTERN, value)
    athlete = make_athlete(client)
    url = f"/v1/athletes/{athlete['id']}"
    response = client.put(url, json={"name": "B"}, headers={"If-Match": value})
    assert response.status_code == 422
    assert client.delete(url, headers={"If-Match": value}).status_code == 422
    assert client.get(url).json()["name"] == "Ada"
