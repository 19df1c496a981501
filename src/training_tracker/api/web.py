"""The web app: static ES modules and CSS served under /app/ by the service itself."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response
from starlette.types import Scope

WEB_ROOT = Path(__file__).resolve().parent.parent / "web"
MOUNT_PATH = "/app"
# Everything comes from this origin: the policy makes "no CDN, nothing fetched at run time" hold.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class WebAppFiles(StaticFiles):
    """Static files that browsers revalidate, so an upgraded server never runs stale modules."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers.setdefault("Cache-Control", "no-cache")
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response


def mount_web_app(app: FastAPI) -> None:
    """Serves the browser client at /app/; /app itself redirects there."""

    @app.get(MOUNT_PATH, include_in_schema=False)
    def web_app_redirect() -> RedirectResponse:
        return RedirectResponse(f"{MOUNT_PATH}/", status_code=307)

    app.mount(MOUNT_PATH, WebAppFiles(directory=WEB_ROOT, html=True), name="web")
