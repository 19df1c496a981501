"""Schemathesis hooks for the fuzz run against a real server (`SCHEMATHESIS_HOOKS`).

One check replaces `positive_data_acceptance`: a schema-valid request may still be refused
when it breaks a rule JSON Schema cannot state (start after end, resting heart rate not
below maximum) or depends on what is stored (a stale If-Match, a reused Idempotency-Key,
an athlete with sessions, a cursor the server did not sign). Such a refusal passes only if
the operation's own description names it: the error code of a domain error, or the
message of a rule across body fields. Anything else the schema allows must be accepted.

Another replaces `negative_data_rejection`, for one case it cannot tell apart: a multipart
file whose content was generated as a non-string (null) goes out as that value's text, and
a file of any bytes is what the schema asks for. Such a case is judged as the server
received it; every other accepted negative case still fails.

A third replaces `ensure_resource_availability`, whose inferred links also lead from a
created session to its original file: a session logged by hand has none, and that 404 is
documented. A 404 from a sub-resource passes only while the resource it belongs to is
itself found; a created resource that is missing still fails.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema_rs
import requests
import schemathesis
from schemathesis.core.failures import AcceptedNegativeData
from schemathesis.core.parameters import ParameterLocation
from schemathesis.openapi.checks import EnsureResourceAvailability
from schemathesis.specs.openapi.checks import (
    RejectedPositiveData,
    ensure_resource_availability,
    negative_data_rejection,
    positive_data_acceptance,
)


def _documentation(case: Any, status: int) -> str:
    raw = case.operation.definition.raw
    answer = raw.get("responses", {}).get(str(status), {})
    return " ".join([raw.get("description", ""), answer.get("description", "")])


def _rules_broken(response: Any) -> list[str]:
    """What the refusal names: for a validation body, the messages of errors about the body
    as a whole (a rule across fields, located at ["body"]); else a domain error's code."""
    try:
        body = json.loads(response.content)
    except ValueError:
        return []
    if not isinstance(body, dict):
        return []
    issues = body.get("detail")
    if isinstance(issues, list):
        if not issues or any(
            not isinstance(issue, dict) or issue.get("loc") != ["body"] for issue in issues
        ):
            return []
        return [str(issue.get("msg", "")).removeprefix("Value error, ") for issue in issues]
    error = body.get("error")
    return [error] if isinstance(error, str) else []


def _every_part_positive(case: Any) -> bool:
    """The coverage phase can mark a case positive while one part of it (a header left
    over from a negative case, such as `If-Match: 0`) was generated to be invalid."""
    meta = case.meta
    return meta is None or all(part.mode.is_positive for part in meta.components.values())


def documented_rejection(case: Any, response: Any) -> bool:
    rules = _rules_broken(response)
    documentation = _documentation(case, response.status_code)
    return bool(rules) and all(rule and rule in documentation for rule in rules)


@schemathesis.check
def positive_data_accepted_unless_documented(ctx: Any, response: Any, case: Any) -> None:
    """`positive_data_acceptance`, except refusals the operation documents."""
    try:
        positive_data_acceptance(ctx, response, case)
    except RejectedPositiveData:
        if _every_part_positive(case) and not documented_rejection(case, response):
            raise


def _is_file(schema: Any) -> bool:
    return (
        isinstance(schema, dict)
        and schema.get("type") == "string"
        and ("contentMediaType" in schema or schema.get("format") == "binary")
    )


def _file_as_received(value: Any) -> str:
    """A multipart file is bytes on the wire, whatever value was generated for it."""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return json.dumps(value)


def _multipart_body_as_received(case: Any) -> Any:
    """The body with each file part as the server reads it, or None when the case is not
    a multipart body negative in its body alone."""
    meta = case.meta
    if (
        meta is None
        or not (case.media_type or "").startswith("multipart/form-data")
        or not isinstance(case.body, dict)
        or any(
            part.mode.is_negative
            for location, part in meta.components.items()
            if location != ParameterLocation.BODY
        )
    ):
        return None
    declared = case.operation.get_body_for_media_type(case.media_type)
    schema = declared.optimized_schema if declared is not None else None
    if not isinstance(schema, dict):
        return None
    properties = schema.get("properties", {})
    received = dict(case.body)
    for name, value in case.body.items():
        field = properties.get(name)
        if _is_file(field):
            received[name] = _file_as_received(value)
        elif isinstance(field, dict) and _is_file(field.get("items")) and isinstance(value, list):
            received[name] = [_file_as_received(item) for item in value]
    return received, schema


@schemathesis.check
def negative_data_rejected_as_received(ctx: Any, response: Any, case: Any) -> None:
    """`negative_data_rejection`, judging multipart file parts by the bytes sent."""
    try:
        negative_data_rejection(ctx, response, case)
    except AcceptedNegativeData:
        as_received = _multipart_body_as_received(case)
        if as_received is None:
            raise
        body, schema = as_received
        if not jsonschema_rs.validator_for(schema).is_valid(body):
            raise


def _owner_found(response: Any, case: Any) -> bool:
    """Whether the request went to a sub-resource (`.../{id}/original`) of a resource that
    answers 200 itself, asked with the same credentials."""
    template = case.operation.path.rstrip("/").split("/")
    if len(template) < 2 or "{" in template[-1] or not template[-2].startswith("{"):
        return False
    sent = response.request
    owner = str(sent.url).split("?", 1)[0].rstrip("/").rsplit("/", 1)[0]
    headers = {name: value for name, value in sent.headers.items() if name == "Authorization"}
    return requests.get(owner, headers=headers, timeout=30).status_code == 200


@schemathesis.check
def created_resource_available(ctx: Any, response: Any, case: Any) -> None:
    """`ensure_resource_availability`, except a sub-resource its owner may lack."""
    try:
        ensure_resource_availability(ctx, response, case)
    except EnsureResourceAvailability:
        if not _owner_found(response, case):
            raise
