"""The Import page: many files at once, each with its own result, one of them bad."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

from tests.browser.conftest import App, require_playwright
from tests.importers.builders import gpx
from tests.importers.fit_writer import one_hour_run

expect = require_playwright()
START = datetime(2024, 5, 1, 6, 0, tzinfo=UTC)


def test_import_files_and_open_the_sessions(app: App) -> None:
    page = app.page
    athlete = app.api("POST", "/v1/athletes", {"name": "Ada"})
    app.open("/import")
    expect(page.get_by_label("Athlete")).to_have_value(athlete["id"])
    files = [
        {
            "name": "run.fit",
            "mimeType": "application/octet-stream",
            "buffer": one_hour_run(START, seconds=300),
        },
        {"name": "broken.fit", "mimeType": "application/octet-stream", "buffer": b"not a fit file"},
        {
            "name": "walk.gpx.gz",
            "mimeType": "application/gzip",
            "buffer": gzip.compress(gpx(datetime(2024, 5, 3, 6, tzinfo=UTC), kind="walking")),
        },
    ]
    page.locator("input[type=file]").set_input_files(files)

    results = page.get_by_role("list", name="Uploaded files")
    for name, state in (
        ("run.fit", "created"),
        ("broken.fit", "failed"),
        ("walk.gpx.gz", "created"),
    ):
        row = results.locator(".import-file", has_text=name)
        expect(row).to_have_attribute("data-state", state)
    broken = results.locator(".import-file", has_text="broken.fit")
    expect(broken).to_contain_text("is named as fit but its content is plain text")
    expect(page.locator(".import-summary")).to_have_text(
        "2 sessions imported, 0 already there, 1 failed."
    )

    # The same file again is a duplicate, and says so.
    page.locator("input[type=file]").set_input_files([files[0]])
    again = results.locator(".import-file").first
    expect(again).to_have_attribute("data-state", "duplicate")
    expect(again).to_contain_text("Already imported")

    results.locator(".import-file", has_text="walk.gpx.gz").get_by_role("link").click()
    row = page.locator("table.sessions tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Ada")
    assert app.api("GET", "/v1/training-sessions")["pagination"]["total"] == 2
    assert app.console.errors == []


def test_drop_zone_is_reachable_and_nav_marks_the_page(app: App) -> None:
    app.api("POST", "/v1/athletes", {"name": "Bo"})
    app.open("/import")
    page = app.page
    link = page.get_by_role("navigation", name="Main").get_by_role("link", name="Import")
    expect(link).to_have_attribute("aria-current", "page")
    expect(page.get_by_text("Drop activity files here")).to_be_visible()
    assert app.console.errors == []
