"""The athlete page's export buttons, against a server with auth required: the file comes
down with the stored token (a plain link would be refused) and holds the athlete's sessions."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from tests.browser.conftest import Server, require_playwright
from training_tracker.importers.sessions_csv import COLUMNS

expect = require_playwright()
TOKEN_KEY = "trainingTracker.apiToken"


def _call(app: Any, token: str, method: str, path: str, body: Any = None) -> Any:
    response = app.page.request.fetch(
        f"{app.base_url}{path}",
        method=method,
        data=body,
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.ok, f"{method} {path}: {response.status} {response.text()}"
    return response.json()


def _download(app: Any, button: str) -> tuple[str, str]:
    with app.page.expect_download() as started:
        app.page.get_by_role("button", name=button).click()
    download = started.value
    return download.suggested_filename, Path(download.path()).read_text(encoding="utf-8")


def test_export_buttons_download_the_athletes_sessions(
    locked_app: Any, locked_server: tuple[Server, str]
) -> None:
    app, token = locked_app, locked_server[1]
    ann = _call(app, token, "POST", "/v1/athletes", {"name": "Ann Lee"})
    bob = _call(app, token, "POST", "/v1/athletes", {"name": "Bob"})
    logged = [
        {"date": "2024-05-02", "duration": 45, "distance": 10, "sport": "run", "rpe": 6},
        {"date": "2024-05-01", "duration": 30.5, "distance": 0, "notes": "gym, then\nstretch"},
    ]
    for body in logged:
        _call(app, token, "POST", "/v1/training-sessions", {**body, "athlete_id": ann["id"]})
    _call(
        app,
        token,
        "POST",
        "/v1/training-sessions",
        {"athlete_id": bob["id"], "date": "2024-05-03", "duration": 20, "distance": 4},
    )
    # As if the user had entered it on the token page earlier: stored before the app loads.
    app.page.add_init_script(f"localStorage.setItem({json.dumps(TOKEN_KEY)}, {json.dumps(token)})")
    app.open(f"/athletes/{ann['id']}")
    expect(app.page.locator("main h1")).to_have_text("Ann Lee")

    name, text = _download(app, "Export CSV")
    assert name == "ann-lee-training-sessions.csv"
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == COLUMNS
    exported = [dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]]
    assert [(r["date"], r["athlete_id"]) for r in exported] == [
        ("2024-05-01", ann["id"]),
        ("2024-05-02", ann["id"]),
    ]
    assert exported[0]["notes"] == "gym, then\nstretch"
    assert (exported[1]["sport"], exported[1]["rpe"]) == ("run", "6")
    expect(app.page.locator("#toast")).to_have_text(f"Downloaded {name}.")

    name, text = _download(app, "Export JSON")
    assert name == "ann-lee-training-sessions.json"
    listed = _call(app, token, "GET", f"/v1/training-sessions?athleteId={ann['id']}")["data"]
    assert json.loads(text) == sorted(listed, key=lambda s: (s["date"], s["id"]))
    assert app.console.errors == []
