"""Answers rendered once: a route returns the JSON of its response model as the response.

Given a model instance, FastAPI validates it against the route's `response_model` again (for a
plain `def` route, on another trip to the thread pool) before serializing it. The routes that
carry the common reads build their model once, from domain objects, and hand over its JSON;
`response_model` still documents the answer in the OpenAPI schema.
"""

from __future__ import annotations

from pydantic import BaseModel
from starlette.responses import Response


class ModelResponse(Response):
    media_type = "application/json"

    def __init__(
        self, model: BaseModel, status_code: int = 200, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(model.model_dump_json(by_alias=True).encode(), status_code, headers)
