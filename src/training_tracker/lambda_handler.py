"""AWS Lambda entry point: API Gateway HTTP API events (payload 2.0) through Mangum to the app.

The app is built on the first invocation of an instance and kept for the next ones, so the
DynamoDB client and its connections are reused. Lifespan events are off: Mangum would run
start-up and shut-down around every invocation, closing the client each time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from mangum import Mangum

from training_tracker.api.streaming import WholeAnswers
from training_tracker.app import app_from_environment

log = logging.getLogger(__name__)
LambdaHandler = Callable[[dict[str, Any], Any], dict[str, Any]]
_handler: LambdaHandler | None = None


def adapter_for(app: FastAPI) -> LambdaHandler:
    # API Gateway gets the whole answer at once anyway; held until complete, an export
    # whose store fails midway is answered 503 (Mangum would make a cut body a 500).
    mangum = Mangum(WholeAnswers(app), lifespan="off")

    def invoke(event: dict[str, Any], context: Any) -> dict[str, Any]:
        response = mangum(event, context)
        if not response.get("body"):
            # Mangum labels every answer without a Content-Type as JSON, bodiless 204s too;
            # over HTTP the same answer has none.
            (response.get("headers") or {}).pop("content-type", None)
        return response

    return invoke


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    global _handler
    if _handler is None:
        app = app_from_environment()
        log.info(
            "cold start: storage %s, auth %s",
            app.state.table.describe(),
            "required" if app.state.auth_required else "OPEN",
        )
        _handler = adapter_for(app)
    return _handler(event, context)
