"""Screenshots of the web app's main screens at desktop and phone width.

Starts the service on a temporary embedded store, seeds a few athletes and sessions through
the v1 API, and saves PNGs into docs/screenshots/. Needs the dev extras and Chromium:

    python docs/screenshots.py [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

OUT = Path(__file__).resolve().parent / "screenshots"
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 740}}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NOTES = [
    None,
    "Easy run, felt fresh",
    "Tempo 3 x 10 min",
    "Long run, rolling hills",
    "Intervals 6 x 800 m",
    "Recovery jog",
]


def call(base: str, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(  # noqa: S310 - a local http URL built here
        base + path, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        text = response.read()
    return json.loads(text) if text else None


# name, pace (min/km), profile, how the last weeks go: "steady", "ramp" (a hard block every
# day of the last week) or "taper"; Chloé logs heart rate instead of RPE, so her load is TRIMP.
ATHLETES: list[tuple[str, float, dict[str, Any], str]] = [
    ("Ada Okafor", 5.0, {"restingHeartRate": 52, "maxHeartRate": 188, "sex": "female"}, "steady"),
    ("Ben Lindqvist", 5.6, {}, "ramp"),
    ("Chloé Martin", 4.7, {"restingHeartRate": 48, "maxHeartRate": 192, "sex": "female"}, "taper"),
    ("Dev Sharma", 5.2, {}, "none"),
]


def seed(base: str) -> str:
    """Four athletes, three with ten weeks of sessions; returns the first athlete's id."""
    rng = random.Random(7)
    today = date.today()
    ids = []
    for name, pace, profile, shape in ATHLETES:
        athlete = call(base, "POST", "/v1/athletes", {"name": name, **profile})
        ids.append(athlete["id"])
        if shape == "none":
            continue
        for day in range(70, -1, -1):
            late = day <= 6
            busy = 1.0 if shape == "ramp" and late else 0.55
            if shape == "taper" and day <= 14:
                busy = 0.25
            if rng.random() > busy:
                continue
            distance = round(rng.uniform(5, 21), 1)
            duration = round(distance * pace * rng.uniform(0.93, 1.1), 1)
            session: dict[str, Any] = {
                "athlete_id": athlete["id"],
                "date": (today - timedelta(days=day)).isoformat(),
                "duration": duration,
                "distance": distance,
                "notes": rng.choice(NOTES),
                "sport": rng.choice(["run", "run", "run", "ride"]),
            }
            if profile.get("restingHeartRate") and shape == "taper":
                average = rng.randint(128, 162)
                session["avgHeartRate"] = average
                session["maxHeartRate"] = average + rng.randint(12, 24)
            else:
                session["rpe"] = rng.randint(6, 9) if shape == "ramp" and late else rng.randint(3, 7)
            call(base, "POST", "/v1/training-sessions", session)
    return ids[0]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    dropped = {"DYNAMODB_TABLE_NAME", "DYNAMODB_ENDPOINT", "STORAGE_ENGINE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env["SQLITE_PATH"] = str(workdir / "store.sqlite3")
    env["LOG_LEVEL"] = "WARNING"
    # A loopback-only, throwaway server: no tokens, no rate limit while seeding.
    env["AUTH_MODE"] = "open"
    env["RATE_LIMIT_PER_MINUTE"] = "0"
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "training_tracker.app:app_from_environment",
        "--factory",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, env=env, cwd=workdir)  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            call(base, "GET", "/")
            return process, base
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("the server did not start")


def settle(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    page.locator("main[aria-busy='false']").wait_for()
    page.wait_for_timeout(300)


def capture(page: Page, base: str, athlete_id: str, size: str) -> list[Path]:
    shots = [
        ("log", "/log"),
        ("athletes", "/athletes"),
        ("statistics", "/stats"),
        ("athlete", f"/athletes/{athlete_id}"),
        ("board", "/board"),
    ]
    saved = []
    for name, route in shots:
        page.goto(f"{base}/app/#{route}")
        settle(page)
        saved.append(OUT / f"{name}-{size}.png")
        # The athlete page is long (statistics, chart, weeks, recent sessions): show all of it.
        page.screenshot(path=saved[-1], full_page=name == "athlete")
    page.goto(f"{base}/app/#/log")
    settle(page)
    page.get_by_role("button", name="Add session").first.click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Distance (km)").fill("-2")
    dialog.get_by_role("button", name="Add session").click()
    dialog.locator(".field.invalid").first.wait_for()
    saved.append(OUT / f"add-session-{size}.png")
    page.screenshot(path=saved[-1])
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        process, base = start_server(Path(tmp))
        try:
            athlete_id = seed(base)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=args.chromium, args=CHROMIUM_ARGS
                )
                for size, viewport in SIZES.items():
                    page = browser.new_page(viewport=viewport)
                    for path in capture(page, base, athlete_id, size):
                        print(path.relative_to(OUT.parent.parent))
                    page.close()
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=10)


if __name__ == "__main__":
    main()
