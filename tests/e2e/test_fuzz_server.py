"""Schemathesis, every phase including stateful, against a real `serve` process with auth.

The run uses the CLI exactly as someone outside would: the schema from /openapi.json, an
admin token, every check (positive-data acceptance through `schemathesis_hooks.py`, which
lets only refusals the operation documents pass), a fixed seed. A few examples per
operation keep it to a minute or two here; `SCHEMATHESIS_EXAMPLES=200` runs it longer
(docs/api-schema.md).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.e2e.conftest import REPO, Processes, admin_token, clean_env, executable, start_server

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "12"))
SEED = 20261205
# Generous for CI on a busy 2-core machine; longer runs scale with SCHEMATHESIS_EXAMPLES.
TIMEOUT = 300 + 20 * EXAMPLES


def test_schemathesis_finds_nothing_against_a_real_server(
    processes: Processes, tmp_path: Path
) -> None:
    env = clean_env(
        SQLITE_PATH=str(tmp_path / "store.sqlite3"),
        AUTH_MODE="required",
        # One token sends every request: the limiter would answer most of them 429.
        RATE_LIMIT_PER_MINUTE="0",
        CURSOR_SECRET="fuzz",
    )
    token = admin_token(env, tmp_path)
    server = start_server(processes, tmp_path, env)
    report = tmp_path / "report"
    args = [
        executable("st"),
        "run",
        f"{server.url}/openapi.json",
        "--header",
        f"Authorization: Bearer {token}",
        "--phases",
        "examples,coverage,fuzzing,stateful",
        "--checks",
        "all",
        "--exclude-checks",
        "positive_data_acceptance,negative_data_rejection,ensure_resource_availability",
        "--max-examples",
        str(EXAMPLES),
        "--seed",
        str(SEED),
        "--workers",
        "1",
        # Hypothesis' own checks that drawing data is quick and rarely thrown away: the name
        # pattern lists every character class of the Unicode tables, and a date path drawn
        # against both a pattern and a format is often redrawn. They say nothing about the
        # API, so they may not fail the run.
        "--suppress-health-check",
        "too_slow,filter_too_much",
        "--request-timeout",
        "30",
        "--report",
        "junit",
        "--report-dir",
        str(report),
    ]
    fuzz_env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "tests.e2e.schemathesis_hooks",
        "PYTHONPATH": str(REPO),
        "NO_COLOR": "1",
        "COLUMNS": "120",
    }
    try:
        run = subprocess.run(
            args, env=fuzz_env, cwd=tmp_path, capture_output=True, text=True, timeout=TIMEOUT
        )
    except subprocess.TimeoutExpired as expired:
        pytest.fail(f"schemathesis did not finish within {TIMEOUT}s:\n{expired.stdout!r}")
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    # It really ran: every phase, and the stateful one walked links.
    for phase in ("Examples", "Coverage", "Fuzzing", "Stateful"):
        assert f"✅ {phase}" in output, output
    assert "Selected: " in output, output
    assert not server.process.log().count("Traceback"), server.process.log()
