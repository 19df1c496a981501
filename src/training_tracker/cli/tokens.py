"""`training-tracker token create|list|revoke`: API tokens, straight in the store."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

import typer

from training_tracker.cli.common import console, fail, load_settings, open_store
from training_tracker.domain.access import Role
from training_tracker.errors import TrackerError
from training_tracker.services.tokens import TokenService
from training_tracker.store.tokens import TokenStore

token_app = typer.Typer(
    help="API tokens: create (shown once), list, revoke. Talks to the store directly.",
    no_args_is_help=True,
)


def _token_service() -> TokenService:
    settings = load_settings()
    table, repository = open_store(settings)
    return TokenService(TokenStore(table, page_size=settings.query_page_size), repository)


@token_app.command("create")
def token_create(
    role: Annotated[Role, typer.Option(help="admin, coach or athlete", case_sensitive=False)],
    athlete: Annotated[
        str | None, typer.Option(help="The athlete an athlete token belongs to (required)")
    ] = None,
    name: Annotated[str | None, typer.Option(help="A label, e.g. who holds the token")] = None,
    expires_in_days: Annotated[
        int | None,
        typer.Option(min=1, max=3650, help="Stop accepting the token after this many days"),
    ] = None,
) -> None:
    """Create a token and print it once: only its SHA-256 hash is stored."""
    lifetime = None if expires_in_days is None else timedelta(days=expires_in_days)
    try:
        new = _token_service().create(role, athlete_id=athlete, name=name, lifetime=lifetime)
    except TrackerError as error:
        raise fail(error) from None
    record = new.record
    console.print(
        f"created token {record.token_id} (role {record.role}"
        + (f", athlete {record.athlete_id}" if record.athlete_id else "")
        + (f", expires {_moment(record.expires_at)}" if record.expires_at else "")
        + "); copy it now, it is not shown again:"
    )
    typer.echo(new.secret)  # stdout, alone on its line, so scripts can capture it


def _moment(moment: datetime | None) -> str:
    return moment.isoformat(timespec="seconds") if moment else "-"


@token_app.command("list")
def token_list() -> None:
    """Every token: id, role, athlete, name, created, revoked, expires, last used (to the
    hour; never the secret)."""
    tokens = _token_service().list()
    typer.echo("id\trole\tathlete\tname\tcreated\trevoked\texpires\tlast used")
    for t in tokens:
        fields = [
            t.token_id,
            t.role.value,
            t.athlete_id or "-",
            t.name or "-",
            _moment(t.created_at),
            _moment(t.revoked_at),
            _moment(t.expires_at),
            _moment(t.last_used_at),
        ]
        typer.echo("\t".join(fields))


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[str, typer.Argument(help="The id `token list` shows")],
) -> None:
    """Revoke a token; running servers stop accepting it within TOKEN_CACHE_SECONDS."""
    try:
        record = _token_service().revoke(token_id)
    except TrackerError as error:
        raise fail(error) from None
    console.print(f"revoked token {record.token_id} (role {record.role})")
