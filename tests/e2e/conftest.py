"""End-to-end fixtures: real `moto_server` and `training-tracker` processes on loopback ports.

Every process is started in its own session (process group), writes its output to a file
in a temp dir, and is stopped by a finalizer: SIGTERM, then SIGKILL if it lingers.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest

from training_tracker.store.dynamodb import DynamoDBTable
from training_tracker.store.keys import SCHEMA

BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT = 40.0  # seconds; generous for a loaded 2-core machine
CLI_TIMEOUT = 60.0
REGION = "us-east-1"


def executable(name: str) -> str:
    candidate = BIN / name
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed next to {sys.executable} nor on PATH")
    return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def one_line(text: str) -> str:
    """Rich wraps log lines to the terminal width; join them back for assertions."""
    return re.sub(r"\s+", " ", text)


def clean_env(**overrides: str) -> dict[str, str]:
    """The parent's environment without anything that picks a store or real AWS credentials."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AWS_", "DYNAMODB_"))
        and key not in {"STORAGE_ENGINE", "SQLITE_PATH", "QUERY_PAGE_SIZE", "LOG_LEVEL"}
    }
    env.update(
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_REGION=REGION,
        AWS_DEFAULT_REGION=REGION,
        AWS_EC2_METADATA_DISABLED="true",
        # Wide enough that Rich never folds a long word (a URL or a path) across lines.
        COLUMNS="250",
        PYTHONUNBUFFERED="1",
    )
    env.update(overrides)
    return env


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def alive(self) -> bool:
        return self.popen.poll() is None

    def stop(self) -> None:
        if self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=5)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(timeout=5)


class Processes:
    """Starts processes and remembers them so one finalizer can stop them all."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.started: list[Process] = []

    def start(self, name: str, args: list[str], env: dict[str, str], cwd: Path) -> Process:
        log_path = self.directory / f"{name}-{len(self.started)}.log"
        with log_path.open("wb") as log_file:
            popen = subprocess.Popen(
                args,
                env=env,
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        process = Process(name, popen, log_path)
        self.started.append(process)
        return process

    def stop_all(self) -> None:
        for process in reversed(self.started):
            process.stop()


def wait_until_answers(process: Process, url: str, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not process.alive():
            pytest.fail(f"{process.name} exited with {process.popen.returncode}:\n{process.log()}")
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    pytest.fail(f"{process.name} did not answer at {url} within {timeout}s:\n{process.log()}")


@pytest.fixture(scope="session")
def session_processes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Processes]:
    processes = Processes(tmp_path_factory.mktemp("e2e-session-logs"))
    yield processes
    processes.stop_all()


@pytest.fixture
def processes(tmp_path: Path) -> Iterator[Processes]:
    started = Processes(tmp_path)
    yield started
    started.stop_all()


@dataclass(frozen=True)
class Moto:
    endpoint: str

    def client(self) -> Any:
        return boto3.client(
            "dynamodb",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    def create_tracker_table(self, name: str) -> None:
        """The table the app expects, made in-process (no CLI start-up to pay for)."""
        table = DynamoDBTable(self.client(), name, SCHEMA, self.endpoint)
        assert table.ensure_table() is True
        table.close()


@dataclass
class Server:
    process: Process
    url: str
    env: dict[str, str]
    cwd: Path

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=15.0)

    def wait(self) -> Server:
        wait_until_answers(self.process, self.url + "/")
        return self


def start_server(
    processes: Processes, cwd: Path, env: dict[str, str], *, wait: bool = True
) -> Server:
    port = free_port()
    process = processes.start(
        "serve", [executable("training-tracker"), "serve", "--port", str(port)], env, cwd
    )
    server = Server(process, f"http://127.0.0.1:{port}", env, cwd)
    return server.wait() if wait else server


def admin_token(env: dict[str, str], cwd: Path) -> str:
    """A new admin token in the store `env` names, made by the CLI as an operator would."""
    created = run_cli(
        [executable("training-tracker"), "token", "create", "--role", "admin"], env, cwd
    )
    assert created.returncode == 0, created.stderr
    return created.stdout.strip().splitlines()[-1]


# The long-lived servers the modules use, and which module needs each. They are all started
# together when the first e2e test runs, so their ~2 s of Python start-up each overlap.
FLOW_TABLE = "e2e-server"
MISSING_TABLE = "e2e-never-created"
SERVER_MODULES = {
    "dynamodb": "test_server_dynamodb",
    "unreachable": "test_store_unavailable",
    "missing table": "test_store_unavailable",
    "bad gateway": "test_store_unavailable",
    "embedded": "test_server_embedded",
}


class Stack:
    """One moto_server plus the servers the selected modules need, all started up front."""

    def __init__(self, processes: Processes, root: Path, wanted: set[str]) -> None:
        moto_port = free_port()
        self.moto = Moto(f"http://127.0.0.1:{moto_port}")
        self._moto_process = processes.start(
            "moto_server",
            [executable("moto_server"), "-H", "127.0.0.1", "-p", str(moto_port)],
            clean_env(),
            root,
        )
        self._moto_ready = False
        # Bound but never listening: connecting to it is refused at once, and no other
        # process can take the port while the session runs.
        self.closed_socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.closed_socket.bind(("127.0.0.1", 0))
        closed_port = int(self.closed_socket.getsockname()[1])
        # Answers every request with an HTML 502, like a proxy in front of a dead endpoint.
        self.bad_gateway = ThreadingHTTPServer(("127.0.0.1", 0), _BadGateway)
        threading.Thread(target=self.bad_gateway.serve_forever, daemon=True).start()
        bad_gateway_port = int(self.bad_gateway.server_address[1])
        fast_failure = {
            "DYNAMODB_MAX_ATTEMPTS": "1",
            "DYNAMODB_CONNECT_TIMEOUT": "0.5",
            "DYNAMODB_READ_TIMEOUT": "0.5",
        }
        envs = {
            # Tiny query pages make every list and statistics call follow LastEvaluatedKey.
            "dynamodb": clean_env(
                DYNAMODB_TABLE_NAME=FLOW_TABLE,
                DYNAMODB_ENDPOINT=self.moto.endpoint,
                QUERY_PAGE_SIZE="2",
            ),
            "unreachable": clean_env(
                DYNAMODB_TABLE_NAME="e2e-unreachable",
                DYNAMODB_ENDPOINT=f"http://127.0.0.1:{closed_port}",
                **fast_failure,
            ),
            "bad gateway": clean_env(
                DYNAMODB_TABLE_NAME="e2e-bad-gateway",
                DYNAMODB_ENDPOINT=f"http://127.0.0.1:{bad_gateway_port}",
                **fast_failure,
            ),
            # moto answers, but slowly when the machine is busy: a long read timeout here.
            "missing table": clean_env(
                DYNAMODB_TABLE_NAME=MISSING_TABLE,
                DYNAMODB_ENDPOINT=self.moto.endpoint,
                DYNAMODB_MAX_ATTEMPTS="1",
                DYNAMODB_READ_TIMEOUT="30",
            ),
            "embedded": clean_env(SQLITE_PATH=str(root / "embedded" / "store.sqlite3")),
        }
        self._servers: dict[str, Server] = {}
        self._ready: set[str] = set()
        for name, env in envs.items():
            if SERVER_MODULES[name] in wanted:
                cwd = root / name.replace(" ", "-")
                cwd.mkdir(exist_ok=True)
                self._servers[name] = start_server(processes, cwd, env, wait=False)

    def ready_moto(self) -> Moto:
        if not self._moto_ready:
            wait_until_answers(self._moto_process, f"{self.moto.endpoint}/moto-api/")
            self.moto.client().list_tables()  # moto loads its DynamoDB backend on first use
            self._moto_ready = True
        return self.moto

    def server(self, name: str) -> Server:
        if name not in self._servers:
            pytest.fail(f"server {name!r} was not started: is {SERVER_MODULES[name]} selected?")
        if name not in self._ready:
            self._servers[name].wait()
            self._ready.add(name)
        return self._servers[name]

    def close(self) -> None:
        self.closed_socket.close()
        self.bad_gateway.shutdown()
        self.bad_gateway.server_close()


class _BadGateway(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
        self.send_response(502)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # keep the test output quiet
        pass


@pytest.fixture(scope="session")
def stack(
    request: pytest.FixtureRequest,
    session_processes: Processes,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Stack]:
    wanted = {Path(str(item.fspath)).stem for item in request.session.items}
    started = Stack(session_processes, tmp_path_factory.mktemp("e2e-stack"), wanted)
    yield started
    started.close()


@pytest.fixture(scope="session")
def moto(stack: Stack) -> Moto:
    """One moto_server for the whole run; tests keep apart by using their own table names."""
    return stack.ready_moto()


def run_cli(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_concurrently([(args, env)], cwd)[0]


def run_concurrently(
    commands: list[tuple[list[str], dict[str, str]]], cwd: Path
) -> list[subprocess.CompletedProcess[str]]:
    """Runs independent commands side by side (each pays ~2 s of Python start-up) and waits
    for all of them, each bounded by CLI_TIMEOUT; a command that hangs is killed and fails."""
    running = [
        (
            args,
            subprocess.Popen(
                args,
                env=env,
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                start_new_session=True,
            ),
        )
        for args, env in commands
    ]
    results = []
    deadline = time.monotonic() + CLI_TIMEOUT
    try:
        for args, popen in running:
            try:
                stdout, stderr = popen.communicate(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                pytest.fail(f"{args} did not finish within {CLI_TIMEOUT}s")
            results.append(subprocess.CompletedProcess(args, popen.returncode, stdout, stderr))
    finally:
        for _, popen in running:
            if popen.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(popen.pid, signal.SIGKILL)
                popen.communicate()
    return results
