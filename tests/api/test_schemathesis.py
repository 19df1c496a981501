"""Schemathesis against the app's own OpenAPI schema, in-process over ASGI.

Fixed seed and few examples per operation so CI stays fast; run it longer with
`SCHEMATHESIS_EXAMPLES=500 ./pw test tests/api/test_schemathesis.py` (docs/security.md).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from training_tracker.app import create_app
from training_tracker.config import AuthMode, Settings
from training_tracker.store.keys import SCHEMA
from training_tracker.store.sqlite import SqliteTable

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "15"))

_store = SqliteTable(Path(tempfile.mkdtemp(prefix="schemathesis-")) / "store.sqlite3", SCHEMA)
_store.ensure_table()
app = create_app(
    Settings(rate_limit_per_minute=0, auth_mode=AuthMode.OPEN, cursor_secret="fixed"), _store
)
# Open mode answers only loopback host names; Schemathesis' client says "testserver".
LOOPBACK_HOST = {"Host": "localhost"}
schema = schemathesis.openapi.from_asgi("/openapi.json", app, headers=LOOPBACK_HOST)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_no_server_errors_and_responses_match_the_schema(case: schemathesis.Case) -> None:
    """No 5xx; every response has a documented status, content type, headers and body.
    (Schemathesis' request-side checks don't fit this API: it runs open here, and it
    rejects values the schema allows but the domain refuses, such as over-long ranges.)"""
    case.call_and_validate(
        headers=LOOPBACK_HOST,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_headers_conformance,
            response_schema_conformance,
        ],
    )
