"""The published OpenAPI schema, with what FastAPI generates made exact.

A query or header parameter is optional by `required: false`; it never arrives as JSON
null. FastAPI spells `str | None` as `anyOf: [string, null]`, which tells clients and
fuzzers that a literal `null` is a valid value (it is sent as the text "null" and refused).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

NULL = {"type": "null"}


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    branches = schema.get("anyOf")
    if not isinstance(branches, list) or NULL not in branches:
        return schema
    rest = [b for b in branches if b != NULL]
    outer = {k: v for k, v in schema.items() if k != "anyOf" and not (k == "default" and v is None)}
    if len(rest) == 1:
        return {**rest[0], **outer}
    return {**outer, "anyOf": rest}


def exact_parameters(schema: dict[str, Any]) -> dict[str, Any]:
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                parameter["schema"] = _without_null(parameter["schema"])
    return schema


def publish_exact_schema(app: FastAPI) -> None:
    generate: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = exact_parameters(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
