"""Settings, read once from the environment at start-up and passed down explicitly."""

from __future__ import annotations

from enum import StrEnum
from ipaddress import ip_address
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Engine(StrEnum):
    SQLITE = "sqlite"
    DYNAMODB = "dynamodb"


class AuthMode(StrEnum):
    REQUIRED = "required"
    OPEN = "open"
    AUTO = "auto"  # required unless the server listens on loopback only


LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def is_loopback(host: str) -> bool:
    """True for an address (or name) that only this machine can reach."""
    name = host.strip().strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ip_address(name).is_loopback
    except ValueError:
        return False  # any other name may resolve beyond loopback


def is_loopback_host_header(host: str) -> bool:
    """True for a Host header (name or address, with an optional port) that names this
    machine's loopback: `localhost`, a `*.localhost` name (RFC 6761) or a loopback address."""
    value = host.strip().lower()
    if value.startswith("["):  # [::1]:8080
        address, _, _ = value[1:].partition("]")
        return is_loopback(address)
    if value.count(":") == 1:
        value = value.partition(":")[0]
    return value.endswith(".localhost") or is_loopback(value)


class Settings(BaseSettings):
    """Every knob the service has; names match the environment variables."""

    model_config = SettingsConfigDict(env_prefix="", case_sensitive=False, extra="ignore")

    storage_engine: Engine | None = Field(
        default=None,
        description="sqlite or dynamodb; default: dynamodb when DYNAMODB_TABLE_NAME is set.",
    )
    sqlite_path: Path = Path("data/training-tracker.sqlite3")
    dynamodb_table_name: str | None = None
    dynamodb_endpoint: str | None = None
    aws_region: str = "us-east-1"
    dynamodb_max_attempts: int = Field(default=5, ge=1, le=20)
    dynamodb_connect_timeout: float = Field(default=2.0, gt=0)
    dynamodb_read_timeout: float = Field(default=5.0, gt=0)
    # Items per Query request. DynamoDB also stops a page at 1 MB; tests set this tiny to
    # prove every read path follows LastEvaluatedKey.
    query_page_size: int = Field(default=100, ge=1, le=1000)
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    threadpool_size: int = Field(default=40, ge=1, le=1000)
    log_level: str = "INFO"
    # Requests per minute per client (bearer token, else IP), per server process; 0: no limit.
    rate_limit_per_minute: int = Field(default=600, ge=0)
    # Signs pagination cursors (HMAC-SHA256). Unset: a random per-process secret, so cursors
    # stop working when the server restarts (and differ between processes).
    cursor_secret: SecretStr | None = None
    # How long an Idempotency-Key's answer is kept (DynamoDB TTL removes it later).
    idempotency_ttl_seconds: int = Field(default=86_400, ge=60)
    auth_mode: AuthMode = Field(
        default=AuthMode.AUTO,
        description="required, open, or auto: required unless BIND_HOST is loopback.",
    )
    # The interface the server listens on; `serve --host` sets it for the app it starts.
    bind_host: str = "127.0.0.1"
    # How long a verified token is trusted without reading the store again (0: never cached);
    # a revocation takes up to this long to reach a running server.
    token_cache_seconds: float = Field(default=30.0, ge=0, le=3600)
    # text (one line per record) or json (one object per line, for log collectors).
    log_format: Literal["text", "json"] = "text"
    # GET /metrics in Prometheus format; off unless asked, and then guarded by METRICS_TOKEN
    # when that is set (docs/deploy.md).
    metrics_enabled: bool = False
    metrics_token: SecretStr | None = None
    # Set for several server processes (serve --workers): where prometheus-client keeps the
    # numbers every process writes, so /metrics adds them up.
    prometheus_multiproc_dir: Path | None = None
    # AUTH_MODE=open on a non-loopback BIND_HOST makes every client on the network an admin:
    # the server refuses to start that way unless this says the operator means it.
    allow_open_beyond_loopback: bool = False
    # Proxies whose X-Forwarded-For / X-Forwarded-Proto are believed: comma-separated
    # addresses or networks (`10.0.0.0/8`), `*` for any. Empty (default): nobody's, so the
    # client address in the access log and the per-address rate limit is the peer's own.
    trusted_proxies: str = ""

    @model_validator(mode="after")
    def _open_only_where_meant(self) -> Settings:
        if (
            self.auth_mode is AuthMode.OPEN
            and not is_loopback(self.bind_host)
            and not self.allow_open_beyond_loopback
        ):
            raise ValueError(
                f"AUTH_MODE=open on {self.bind_host} (beyond loopback) would let anyone who "
                "can reach it act as admin; set AUTH_MODE=required, bind to 127.0.0.1, or "
                "set ALLOW_OPEN_BEYOND_LOOPBACK=true if that is really meant"
            )
        return self

    @property
    def trusted_proxy_list(self) -> list[str]:
        return [entry.strip() for entry in self.trusted_proxies.split(",") if entry.strip()]

    @property
    def checks_host_header(self) -> bool:
        """Open on loopback: only requests addressed to a loopback name are answered, so a web
        page can't reach the server through DNS rebinding (its Host is the page's name)."""
        return not self.auth_required and is_loopback(self.bind_host)

    @property
    def engine(self) -> Engine:
        if self.storage_engine is not None:
            return self.storage_engine
        return Engine.DYNAMODB if self.dynamodb_table_name else Engine.SQLITE

    @property
    def auth_required(self) -> bool:
        if self.auth_mode is AuthMode.AUTO:
            return not is_loopback(self.bind_host)
        return self.auth_mode is AuthMode.REQUIRED

    @property
    def table_name(self) -> str:
        return self.dynamodb_table_name or "training-tracker"
