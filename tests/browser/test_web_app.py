"""The web app end to end: a person's path through athletes, the log and the statistics."""

from __future__ import annotations

import re
from typing import Any

from tests.browser.conftest import App, require_playwright

expect = require_playwright()


def showing(first: int, last: int, total: str) -> str:
    """The log's summary line; the range uses an en dash."""
    return f"Showing {first}\u2013{last} of {total}"


def nav(page: Any, name: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name).click()


def add_athlete(app: App, name: str) -> None:
    page = app.page
    nav(page, "Athletes")
    page.get_by_label("New athlete's name").fill(name)
    page.get_by_role("button", name="Add athlete").click()
    expect(page.locator(".athlete-row", has_text=name)).to_be_visible()


def fill_session(
    app: App, *, athlete: str, date: str, duration: str, distance: str, notes: str = ""
) -> None:
    dialog = app.page.get_by_role("dialog")
    dialog.get_by_label("Athlete").select_option(label=athlete)
    dialog.get_by_label("Date").fill(date)
    dialog.get_by_label("Duration (min)").fill(duration)
    dialog.get_by_label("Distance (km)").fill(distance)
    dialog.get_by_label("Notes").fill(notes)


def tab_to(page: Any, target: Any, limit: int = 6) -> None:
    """Presses Tab until `target` has focus (a date input has a stop per date part)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target}")


def stat(app: App, label: str) -> str:
    card = app.page.locator(
        ".stat-card", has=app.page.locator("dt", has_text=re.compile(f"^{label}$"))
    )
    return str(card.locator(".stat-value").inner_text())


def test_root_keeps_its_v1_json_and_app_redirects(app: App) -> None:
    root = app.page.request.get(f"{app.base_url}/")
    assert root.json()["name"] == "Training Sessions API"
    redirect = app.page.request.get(f"{app.base_url}/app", max_redirects=0)
    assert redirect.status in {307, 308}
    assert redirect.headers["location"].endswith("/app/")
    index = app.page.request.get(f"{app.base_url}/app/")
    assert "default-src 'self'" in index.headers["content-security-policy"]
    assert index.headers["cache-control"] == "no-cache"


def test_athlete_and_session_through_the_ui(app: App) -> None:
    page = app.page
    app.open("/log")
    expect(page.get_by_text("No athletes yet")).to_be_visible()

    add_athlete(app, "Ada Lovelace")

    nav(page, "Log")
    page.get_by_role("button", name="Add session").first.click()
    fill_session(
        app,
        athlete="Ada Lovelace",
        date="2024-05-01",
        duration="45.5",
        distance="10.2",
        notes="Tempo",
    )
    page.get_by_role("dialog").get_by_role("button", name="Add session").click()
    expect(page.get_by_role("dialog")).to_have_count(0)

    row = page.locator("table.sessions tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Ada Lovelace")
    expect(row).to_contain_text("10.2 km")
    expect(row).to_contain_text("45.5 min")
    expect(row).to_contain_text("Tempo")
    expect(page.get_by_text(showing(1, 1, "1 session"))).to_be_visible()

    nav(page, "Statistics")
    expect(page.locator(".stat-card").first).to_be_visible()
    assert stat(app, "Sessions") == "1"
    assert stat(app, "Total distance") == "10.2 km"
    page.get_by_label("Athlete").select_option(label="Ada Lovelace")
    expect(page.locator(".section-title")).to_contain_text("Ada Lovelace")
    assert stat(app, "Total time") == "45.5 min"

    nav(page, "Log")
    page.get_by_role("button", name=re.compile("^Edit session of Ada Lovelace")).click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_label("Distance (km)")).to_have_value("10.2")
    dialog.get_by_label("Distance (km)").fill("12")
    dialog.get_by_label("Notes").fill("Tempo, extended")
    dialog.get_by_role("button", name="Save changes").click()
    expect(row).to_contain_text("12 km")
    expect(row).to_contain_text("Tempo, extended")

    nav(page, "Statistics")
    expect(page.locator(".stat-card").first).to_be_visible()
    assert stat(app, "Total distance") == "12 km"

    nav(page, "Log")
    page.get_by_role("button", name=re.compile("^Delete session of Ada Lovelace")).click()
    confirm = page.get_by_role("dialog")
    expect(confirm).to_contain_text("Delete this session?")
    confirm.get_by_role("button", name="Delete session").click()
    expect(page.get_by_text("No sessions yet")).to_be_visible()
    assert app.api("GET", "/v1/training-sessions")["pagination"]["total"] == 0

    assert app.console.errors == []


def test_validation_messages_come_from_the_api(app: App) -> None:
    page = app.page
    app.api("POST", "/v1/athletes", {"name": "Grace"})
    app.open("/log")
    page.get_by_role("button", name="Add session").first.click()
    fill_session(app, athlete="Grace", date="2024-05-02", duration="", distance="-3")
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="Add session").click()

    distance = dialog.get_by_label("Distance (km)")
    expect(distance).to_have_attribute("aria-invalid", "true")
    expect(distance).to_have_accessible_description(re.compile("greater than or equal to 0"))
    expect(dialog.get_by_label("Duration (min)")).to_have_attribute("aria-invalid", "true")
    expect(dialog.get_by_label("Date")).not_to_have_attribute("aria-invalid", "true")

    dialog.get_by_label("Duration (min)").fill("30")
    dialog.get_by_label("Distance (km)").fill("5")
    dialog.get_by_role("button", name="Add session").click()
    expect(page.locator("table.sessions tbody tr")).to_have_count(1)
    assert app.console.unexpected(422) == []


def test_deleting_an_athlete_says_how_many_sessions_go_with_it(app: App) -> None:
    page = app.page
    athlete = app.api("POST", "/v1/athletes", {"name": "Katherine"})
    for day in ("2024-06-01", "2024-06-02"):
        session = {"athlete_id": athlete["id"], "date": day, "duration": 30, "distance": 5}
        app.api("POST", "/v1/training-sessions", session)
    app.open("/athletes")
    page.get_by_role("button", name="Delete Katherine").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Katherine has 2 training sessions")
    dialog.get_by_role("button", name="Cancel").click()
    expect(page.locator(".athlete-row", has_text="Katherine")).to_be_visible()

    page.get_by_role("button", name="Delete Katherine").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete athlete and 2 sessions").click()
    expect(page.get_by_text("No athletes yet")).to_be_visible()
    assert app.api("GET", "/v1/training-sessions")["pagination"]["total"] == 0
    assert app.console.errors == []


def test_rename_athlete_inline(app: App) -> None:
    page = app.page
    app.api("POST", "/v1/athletes", {"name": "Dorothy"})
    app.open("/athletes")
    page.get_by_role("button", name="Edit Dorothy").click()
    editor = page.get_by_role("form", name="Edit Dorothy")
    editor.get_by_label("Name", exact=True).fill("   ")
    editor.get_by_role("button", name="Save").click()
    expect(editor).to_contain_text("Must not be blank.")
    editor.get_by_label("Name", exact=True).fill("Dorothy Hodgkin")
    editor.get_by_label("Name", exact=True).press("Enter")
    expect(page.locator(".athlete-row .athlete-name")).to_have_text("Dorothy Hodgkin")
    assert app.console.unexpected(422) == []


def test_log_filters_and_pages(app: App) -> None:
    page = app.page
    ada = app.api("POST", "/v1/athletes", {"name": "Ada"})
    ben = app.api("POST", "/v1/athletes", {"name": "Ben"})
    for day in range(1, 26):
        body = {
            "athlete_id": ada["id"],
            "date": f"2024-03-{day:02d}",
            "duration": 40,
            "distance": 8,
        }
        app.api("POST", "/v1/training-sessions", body)
    app.api(
        "POST",
        "/v1/training-sessions",
        {"athlete_id": ben["id"], "date": "2024-04-01", "duration": 60, "distance": 30},
    )
    app.open("/log")
    rows = page.locator("table.sessions tbody tr")
    expect(page.get_by_text(showing(1, 20, "26 sessions"))).to_be_visible()
    expect(rows.first).to_contain_text("Ben")
    page.get_by_role("button", name="Older →").click()
    expect(page.get_by_text(showing(21, 26, "26 sessions"))).to_be_visible()
    expect(rows.last).to_contain_text("Mar 1, 2024")
    expect(page.get_by_role("button", name="Older →")).to_be_disabled()

    page.get_by_label("Athlete").select_option(label="Ben")
    expect(page.get_by_text(showing(1, 1, "1 session"))).to_be_visible()
    page.get_by_label("Athlete").select_option(label="All athletes")
    page.get_by_label("From").fill("2024-03-10")
    page.get_by_label("To").fill("2024-03-12")
    expect(page.get_by_text(showing(1, 3, "3 sessions"))).to_be_visible()
    assert "startDate=2024-03-10" in page.url

    page.reload()
    expect(page.get_by_text(showing(1, 3, "3 sessions"))).to_be_visible()
    page.get_by_role("button", name="Clear").click()
    expect(page.get_by_text(showing(1, 20, "26 sessions"))).to_be_visible()
    assert app.console.errors == []


def test_keyboard_only_adds_a_session(app: App) -> None:
    page = app.page
    app.api("POST", "/v1/athletes", {"name": "Hedy"})
    app.open("/log")
    page.get_by_role("button", name="Add session").first.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_label("Athlete")).to_be_focused()
    tab_to(page, dialog.get_by_label("Date"))
    tab_to(page, dialog.get_by_label("Duration (min)"))
    page.keyboard.type("50")
    tab_to(page, dialog.get_by_label("Distance (km)"))
    page.keyboard.type("11")
    page.keyboard.press("Enter")
    expect(page.locator("table.sessions tbody tr")).to_contain_text("11 km")

    page.get_by_role("button", name="Add session").first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("dialog")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_have_count(0)
    assert app.console.errors == []
