"""Who may do what: 401s, auth modes, the token CLI, and a matrix of every route x role.

Every test runs on both engines (the `table` fixture). The matrix enumerates `app.routes`, so
a new /v1 route without a rule in RULES fails `test_every_v1_route_has_a_rule`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi import APIRouter
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.conftest import LOCAL_URL
from tests.importers.fit_writer import one_hour_run
from training_tracker.api.auth import PrincipalDep, require_authentication
from training_tracker.app import app_from_environment, create_app
from training_tracker.cli import app as cli
from training_tracker.config import AuthMode, Settings, is_loopback
from training_tracker.domain.access import Role
from training_tracker.domain.models import SessionDetails
from training_tracker.domain.plans import PlanDetails
from training_tracker.domain.wellness import WellnessDetails
from training_tracker.services.plans import PlanService
from training_tracker.services.tokens import TokenService
from training_tracker.services.wellness import WellnessService
from training_tracker.store.dynamodb import DynamoDBTable
from training_tracker.store.port import Item, Table
from training_tracker.store.repository import Repository
from training_tracker.store.sqlite import SqliteTable
from training_tracker.store.tokens import TokenStore, hash_token

runner = CliRunner()
ADMIN, COACH, OWN, OTHER = "admin", "coach", "athlete-own", "athlete-other"
ROLES = (ADMIN, COACH, OWN, OTHER)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_unauthorized(response: Any, *, invalid_token: bool) -> None:
    assert response.status_code == 401, response.text
    challenge = response.headers["WWW-Authenticate"]
    assert challenge.startswith("Bearer")
    assert ('error="invalid_token"' in challenge) is invalid_token
    body = response.json()
    assert body["error"] == "UNAUTHORIZED"
    assert body["detail"] == {"error": "UNAUTHORIZED", "message": body["message"]}


@dataclass
class World:
    """An app with auth required, athletes A (with session SA) and B, and a token per role."""

    client: TestClient
    tokens: dict[str, str]
    athlete: str  # A: the object every matrix request targets
    other_athlete: str  # B
    session: str  # SA, A's session
    other_session: str  # SB, B's session
    plan: str  # PA, A's planned session
    app: Any

    def as_(self, role: str) -> dict[str, str]:
        return bearer(self.tokens[role])

    def state(self) -> tuple[Any, ...]:
        """A's profile and A's session as stored, to prove refused writes changed nothing."""
        repository: Repository = self.app.state.athletes.repository
        plans: PlanService = self.app.state.plans
        wellness: WellnessService = self.app.state.wellness
        return (
            repository.get_athlete(self.athlete),
            repository.get_session(self.session),
            plans.plans.get(self.athlete, self.plan),
            wellness.store.get(self.athlete, WELLNESS_DAY),
        )


def required_settings(tmp_path: Path, **extra: Any) -> Settings:
    return Settings(
        sqlite_path=tmp_path / "app.sqlite3", query_page_size=2, auth_mode="required", **extra
    )


@pytest.fixture
def world_factory(table: Table, tmp_path: Path) -> Iterator[Callable[[], World]]:
    """Builds a fresh world on the engine's table; each call adds new athletes and tokens."""
    clients: list[TestClient] = []

    def build() -> World:
        app = create_app(required_settings(tmp_path), table)
        client = TestClient(app, base_url=LOCAL_URL)
        client.__enter__()
        clients.append(client)
        athletes, sessions = app.state.athletes, app.state.sessions
        tokens: TokenService = app.state.tokens
        a = athletes.create("Ann")
        b = athletes.create("Bob")

        def log(athlete_id: str) -> str:
            details = SessionDetails(
                athlete_id=athlete_id,
                date=date(2024, 5, 1),
                duration=Decimal(45),
                distance=Decimal(10),
                notes=None,
            )
            return str(sessions.create(details).id)

        app.state.wellness.put(a.id, WELLNESS_DAY, WellnessDetails(hrv=Decimal(60)))
        return World(
            client=client,
            tokens={
                ADMIN: tokens.create(Role.ADMIN).secret,
                COACH: tokens.create(Role.COACH).secret,
                OWN: tokens.create(Role.ATHLETE, athlete_id=a.id).secret,
                OTHER: tokens.create(Role.ATHLETE, athlete_id=b.id).secret,
            },
            athlete=a.id,
            other_athlete=b.id,
            session=imported(app, a),
            other_session=log(b.id),
            plan=app.state.plans.create(
                a.id, PlanDetails(date=date(2024, 5, 3), duration=Decimal(30), rpe=5)
            ).id,
            app=app,
        )

    yield build
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def world(world_factory: Callable[[], World]) -> World:
    return world_factory()


def imported(app: Any, athlete: Any) -> str:
    """A's session SA comes from a file, so it also has an original to download."""
    reports = app.state.imports.import_upload(athlete, "ride.fit", RIDE)
    return str(reports[0].sessions[0].id)


RIDE = one_hour_run(datetime(2024, 5, 1, 6, tzinfo=UTC), seconds=60, sport="cycling")


WELLNESS_DAY = date(2024, 5, 1)


# -- the matrix ---------------------------------------------------------------------------------
SESSION_BODY = {"date": "2024-05-02", "duration": 30, "distance": 5}
PLAN_BODY = {"date": "2024-05-04", "duration": 40, "rpe": 6}
PLANS = "/v1/athletes/{athlete_id}/planned-sessions"
WELLNESS = "/v1/athletes/{athlete_id}/wellness"


@dataclass(frozen=True)
class Rule:
    """How to call a route on athlete A's objects, and what each role must get."""

    expected: dict[str, int]
    params: dict[str, Any] | None = None
    body: Callable[[World], dict[str, Any]] | None = None
    files: list[tuple[str, tuple[str, bytes, str]]] | None = None


def statuses(admin: int, coach: int, own: int, other: int) -> dict[str, int]:
    return {ADMIN: admin, COACH: coach, OWN: own, OTHER: other}


RULES: dict[tuple[str, str], Rule] = {
    ("GET", "/v1/athletes"): Rule(statuses(200, 200, 200, 200)),
    ("POST", "/v1/athletes"): Rule(statuses(201, 201, 403, 403), body=lambda w: {"name": "Cy"}),
    ("GET", "/v1/athletes/{athlete_id}"): Rule(statuses(200, 200, 200, 404)),
    ("PUT", "/v1/athletes/{athlete_id}"): Rule(
        statuses(200, 200, 200, 404), body=lambda w: {"name": "Ann B"}
    ),
    ("DELETE", "/v1/athletes/{athlete_id}"): Rule(
        statuses(204, 204, 403, 403), params={"cascade": "true"}
    ),
    ("GET", "/v1/athletes/{athlete_id}/statistics"): Rule(statuses(200, 200, 200, 404)),
    ("GET", "/v1/athletes/{athlete_id}/export"): Rule(statuses(200, 200, 200, 404)),
    ("GET", "/v1/athletes/{athlete_id}/training-load"): Rule(statuses(200, 200, 200, 404)),
    ("GET", "/v1/training-load"): Rule(statuses(200, 200, 200, 200)),
    ("GET", "/v1/training-sessions"): Rule(
        statuses(200, 200, 200, 404), params={"athleteId": "{athlete_id}"}
    ),
    ("POST", "/v1/training-sessions"): Rule(
        statuses(201, 201, 201, 404), body=lambda w: {**SESSION_BODY, "athlete_id": w.athlete}
    ),
    ("GET", "/v1/training-sessions/statistics"): Rule(statuses(200, 200, 200, 200)),
    ("GET", "/v1/training-sessions/{session_id}"): Rule(statuses(200, 200, 200, 404)),
    ("PUT", "/v1/training-sessions/{session_id}"): Rule(
        statuses(200, 200, 200, 404), body=lambda w: {**SESSION_BODY, "athlete_id": w.athlete}
    ),
    ("DELETE", "/v1/training-sessions/{session_id}"): Rule(statuses(204, 204, 204, 404)),
    ("POST", "/v1/athletes/{athlete_id}/activity-files"): Rule(
        statuses(200, 200, 200, 404),
        files=[("files", ("run.fit", one_hour_run(datetime(2024, 5, 2, tzinfo=UTC)), "x/y"))],
    ),
    ("GET", "/v1/training-sessions/{session_id}/original"): Rule(statuses(200, 200, 200, 404)),
    ("GET", PLANS): Rule(statuses(200, 200, 200, 404)),
    ("POST", PLANS): Rule(statuses(201, 201, 201, 404), body=lambda w: PLAN_BODY),
    ("GET", PLANS + "/{plan_id}"): Rule(statuses(200, 200, 200, 404)),
    ("PUT", PLANS + "/{plan_id}"): Rule(statuses(200, 200, 200, 404), body=lambda w: PLAN_BODY),
    ("DELETE", PLANS + "/{plan_id}"): Rule(statuses(204, 204, 204, 404)),
    ("POST", PLANS + "/{plan_id}/complete"): Rule(
        statuses(201, 201, 201, 404), body=lambda w: {"distance": 8}
    ),
    ("GET", WELLNESS): Rule(statuses(200, 200, 200, 404)),
    ("GET", WELLNESS + "/{day}"): Rule(statuses(200, 200, 200, 404)),
    ("PUT", WELLNESS + "/{day}"): Rule(statuses(200, 200, 200, 404), body=lambda w: {"mood": 4}),
    ("DELETE", WELLNESS + "/{day}"): Rule(statuses(204, 204, 204, 404)),
}


def v1_routes(app: Any) -> set[tuple[str, str]]:
    """Every API route x method under /v1, including routers included with a prefix (this
    FastAPI keeps them as included routers: iter_route_contexts flattens them)."""
    found = {
        (method, context.path)
        for context in iter_route_contexts(app.routes)
        if isinstance(context.original_route, APIRoute) and (context.path or "").startswith("/v1")
        for method in context.methods or ()
    }
    assert found, "no /v1 route found: the enumeration itself is broken"
    return found


def call(world: World, method: str, path: str, rule: Rule, headers: dict[str, str]) -> Any:
    fill = {
        "athlete_id": world.athlete,
        "session_id": world.session,
        "plan_id": world.plan,
        "day": WELLNESS_DAY.isoformat(),
    }
    params = {k: str(v).format(**fill) for k, v in (rule.params or {}).items()}
    body = rule.body(world) if rule.body else None
    return world.client.request(
        method, path.format(**fill), params=params, json=body, files=rule.files, headers=headers
    )


def test_every_v1_route_has_a_rule(world: World) -> None:
    routes = v1_routes(world.app)
    assert routes - RULES.keys() == set(), "new route(s) without an access rule in RULES"
    assert RULES.keys() - routes == set(), "rules for routes that no longer exist"


@pytest.mark.parametrize(("method", "path"), sorted(RULES))
def test_matrix(world_factory: Callable[[], World], method: str, path: str) -> None:
    rule = RULES[(method, path)]
    wrong = {}
    for role in ROLES:
        world = world_factory()  # fresh objects: deletes and moves must not leak across roles
        before = world.state()
        response = call(world, method, path, rule, world.as_(role))
        if response.status_code != rule.expected[role]:
            wrong[role] = (response.status_code, response.text[:200])
        elif response.status_code in (403, 404):
            assert world.state() == before, f"{role}: a refused {method} changed data"
            if response.status_code == 404:
                assert response.json()["error"] == "NOT_FOUND"
    assert not wrong, f"{method} {path}: expected {rule.expected}, got {wrong}"


@pytest.mark.parametrize(("method", "path"), sorted(RULES))
def test_every_v1_route_demands_a_token(world: World, method: str, path: str) -> None:
    before = world.state()
    response = call(world, method, path, RULES[(method, path)], {})
    assert_unauthorized(response, invalid_token=False)
    assert world.state() == before


# -- what an athlete sees ---------------------------------------------------------------------
def test_another_athletes_id_answers_like_a_missing_one(world: World) -> None:
    own = world.as_(OWN)
    other = world.client.get(f"/v1/athletes/{world.other_athlete}", headers=own)
    missing = world.client.get("/v1/athletes/no-such-athlete", headers=own)
    assert other.status_code == missing.status_code == 404
    assert other.json() == {
        key: value.replace("no-such-athlete", world.other_athlete)
        if isinstance(value, str)
        else {k: v.replace("no-such-athlete", world.other_athlete) for k, v in value.items()}
        for key, value in missing.json().items()
    }
    other_session = world.client.get(f"/v1/training-sessions/{world.other_session}", headers=own)
    assert other_session.status_code == 404
    assert other_session.json()["message"] == (
        f"Training session with id '{world.other_session}' not found"
    )


def test_an_athlete_lists_and_counts_only_their_own_data(world: World) -> None:
    own = world.as_(OWN)
    athletes = world.client.get("/v1/athletes", headers=own).json()
    assert [a["id"] for a in athletes] == [world.athlete]
    sessions = world.client.get("/v1/training-sessions", headers=own).json()
    assert [s["id"] for s in sessions["data"]] == [world.session]
    assert sessions["pagination"]["total"] == 1
    stats = world.client.get("/v1/training-sessions/statistics", headers=own).json()
    assert stats["totalSessions"] == 1
    board = world.client.get("/v1/training-load?date=2024-05-01", headers=own).json()
    assert [row["athleteId"] for row in board["data"]] == [world.athlete]
    assert board["pagination"]["total"] == 1
    # staff see everyone
    coach = world.as_(COACH)
    assert len(world.client.get("/v1/athletes", headers=coach).json()) == 2
    stats = world.client.get("/v1/training-sessions/statistics", headers=coach).json()
    assert stats["totalSessions"] == 2


def test_an_athlete_cannot_move_their_session_to_someone_else(world: World) -> None:
    before = world.state()
    response = world.client.put(
        f"/v1/training-sessions/{world.session}",
        json={**SESSION_BODY, "athlete_id": world.other_athlete},
        headers=world.as_(OWN),
    )
    assert response.status_code == 404
    assert response.json()["message"] == f"Athlete with id '{world.other_athlete}' not found"
    assert world.state() == before


def test_an_athlete_cannot_delete_themselves(world: World) -> None:
    response = world.client.delete(f"/v1/athletes/{world.athlete}", headers=world.as_(OWN))
    assert response.status_code == 403
    assert response.json()["error"] == "FORBIDDEN"


# -- 401 ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("header", "invalid_token"),
    [
        pytest.param(None, False, id="missing"),
        pytest.param("", False, id="empty"),
        pytest.param("Bearer", True, id="no-token"),
        pytest.param("Bearer not a token", True, id="malformed"),
        pytest.param("Bearer tt_short", True, id="too-short"),
        pytest.param("Bearer tt_" + "A" * 43, True, id="unknown"),
        pytest.param("Basic YWRtaW46YWRtaW4=", True, id="wrong-scheme"),
        pytest.param("Token {admin}", True, id="right-token-wrong-scheme"),
    ],
)
def test_unauthorized(world: World, header: str | None, invalid_token: bool) -> None:
    headers = {} if header is None else {"Authorization": header.format(admin=world.tokens[ADMIN])}
    assert_unauthorized(
        world.client.get("/v1/athletes", headers=headers), invalid_token=invalid_token
    )


def test_the_scheme_is_case_insensitive(world: World) -> None:
    headers = {"Authorization": f"bearer {world.tokens[COACH]}"}
    assert world.client.get("/v1/athletes", headers=headers).status_code == 200


def test_a_revoked_token_is_refused(world: World) -> None:
    tokens: TokenService = world.app.state.tokens
    secret = tokens.create(Role.COACH).secret
    assert world.client.get("/v1/athletes", headers=bearer(secret)).status_code == 200
    tokens.revoke(hash_token(secret)[:12])
    assert_unauthorized(
        world.client.get("/v1/athletes", headers=bearer(secret)), invalid_token=True
    )


def test_public_routes_need_no_token(world: World) -> None:
    for path in ("/", "/docs", "/redoc", "/openapi.json", "/app/", "/app/main.js"):
        assert world.client.get(path).status_code == 200, path


def test_a_cached_token_outlives_its_revocation_by_at_most_the_ttl(table: Table) -> None:
    now = [1000.0]
    repository = Repository(table, page_size=2)
    store = TokenStore(table, page_size=2)
    server = TokenService(store, repository, cache_seconds=30, monotonic=lambda: now[0])
    cli_side = TokenService(store, repository)  # another process: no shared cache
    secret = cli_side.create(Role.COACH).secret
    assert server.verify(secret) is not None
    cli_side.revoke(hash_token(secret)[:12])
    now[0] += 29
    assert server.verify(secret) is not None
    now[0] += 2
    assert server.verify(secret) is None
    uncached = TokenService(store, repository, cache_seconds=0)
    assert uncached.verify(secret) is None


# -- auth modes -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.20", False),
        ("example.org", False),
    ],
)
def test_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback
    assert Settings(bind_host=host).auth_required is not loopback


def test_explicit_modes_win_over_the_host() -> None:
    assert Settings(auth_mode="required", bind_host="127.0.0.1").auth_required
    beyond = Settings(auth_mode="open", bind_host="0.0.0.0", allow_open_beyond_loopback=True)
    assert not beyond.auth_required


def test_open_on_loopback_logs_a_warning(
    table: Table, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(sqlite_path=tmp_path / "a.sqlite3")  # auto, 127.0.0.1
    with (
        caplog.at_level(logging.INFO),
        TestClient(create_app(settings, table), base_url=LOCAL_URL) as client,
    ):
        assert client.get("/v1/athletes").status_code == 200
        # a token, even a bogus one, is ignored when auth is open
        assert client.get("/v1/athletes", headers=bearer("nonsense")).status_code == 200
    assert any(
        r.levelno == logging.WARNING and "auth: OPEN" in r.getMessage() for r in caplog.records
    )


def test_auto_beyond_loopback_requires_tokens(table: Table, tmp_path: Path) -> None:
    settings = Settings(sqlite_path=tmp_path / "a.sqlite3", bind_host="0.0.0.0")
    with TestClient(create_app(settings, table), base_url=LOCAL_URL) as client:
        assert_unauthorized(client.get("/v1/athletes"), invalid_token=False)


def test_the_uvicorn_factory_fails_closed_without_a_bind_host(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SQLITE_PATH", str(tmp_path / "f.sqlite3"))
    monkeypatch.delenv("BIND_HOST", raising=False)
    monkeypatch.delenv("AUTH_MODE", raising=False)
    assert app_from_environment().state.auth_required is True
    monkeypatch.setenv("BIND_HOST", "127.0.0.1")
    assert app_from_environment().state.auth_required is False
    monkeypatch.setenv("AUTH_MODE", AuthMode.REQUIRED.value)
    assert app_from_environment().state.auth_required is True


# -- the token CLI --------------------------------------------------------------------------
def cli_env(table: Table) -> dict[str, str]:
    env = {"COLUMNS": "200", "QUERY_PAGE_SIZE": "2"}
    if isinstance(table, SqliteTable):
        return {**env, "STORAGE_ENGINE": "sqlite", "SQLITE_PATH": str(table.path)}
    assert isinstance(table, DynamoDBTable)
    return {**env, "DYNAMODB_TABLE_NAME": table.table_name, "AWS_REGION": "us-east-1"}


def everything_stored(table: Table) -> list[Item]:
    items: list[Item] = []
    start = None
    while True:
        page = table.scan(start=start, limit=50)
        items.extend(page.items)
        if page.last_key is None:
            return items
        start = page.last_key


def test_token_cli_create_list_revoke(table: Table, tmp_path: Path) -> None:
    env = cli_env(table)
    repository = Repository(table, page_size=2)
    from training_tracker.services.athletes import AthleteService

    ann = AthleteService(repository).create("Ann")

    created = runner.invoke(cli, ["token", "create", "--role", "coach", "--name", "Kim"], env=env)
    assert created.exit_code == 0, created.output
    secret = created.stdout.strip().splitlines()[-1]
    assert secret.startswith("tt_")
    assert len(secret) >= 40
    athlete = runner.invoke(
        cli, ["token", "create", "--role", "athlete", "--athlete", ann.id], env=env
    )
    assert athlete.exit_code == 0, athlete.output

    # the store keeps the hash only: the secret appears nowhere in any item
    assert secret not in repr(everything_stored(table))
    if isinstance(table, SqliteTable):
        assert secret.encode() not in table.path.read_bytes()

    listed = runner.invoke(cli, ["token", "list"], env=env)
    assert listed.exit_code == 0, listed.output
    rows = [line.split("\t") for line in listed.stdout.strip().splitlines()[1:]]
    assert secret not in listed.stdout
    by_role = {row[1]: row for row in rows}
    assert by_role.keys() == {"coach", "athlete"}
    assert by_role["coach"][0] == hash_token(secret)[:12]
    assert by_role["coach"][3] == "Kim"
    assert by_role["athlete"][2] == ann.id
    assert by_role["coach"][5] == "-"

    app = create_app(required_settings(tmp_path), table)
    with TestClient(app, base_url=LOCAL_URL) as client:
        assert client.get("/v1/athletes", headers=bearer(secret)).status_code == 200
        revoked = runner.invoke(cli, ["token", "revoke", by_role["coach"][0]], env=env)
        assert revoked.exit_code == 0, revoked.output
        # this app has the token cached: a fresh one (or the TTL) sees the revocation
    with TestClient(create_app(required_settings(tmp_path), table), base_url=LOCAL_URL) as client:
        assert_unauthorized(client.get("/v1/athletes", headers=bearer(secret)), invalid_token=True)
    listed = runner.invoke(cli, ["token", "list"], env=env).stdout
    row = next(r for r in listed.splitlines() if r.startswith(by_role["coach"][0]))
    assert row.split("\t")[5] != "-"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "athlete"], "needs --athlete"),
        (["--role", "athlete", "--athlete", "nobody"], "Athlete with id 'nobody' not found"),
        (["--role", "coach", "--athlete", "x"], "only applies to role athlete"),
    ],
)
def test_token_cli_refuses(table: Table, args: list[str], message: str) -> None:
    result = runner.invoke(cli, ["token", "create", *args], env=cli_env(table))
    assert result.exit_code == 1
    assert message in result.output
    assert everything_stored(table) == []


def test_token_cli_revoke_unknown(table: Table) -> None:
    result = runner.invoke(cli, ["token", "revoke", "0123456789ab"], env=cli_env(table))
    assert result.exit_code == 1
    assert "not found" in result.output


def test_the_schema_declares_the_bearer_scheme_and_401(world: World) -> None:
    schema = world.client.get("/openapi.json").json()
    assert schema["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if path.startswith("/v1"):
                assert {"BearerToken": []} in operation["security"], (method, path)
                assert "401" in operation["responses"], (method, path)


def test_a_router_with_a_route_that_does_not_authenticate_is_refused() -> None:
    router = APIRouter()

    @router.get("/v1/open")
    def open_route() -> None: ...

    with pytest.raises(TypeError, match="/v1/open must take PrincipalDep"):
        require_authentication(router)

    @router.get("/v1/closed")
    def closed_route(principal: PrincipalDep) -> None: ...

    router.routes.remove(router.routes[0])
    require_authentication(router)  # every route takes the principal now
