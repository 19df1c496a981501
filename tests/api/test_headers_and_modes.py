"""Who a request is for rate limits, idempotency and cursors; open mode's guards; the headers
every answer carries; the API docs pages. Every test runs on both engines (`table`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.conftest import LOCAL_URL
from training_tracker.app import create_app
from training_tracker.cli import app as cli
from training_tracker.config import Settings
from training_tracker.domain.access import Role
from training_tracker.services.tokens import TokenService
from training_tracker.store.port import Table

runner = CliRunner()


def required(tmp_path: Path, **extra: Any) -> Settings:
    return Settings(sqlite_path=tmp_path / "a.sqlite3", auth_mode="required", **extra)


@pytest.fixture
def secured(table: Table, tmp_path: Path) -> Iterator[tuple[TestClient, TokenService]]:
    """Auth required, 3 requests per minute per client."""
    app = create_app(required(tmp_path, rate_limit_per_minute=3), table)
    with TestClient(app) as client:
        yield client, app.state.tokens


def spellings(secret: str) -> list[str]:
    return [f"Bearer {secret}", f"bearer {secret}", f"BEARER  {secret}", f" Bearer {secret} "]


# -- one principal, however its header is spelled ------------------------------------------
def test_a_token_has_one_bucket_however_its_header_is_spelled(
    secured: tuple[TestClient, TokenService],
) -> None:
    client, tokens = secured
    secret = tokens.create(Role.COACH).secret
    statuses = [
        client.get("/v1/athletes", headers={"Authorization": h}).status_code
        for h in spellings(secret)
    ]
    assert statuses == [200, 200, 200, 429]
    # another token is another client
    other = tokens.create(Role.COACH).secret
    assert client.get("/v1/athletes", headers={"Authorization": f"Bearer {other}"}).is_success


def test_failed_authentication_is_limited_per_address(
    secured: tuple[TestClient, TokenService],
) -> None:
    """A new invented token per request no longer buys a new bucket."""
    client, _ = secured
    statuses = [
        client.get("/v1/athletes", headers={"Authorization": f"Bearer tt_{n:0>43}"}).status_code
        for n in range(4)
    ]
    assert statuses == [401, 401, 401, 429]


def test_an_idempotency_key_belongs_to_the_token_not_the_header(
    secured: tuple[TestClient, TokenService],
) -> None:
    client, tokens = secured
    secret = tokens.create(Role.COACH).secret
    first, second = (
        client.post(
            "/v1/athletes",
            json={"name": "Ann"},
            headers={"Authorization": header, "Idempotency-Key": "k1"},
        )
        for header in spellings(secret)[1:3]
    )
    assert first.status_code == second.status_code == 201
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert second.json() == first.json()
    listed = client.get("/v1/athletes", headers={"Authorization": f"Bearer {secret}"}).json()
    assert [a["name"] for a in listed] == ["Ann"]
    # another token's key of the same name is another record
    other = tokens.create(Role.COACH).secret
    theirs = client.post(
        "/v1/athletes",
        json={"name": "Ann"},
        headers={"Authorization": f"Bearer {other}", "Idempotency-Key": "k1"},
    )
    assert theirs.status_code == 201
    assert "Idempotent-Replayed" not in theirs.headers
    assert theirs.json()["id"] != first.json()["id"]


def test_a_cursor_works_only_for_the_token_it_was_given_to(table: Table, tmp_path: Path) -> None:
    app = create_app(required(tmp_path), table)
    tokens: TokenService = app.state.tokens
    coach, admin = tokens.create(Role.COACH).secret, tokens.create(Role.ADMIN).secret
    with TestClient(app) as client:
        as_coach = {"Authorization": f"Bearer {coach}"}
        athlete = client.post("/v1/athletes", json={"name": "A"}, headers=as_coach).json()
        for day in (1, 2):
            body = {
                "athlete_id": athlete["id"],
                "date": f"2024-05-0{day}",
                "duration": 30,
                "distance": 5,
            }
            assert client.post("/v1/training-sessions", json=body, headers=as_coach).is_success
        page = client.get("/v1/training-sessions?limit=1", headers=as_coach).json()
        cursor = page["pagination"]["nextCursor"]
        assert cursor
        params = {"limit": 1, "cursor": cursor}
        mine = client.get("/v1/training-sessions", params=params, headers=as_coach)
        assert mine.status_code == 200
        theirs = client.get(
            "/v1/training-sessions", params=params, headers={"Authorization": f"Bearer {admin}"}
        )
        assert theirs.status_code == 400
        assert theirs.json()["error"] == "INVALID_CURSOR"
        client.post("/v1/athletes", json={"name": "B"}, headers=as_coach)
        listed = client.get("/v1/athletes?limit=1", headers=as_coach)
        following = listed.headers["Link"].split(";")[0].strip("<>")
        assert client.get(following, headers=as_coach).status_code == 200
        refused = client.get(following, headers={"Authorization": f"Bearer {admin}"})
        assert (refused.status_code, refused.json()["error"]) == (400, "INVALID_CURSOR")


def test_a_token_in_the_url_is_refused_with_a_reason(
    secured: tuple[TestClient, TokenService],
) -> None:
    client, tokens = secured
    secret = tokens.create(Role.COACH).secret
    response = client.get(f"/v1/athletes?access_token={secret}")
    assert response.status_code == 401
    assert "never in the URL" in response.json()["message"]
    # even next to a good header: the token has leaked and should be revoked
    header = {"Authorization": f"Bearer {secret}"}
    assert client.get(f"/v1/athletes?access_token={secret}", headers=header).status_code == 401


# -- forwarded headers -----------------------------------------------------------------------
def forwarded_statuses(app: Any) -> list[int]:
    with TestClient(app, base_url=LOCAL_URL, client=("127.0.0.1", 40000)) as client:
        return [
            client.get("/v1/athletes", headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code
            for n in range(4)
        ]


def test_forwarded_addresses_are_not_believed_by_default(table: Table, tmp_path: Path) -> None:
    settings = Settings(sqlite_path=tmp_path / "a.sqlite3", rate_limit_per_minute=3)
    assert forwarded_statuses(create_app(settings, table)) == [200, 200, 200, 429]


def test_forwarded_addresses_from_a_named_proxy_are_believed(table: Table, tmp_path: Path) -> None:
    settings = Settings(
        sqlite_path=tmp_path / "a.sqlite3",
        rate_limit_per_minute=3,
        trusted_proxies="10.0.0.0/8, 127.0.0.1",
    )
    assert forwarded_statuses(create_app(settings, table)) == [200, 200, 200, 200]
    # a proxy that is not named is not believed
    other = Settings(
        sqlite_path=tmp_path / "b.sqlite3", rate_limit_per_minute=3, trusted_proxies="10.0.0.1"
    )
    assert forwarded_statuses(create_app(other, table)) == [200, 200, 200, 429]


# -- open mode ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "answered"),
    [
        ("http://localhost", True),
        ("http://localhost:8080", True),
        ("http://127.0.0.1:8080", True),
        ("http://127.9.9.9", True),
        ("http://[::1]:8080", True),
        ("http://app.localhost:8080", True),
        ("http://attacker.example", False),
        ("http://attacker.example:8080", False),
        ("http://localhost.attacker.example", False),
        ("http://127.0.0.1.nip.example", False),
        ("http://10.1.2.3:8080", False),
    ],
)
def test_open_mode_answers_only_loopback_host_names(
    table: Table, tmp_path: Path, url: str, answered: bool
) -> None:
    app = create_app(Settings(sqlite_path=tmp_path / "a.sqlite3"), table)  # open, 127.0.0.1
    with TestClient(app, base_url=url) as client:
        for path in ("/v1/athletes", "/app/", "/docs"):
            response = client.get(path)
            assert response.is_success is answered, (path, response.status_code)
            if not answered:
                assert response.status_code == 421
                assert response.json()["error"] == "MISDIRECTED_REQUEST"
        if not answered:  # and nothing is written
            assert client.post("/v1/athletes", json={"name": "X"}).status_code == 421
    with TestClient(app, base_url=LOCAL_URL) as client:
        assert client.get("/v1/athletes").json() == []


def test_any_host_name_when_tokens_are_required(table: Table, tmp_path: Path) -> None:
    with TestClient(create_app(required(tmp_path), table), base_url="http://api.example") as c:
        assert c.get("/docs").status_code == 200
        assert c.get("/v1/athletes").status_code == 401


def test_open_beyond_loopback_needs_an_explicit_yes(table: Table, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="ALLOW_OPEN_BEYOND_LOOPBACK"):
        Settings(auth_mode="open", bind_host="0.0.0.0")
    settings = Settings(
        sqlite_path=tmp_path / "a.sqlite3",
        auth_mode="open",
        bind_host="0.0.0.0",
        allow_open_beyond_loopback=True,
    )
    assert not settings.auth_required
    # the operator chose a network-wide open server: any host name reaches it
    with TestClient(create_app(settings, table), base_url="http://10.1.2.3:8080") as client:
        assert client.get("/v1/athletes").status_code == 200


def test_serve_refuses_to_start_open_beyond_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[dict[str, Any]] = []
    monkeypatch.setattr("uvicorn.run", lambda *args, **kwargs: started.append(kwargs))
    # `serve` sets these in the process environment; monkeypatch puts them back afterwards
    monkeypatch.setenv("ALLOW_OPEN_BEYOND_LOOPBACK", "false")
    monkeypatch.setenv("BIND_HOST", "127.0.0.1")
    env = {"AUTH_MODE": "open", "COLUMNS": "200"}
    refused = runner.invoke(cli, ["serve", "--host", "0.0.0.0"], env=env)
    assert refused.exit_code == 2, refused.output
    assert "ALLOW_OPEN_BEYOND_LOOPBACK" in refused.output
    assert started == []
    allowed = runner.invoke(
        cli, ["serve", "--host", "0.0.0.0", "--allow-open-beyond-loopback"], env=env
    )
    assert allowed.exit_code == 0, allowed.output
    assert "BEYOND loopback" in allowed.output
    # uvicorn believes no forwarded header itself: TRUSTED_PROXIES decides, in the app
    assert len(started) == 1
    assert started[0]["proxy_headers"] is False


# -- response headers -----------------------------------------------------------------------
def test_api_answers_are_never_cached_nor_sniffed(
    secured: tuple[TestClient, TokenService],
) -> None:
    client, tokens = secured
    auth = {"Authorization": f"Bearer {tokens.create(Role.COACH).secret}"}
    answers = [
        client.get("/v1/athletes", headers=auth),  # 200
        client.get("/v1/athletes/nobody", headers=auth),  # 404
        client.post("/v1/athletes", json={}, headers=auth),  # 422
        client.get("/v1/athletes"),  # 401
        client.get("/v1/athletes", headers=auth),  # 429
    ]
    assert [a.status_code for a in answers] == [200, 404, 422, 401, 429]
    for answer in answers:
        assert answer.headers["Cache-Control"] == "no-store", answer.status_code
        assert answer.headers["X-Content-Type-Options"] == "nosniff", answer.status_code
    # the web app's files may be cached (and revalidated), never sniffed
    app_file = client.get("/app/")
    assert app_file.headers["Cache-Control"] == "no-cache"
    assert app_file.headers["X-Content-Type-Options"] == "nosniff"


def test_an_oversized_body_is_refused_with_the_same_headers(client: TestClient) -> None:
    response = client.post(
        "/v1/athletes", content=b"x" * 2_000_000, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.headers["Cache-Control"] == "no-store"


# -- docs pages ------------------------------------------------------------------------------
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S)


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_pages_load_nothing_from_elsewhere(client: TestClient, page: str) -> None:
    response = client.get(page)
    assert response.status_code == 200
    html = response.text
    assert "http://" not in html
    assert "https://" not in html
    assert "//" not in html  # nor protocol-relative
    policy = response.headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["connect-src"] == "'self'"
    assert directives["default-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    scripts = SCRIPT.findall(html)
    assert scripts, "no script on the page"
    for attributes, body in scripts:
        assert body.strip() == "", "inline script: the policy would block it"
        source = re.search(r'src="([^"]+)"', attributes)
        assert source is not None
        asset = client.get(source.group(1))
        assert asset.status_code == 200, source.group(1)
        assert "javascript" in asset.headers["Content-Type"]
        assert len(asset.content) > 100
    for stylesheet in re.findall(r'<link rel="stylesheet" href="([^"]+)"', html):
        assert client.get(stylesheet).headers["Content-Type"].startswith("text/css")
    assert 'data-openapi-url="/openapi.json"' in html or 'spec-url="/openapi.json"' in html
