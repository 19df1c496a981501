"""/docs (Swagger UI) and /redoc, served from files installed with the service, never a CDN.

The pages share their origin with the web app, which keeps an API token in localStorage, so
nothing they run may come from elsewhere: the viewers' bundles ship in the `fastapi-offline`
package, the start-up code is a file of ours, and a content security policy allows scripts
from this origin only, no inline script at all.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS_PATH = "/docs/assets"
OWN_ASSETS = Path(__file__).resolve().parent / "docs_assets"
# (package, folder) holding swagger-ui-bundle.js, swagger-ui.css, redoc.standalone.js
VIEWER_ASSETS = ("fastapi_offline", "static")
# Swagger UI and ReDoc set inline styles and draw data: images; ReDoc searches in a blob: worker.
DOCS_CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src blob:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def _page(title: str, head: str, body: str) -> HTMLResponse:
    html = (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>{head}</head><body>{body}</body></html>\n"
    )
    return HTMLResponse(html, headers={"Content-Security-Policy": DOCS_CONTENT_SECURITY_POLICY})


def mount_docs(app: FastAPI) -> None:
    """Needs an app made with docs_url=None and redoc_url=None."""
    app.mount(
        ASSETS_PATH,
        StaticFiles(directory=OWN_ASSETS, packages=[VIEWER_ASSETS]),
        name="docs-assets",
    )

    @app.get("/docs", include_in_schema=False)
    def swagger_ui(request: Request) -> HTMLResponse:
        root = escape(request.scope.get("root_path", ""))
        assets = f"{root}{ASSETS_PATH}"
        return _page(
            f"{app.title} - Swagger UI",
            f'<link rel="icon" href="{assets}/favicon.png">'
            f'<link rel="stylesheet" href="{assets}/swagger-ui.css">',
            f'<div id="swagger-ui" data-openapi-url="{root}{app.openapi_url}"></div>'
            f'<script src="{assets}/swagger-ui-bundle.js"></script>'
            f'<script src="{assets}/swagger-init.js"></script>',
        )

    @app.get("/redoc", include_in_schema=False)
    def redoc(request: Request) -> HTMLResponse:
        root = escape(request.scope.get("root_path", ""))
        assets = f"{root}{ASSETS_PATH}"
        return _page(
            f"{app.title} - ReDoc",
            f'<link rel="icon" href="{assets}/favicon.png">',
            f'<redoc spec-url="{root}{app.openapi_url}"></redoc>'
            f'<script src="{assets}/redoc.standalone.js"></script>',
        )
