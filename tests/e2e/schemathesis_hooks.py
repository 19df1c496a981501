"""Schemathesis hooks for the fuzz run against a real server (`SCHEMATHESIS_HOOKS`).

One check replaces `positive_data_acceptance`: a schema-valid request may still be refused
when it breaks a rule JSON Schema cannot state (start after end, resting heart rate not
below maximum) or depends on what is stored (a stale If-Match, a reused Idempotency-Key,
an athlete with sessions, a cursor the server did not sign). Such a refusal passes only if
the operation's own description names it: the error code of a domain error, or the
message of a rule across body fields. Anything else the schema allows must be accepted.
"""

from __future__ import annotations

import json
from typing import Any

import schemathesis
from schemathesis.specs.openapi.checks import RejectedPositiveData, positive_data_acceptance


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
