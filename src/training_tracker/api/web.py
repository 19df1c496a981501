"""The web app: static ES modules and CSS served under /app/ by the service itself."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

WEB_ROOT = Path(__file__).resolve().parent.parent / "web"
MOUNT_PATH = "/app"


def mount_web_app(app: FastAPI) -> None:
    """Serves the browser client at /app/; /app itself redirects there."""

    @app.get(MOUNT_PATH, include_in_schema=False)
    def web_app_redirect() -> RedirectResponse:
        return RedirectResponse(f"{MOUNT_PATH}/", status_code=307)

    app.mount(MOUNT_PATH, StaticFiles(directory=WEB_ROOT, html=True), name="web")
