"""The composition root: settings in, a ready FastAPI app out."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import version

from anyio import to_thread
from fastapi import FastAPI
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from training_tracker.api import (
    athlete_export,
    athletes,
    imports,
    plans,
    sessions,
    training_load,
    wellness,
)
from training_tracker.api.access_log import redact_access_log
from training_tracker.api.auth import require_authentication
from training_tracker.api.body_limit import BodySizeLimit
from training_tracker.api.cursor import CursorSigner
from training_tracker.api.docs_ui import mount_docs
from training_tracker.api.errors import install_error_handlers
from training_tracker.api.host_check import LoopbackHostOnly
from training_tracker.api.openapi import publish_exact_schema
from training_tracker.api.rate_limit import RateLimiter
from training_tracker.api.response_headers import ResponseHeaders
from training_tracker.api.responses import AUTHENTICATED
from training_tracker.api.session_pages import SessionPages
from training_tracker.api.web import mount_web_app
from training_tracker.config import AuthMode, Engine, Settings
from training_tracker.ops.install import install_operations
from training_tracker.ops.logs import ensure_logging
from training_tracker.services.athlete_export import AthleteExportService
from training_tracker.services.athletes import AthleteService
from training_tracker.services.idempotency import IdempotencyService
from training_tracker.services.imported_files import ImportedFiles
from training_tracker.services.imports import ImportService
from training_tracker.services.plans import PlanService
from training_tracker.services.sessions import SessionService
from training_tracker.services.tokens import TokenService
from training_tracker.services.training_load import TrainingLoadService
from training_tracker.services.wellness import WellnessService
from training_tracker.store.answers import AnswerStore
from training_tracker.store.factory import build_originals, build_table
from training_tracker.store.imports import ImportKeys
from training_tracker.store.originals import Originals
from training_tracker.store.plans import PlanStore
from training_tracker.store.port import Table
from training_tracker.store.repository import Repository
from training_tracker.store.server_secrets import shared_secret
from training_tracker.store.tokens import TokenStore
from training_tracker.store.wellness import WellnessStore

log = logging.getLogger("training_tracker")
API_VERSION = version("training-tracker")


def create_app(
    settings: Settings, table: Table | None = None, originals: Originals | None = None
) -> FastAPI:
    """Builds the app on `table` and `originals`, or on what the settings choose."""
    store = table if table is not None else build_table(settings)
    repository = Repository(store, page_size=settings.query_page_size)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        to_thread.current_default_thread_limiter().total_tokens = settings.threadpool_size
        if settings.engine is Engine.SQLITE and table is None:
            store.ensure_table()
        log.info("storage: %s", store.describe())
        if settings.auth_required:
            log.info(
                "auth: required (AUTH_MODE=%s, listening on %s)",
                settings.auth_mode,
                settings.bind_host,
            )
        else:
            log.warning(
                "auth: OPEN - no token needed, every request acts as admin (AUTH_MODE=%s, "
                "listening on %s); anyone who can reach this address can read and change "
                "everything. Set AUTH_MODE=required to demand tokens.",
                settings.auth_mode,
                settings.bind_host,
            )
        yield
        if table is None:
            store.close()

    app = FastAPI(
        title="Training Sessions API",
        version=API_VERSION,
        description="Log training sessions, see statistics and training load.",
        lifespan=lifespan,
        # Operation ids are the handlers' names (`create_athlete`): links and generated
        # clients refer to them.
        generate_unique_id_function=lambda route: route.name,
        docs_url=None,  # mount_docs serves both without a CDN
        redoc_url=None,
        # Requests are observed by our access log and /metrics (ops/). FastAPI's OpenTelemetry
        # hooks, on by default, looked up the global OpenTelemetry providers on every request
        # to find that none is configured.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.settings = settings
    app.state.table = store
    import_keys = ImportKeys(store, page_size=settings.query_page_size)
    kept = originals if originals is not None else build_originals(settings)
    imported_files = ImportedFiles(import_keys, kept)
    app.state.athletes = AthleteService(repository, imported_files=imported_files)
    app.state.sessions = SessionService(repository, imported_files=imported_files)
    plan_store = PlanStore(store)
    app.state.plans = PlanService(repository, plan_store)
    wellness_store = WellnessStore(store, page_size=settings.query_page_size)
    app.state.wellness = WellnessService(repository, wellness_store)
    app.state.training_load = TrainingLoadService(repository, plan_store, app.state.wellness)
    app.state.imports = ImportService(repository, import_keys, kept)
    app.state.athlete_export = AthleteExportService(repository)
    app.state.idempotency = IdempotencyService(
        AnswerStore(store), ttl_seconds=settings.idempotency_ttl_seconds
    )
    secret = settings.cursor_secret
    app.state.cursors = CursorSigner(
        (lambda: shared_secret(store, "cursor"))
        if secret is None
        else secret.get_secret_value().encode()
    )
    app.state.session_pages = SessionPages(app.state.sessions, app.state.cursors)
    app.state.auth_required = settings.auth_required
    app.state.rate_limiter = RateLimiter(settings.rate_limit_per_minute)
    app.state.tokens = TokenService(
        TokenStore(store, page_size=settings.query_page_size),
        repository,
        cache_seconds=settings.token_cache_seconds,
    )

    @app.get("/", tags=["meta"])
    def root() -> dict[str, str]:
        return {
            "name": "Training Sessions API",
            "version": API_VERSION,
            "description": "Log training sessions and see statistics and training load.",
            "docs": "/docs",
        }

    # Every /v1 route authenticates (docs/security.md); /, /docs and /app/ stay public.
    # Routing tries routes in order, and the session list is the most common request: its
    # router goes first (no two routers share a path, so the order changes no answer).
    routers = (sessions, athletes, athlete_export, imports, training_load, plans, wellness)
    for router in (module.router for module in routers):
        require_authentication(router)
        app.include_router(router, responses=AUTHENTICATED)
    mount_web_app(app)
    mount_docs(app)
    install_error_handlers(app)
    publish_exact_schema(app)
    redact_access_log()
    # Middleware added last runs first: response headers wrap everything, even refusals.
    app.add_middleware(
        BodySizeLimit,
        max_bytes=settings.max_body_bytes,
        upload_max_bytes=settings.max_upload_bytes,
        upload_paths=imports.UPLOAD_PATHS,
    )
    if settings.trusted_proxy_list:  # `serve` tells uvicorn to trust no proxy itself
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxy_list)
    if settings.checks_host_header:
        app.add_middleware(LoopbackHostOnly)
    app.add_middleware(ResponseHeaders)
    install_operations(app, settings)  # /healthz, /readyz, /metrics, the access log
    return app


def app_from_environment() -> FastAPI:
    """Entry point for `uvicorn --factory`: settings are read here, once.

    `serve` sets BIND_HOST to its --host. Started by uvicorn directly without BIND_HOST, the
    app cannot know where it listens, so AUTH_MODE=auto fails closed: tokens are required.
    """
    settings = Settings()
    ensure_logging(settings.log_level, settings.log_format)  # worker processes start bare
    if settings.auth_mode is AuthMode.AUTO and "bind_host" not in settings.model_fields_set:
        settings = settings.model_copy(update={"auth_mode": AuthMode.REQUIRED})
    return create_app(settings)
