"""A typed client generated from the published schema builds, type-checks and works.

openapi-python-client (its own tool context, see pyproject.toml) generates the package
into a temp dir at test time; `mypy --strict` checks it together with a round-trip script
written against it; the script then runs against a real `serve` process with a token.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx

from tests.e2e.conftest import REPO, Processes, admin_token, clean_env, start_server

ROUND_TRIP = Path(__file__).parent / "typed_client" / "round_trip.py"
# Enums as Literal types: the time zone enum lists IANA aliases (`GMT0`, `Etc/GMT0`) that
# would collide as class member names.
CONFIG = (
    "project_name_override: tracker-client\npackage_name_override: tracker_client\n"
    "literal_enums: true\n"
)
# Strict everywhere. One exception, in the generator's fixed template rather than anything
# built from the schema: its client's `__exit__(*args: object)` forwards to httpx, whose
# stubs want the exception types.
MYPY_CONFIG = """[mypy]
strict = True
python_version = 3.11

[mypy-tracker_client.client]
disable_error_code = arg-type
"""


def run(args: list[str], cwd: Path, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{args[:3]}:\n{done.stdout}\n{done.stderr}"
    return done


def test_generated_client_type_checks_and_round_trips(processes: Processes, tmp_path: Path) -> None:
    env = clean_env(SQLITE_PATH=str(tmp_path / "store.sqlite3"), AUTH_MODE="required")
    token = admin_token(env, tmp_path)
    server = start_server(processes, tmp_path, env)
    schema = tmp_path / "openapi.json"
    schema.write_bytes(httpx.get(f"{server.url}/openapi.json", timeout=15).content)
    (tmp_path / "config.yaml").write_text(CONFIG)
    package = tmp_path / "tracker_client"
    generated = run(
        [
            sys.executable,
            str(REPO / "pw"),
            "openapi-python-client",
            "generate",
            "--path",
            str(schema),
            "--config",
            str(tmp_path / "config.yaml"),
            "--meta",
            "none",
            "--output-path",
            str(package),
            "--fail-on-warning",
        ],
        tmp_path,
    )
    assert "Warning" not in generated.stdout + generated.stderr
    script = tmp_path / "round_trip.py"
    script.write_text(ROUND_TRIP.read_text())
    (tmp_path / "mypy.ini").write_text(MYPY_CONFIG)
    run([sys.executable, "-m", "mypy", "tracker_client", "round_trip.py"], tmp_path)
    result = run([sys.executable, "round_trip.py", server.url, token], tmp_path, timeout=60)
    assert result.stdout.strip() == "round trip ok"
