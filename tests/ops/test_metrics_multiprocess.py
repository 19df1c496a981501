"""PROMETHEUS_MULTIPROC_DIR: /metrics of any worker adds up every worker's requests.

prometheus-client chooses its multiprocess storage when it is imported, so each "worker"
here is its own Python process, as `serve --workers` makes them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

WORKER = textwrap.dedent(
    """
    import sys
    from fastapi.testclient import TestClient
    from training_tracker.app import create_app
    from training_tracker.config import Settings

    requests, store, report = int(sys.argv[1]), sys.argv[2], sys.argv[3] == "report"
    settings = Settings(sqlite_path=store, auth_mode="open", metrics_enabled=True)
    with TestClient(create_app(settings), base_url=LOCAL_URL) as client:
        for _ in range(requests):
            assert client.get("/healthz").status_code == 200
        if report:
            sys.stdout.write(client.get("/metrics").text)
    """
)


def worker(requests: int, tmp_path: Path, shared: Path, report: bool = False) -> str:
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(shared)}
    store = tmp_path / "store.sqlite3"
    result = subprocess.run(
        [sys.executable, "-c", WORKER, str(requests), str(store), "report" if report else "-"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_metrics_add_up_across_worker_processes(tmp_path: Path) -> None:
    shared = tmp_path / "prometheus"
    shared.mkdir()
    worker(3, tmp_path, shared)
    text = worker(4, tmp_path, shared, report=True)  # its own 4 and the other's 3
    healthz = [
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "training_tracker_http_requests_total"
        and sample.labels.get("route") == "/healthz"
    ]
    assert healthz == [7.0]
