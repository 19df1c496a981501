"""Token expiry and last use: expired tokens stop working (cached or not), the last use is
written at most once an hour, and `token list` shows both."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.api.test_auth import cli_env
from training_tracker.app import create_app
from training_tracker.cli import app as cli
from training_tracker.config import Settings
from training_tracker.domain.access import Role
from training_tracker.errors import InvalidRequestError
from training_tracker.services.tokens import TokenService
from training_tracker.store.port import Table
from training_tracker.store.repository import Repository
from training_tracker.store.tokens import TokenStore, hash_token

runner = CliRunner()
START = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


class Clocks:
    """The wall clock (expiry, last use) and the monotonic one (the cache), moved together."""

    def __init__(self) -> None:
        self.wall = START
        self.mono = 1000.0

    def advance(self, **delta: float) -> None:
        step = timedelta(**delta)
        self.wall += step
        self.mono += step.total_seconds()


def service(table: Table, clocks: Clocks, cache_seconds: float = 30) -> TokenService:
    return TokenService(
        TokenStore(table, page_size=2),
        Repository(table, page_size=2),
        cache_seconds=cache_seconds,
        clock=lambda: clocks.wall,
        monotonic=lambda: clocks.mono,
    )


def test_an_expired_token_is_refused_even_from_the_cache(table: Table) -> None:
    clocks = Clocks()
    tokens = service(table, clocks)
    new = tokens.create(Role.COACH, lifetime=timedelta(days=1))
    assert new.record.expires_at == START + timedelta(days=1)
    clocks.advance(days=1, seconds=-10)
    assert tokens.verify(new.secret) is not None  # cached now, for 10 s rather than 30
    clocks.advance(seconds=9)
    assert tokens.verify(new.secret) is not None
    clocks.advance(seconds=1)
    assert tokens.verify(new.secret) is None
    # a token without a lifetime keeps working
    forever = tokens.create(Role.COACH)
    clocks.advance(days=3650)
    assert tokens.verify(forever.secret) is not None


@pytest.mark.parametrize("days", [0, -1, 3651])
def test_a_lifetime_must_be_sensible(table: Table, days: int) -> None:
    with pytest.raises(InvalidRequestError):
        service(table, Clocks()).create(Role.COACH, lifetime=timedelta(days=days))


def test_an_expired_token_answers_401(table: Table, tmp_path: Path) -> None:
    clocks = Clocks()
    settings = Settings(sqlite_path=tmp_path / "a.sqlite3", auth_mode="required")
    app = create_app(settings, table)
    app.state.tokens.clock = lambda: clocks.wall
    app.state.tokens.monotonic = lambda: clocks.mono
    secret = app.state.tokens.create(Role.COACH, lifetime=timedelta(days=2)).secret
    with TestClient(app) as client:
        headers = {"Authorization": f"Bearer {secret}"}
        assert client.get("/v1/athletes", headers=headers).status_code == 200
        clocks.advance(days=2)
        refused = client.get("/v1/athletes", headers=headers)
        assert refused.status_code == 401
        assert refused.json()["message"] == "unknown, revoked or expired token"


def test_the_last_use_is_written_at_most_once_an_hour(table: Table) -> None:
    clocks = Clocks()
    tokens = service(table, clocks, cache_seconds=0)  # every verification reads the store
    secret = tokens.create(Role.COACH).secret
    stored = TokenStore(table, page_size=2)

    def last_used() -> datetime | None:
        record = stored.get(hash_token(secret))
        assert record is not None
        return record.last_used_at

    assert last_used() is None
    table.meter.reset()
    assert tokens.verify(secret) is not None
    assert table.meter.requests == 2  # the read, and the first use written
    assert last_used() == START
    table.meter.reset()
    for _ in range(5):
        clocks.advance(minutes=11)
        assert tokens.verify(secret) is not None
    assert table.meter.requests == 5  # 55 minutes later: reads only
    assert last_used() == START
    clocks.advance(minutes=5)
    table.meter.reset()
    assert tokens.verify(secret) is not None
    assert table.meter.requests == 2
    assert last_used() == START + timedelta(hours=1)


def test_token_list_shows_expiry_and_last_use(table: Table) -> None:
    env = cli_env(table)
    created = runner.invoke(
        cli, ["token", "create", "--role", "coach", "--expires-in-days", "30"], env=env
    )
    assert created.exit_code == 0, created.output
    secret = created.stdout.strip().splitlines()[-1]
    assert "expires 20" in created.output
    runner.invoke(cli, ["token", "create", "--role", "admin"], env=env)
    refused = runner.invoke(
        cli, ["token", "create", "--role", "coach", "--expires-in-days", "0"], env=env
    )
    assert refused.exit_code != 0

    TokenService(TokenStore(table, page_size=2), Repository(table, page_size=2)).verify(secret)
    listed = runner.invoke(cli, ["token", "list"], env=env)
    assert listed.exit_code == 0, listed.output
    header, *rows = (line.split("\t") for line in listed.stdout.strip().splitlines())
    assert header[-2:] == ["expires", "last used"]
    by_role = {row[1]: row for row in rows}
    coach, admin = by_role["coach"], by_role["admin"]
    created_at = datetime.fromisoformat(coach[4])
    assert datetime.fromisoformat(coach[6]) - created_at == timedelta(days=30)
    assert datetime.fromisoformat(coach[7]) >= created_at
    assert admin[6] == admin[7] == "-"
