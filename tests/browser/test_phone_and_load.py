"""Phone width, the load fields, and the training-load views against the real server (and
calmly without it)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlparse

import pytest

from tests.browser.conftest import App, require_playwright

expect = require_playwright()

LONG_NOTE = "Intervals: 6 x 800 m at 5k pace, 400 m jog recoveries, then a long easy cool-down"


def seed(app: App, name: str = "Maria Magdalena Fernández-Oyarzábal", sessions: int = 3) -> str:
    athlete = app.api("POST", "/v1/athletes", {"name": name})
    for i in range(sessions):
        body = {
            "athlete_id": athlete["id"],
            "date": (date.today() - timedelta(days=i * 2)).isoformat(),
            "duration": 47.5 + i,
            "distance": 9.25 + i,
            "notes": LONG_NOTE,
            "sport": "run",
            "rpe": 5 + i,
        }
        app.api("POST", "/v1/training-sessions", body)
    return str(athlete["id"])


def assert_no_horizontal_overflow(app: App) -> None:
    widths = app.page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"page is {widths[0]} px wide in a {widths[1]} px viewport"


@pytest.mark.parametrize("route", ["/log", "/athletes", "/stats", "/board", "/athletes/{id}"])
def test_phone_width_has_no_horizontal_overflow(phone: App, route: str) -> None:
    athlete_id = seed(phone)
    phone.open(route.format(id=athlete_id))
    phone.page.wait_for_load_state("networkidle")
    assert_no_horizontal_overflow(phone)
    if route == "/log":
        expect(phone.page.locator("table.sessions tbody tr")).to_have_count(3)
        phone.page.get_by_role("button", name="Add session").first.click()
        box = phone.page.get_by_role("dialog").bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 375
        assert_no_horizontal_overflow(phone)
    assert phone.console.unexpected(404) == []


def missing_route(route: Any) -> None:
    route.fulfill(status=404, content_type="application/json", body='{"detail":"Not Found"}')


def test_training_load_views_say_calmly_when_the_server_lacks_them(app: App) -> None:
    app.page.route(re.compile(r"/v1/athletes/[^/]+/training-load"), missing_route)
    app.page.route(re.compile(r"/v1/training-load"), missing_route)
    athlete_id = seed(app, "Ada")
    app.open(f"/athletes/{athlete_id}")
    expect(app.page.get_by_text("Not available on this server")).to_be_visible()
    expect(app.page.locator(".stat-card").first).to_contain_text("3")
    expect(app.page.locator(".recent li")).to_have_count(3)

    app.page.get_by_role("navigation", name="Main").get_by_role("link", name="Board").click()
    expect(app.page.get_by_text("Not available on this server")).to_be_visible()
    expect(app.page.locator(".notice-error")).to_have_count(0)
    assert app.console.unexpected(404) == []


ZONE_WORDS = {
    "low": "Low",
    "optimal": "Optimal",
    "high": "High",
    "very-high": "Very high",
    "building": "Building",
}


def number_after(label: str, text: str) -> float:
    """The number the page shows after `label` ("Fitness 12.3", "Form -4.1")."""
    match = re.search(rf"{label} (-?[\d,]+(?:\.\d+)?)", text)
    assert match, f"no {label} in {text!r}"
    return float(match.group(1).replace(",", ""))


def shown(value: float | None) -> str:
    """A number as fmtNumber shows it in en-US: up to two decimals, thousands separators."""
    if value is None:
        return "\u2014"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text


def log_session(app: App, *, day: date, minutes: str, rpe: str, sport: str = "run") -> None:
    """Logs a session through the athlete page's form."""
    page = app.page
    page.get_by_role("button", name="Log a session").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Date").fill(day.isoformat())
    dialog.get_by_label("Duration (min)").fill(minutes)
    dialog.get_by_label("Distance (km)").fill("8")
    dialog.get_by_label("Sport").select_option(sport)
    dialog.get_by_label("Effort (RPE)").select_option(rpe)
    expect(dialog.locator(".load-preview")).to_contain_text(f"= {int(rpe) * int(minutes)}")
    dialog.get_by_role("button", name="Add session").click()
    expect(page.get_by_role("dialog")).to_have_count(0)


def test_training_load_from_sessions_logged_in_the_ui(app: App) -> None:
    page = app.page
    app.open("/athletes")
    page.get_by_label("New athlete's name").fill("Ada")
    page.get_by_label("Resting HR").fill("52")
    page.get_by_label("Max HR").fill("188")
    page.get_by_label("Sex").select_option("female")
    page.get_by_role("button", name="Add athlete").click()
    row = page.locator(".athlete-row", has_text="Ada")
    expect(row).to_contain_text("HR 52\u2013188 bpm \u00b7 female")
    row.get_by_role("link", name="Ada", exact=True).click()
    expect(page.get_by_role("heading", name="Ada", exact=True)).to_be_visible()

    today = date.today()
    sessions = [(8, "60", "6"), (5, "45", "4"), (5, "30", "7"), (1, "50", "8")]
    for days_ago, minutes, rpe in sessions:
        log_session(app, day=today - timedelta(days=days_ago), minutes=minutes, rpe=rpe)
    expect(page.locator(".recent li")).to_have_count(4)
    expect(page.locator(".recent li").first).to_contain_text("Load 400 sRPE")

    athlete_id = urlparse(page.url).fragment.split("/")[2].split("?")[0]
    first = (today - timedelta(days=41)).isoformat()
    # The 42-day range's answer, not one still in flight for the page's default range.
    with page.expect_response(re.compile(rf"/training-load\?.*startDate={first}")) as answer:
        app.open(f"/athletes/{athlete_id}?days=42")
    request_url = urlparse(answer.value.url)
    assert "startDate=" in request_url.query
    body = app.api("GET", f"{request_url.path}?{request_url.query}")
    assert body == answer.value.json()
    days, weeks = body["days"], body["weeks"]
    assert len(days) == 42
    assert days[-1]["date"] == today.isoformat()

    chart = page.locator("svg.load-chart")
    expect(chart).to_be_visible()
    # One bar per day with load: the two sessions five days ago share one.
    expect(chart.locator("rect.bar")).to_have_count(sum(1 for d in days if d["load"]))
    assert sum(1 for d in days if d["load"]) == 3
    expect(chart.locator("path.line")).to_have_count(3)
    for label, key in (("Fitness", "ctl"), ("Fatigue", "atl"), ("Form", "tsb")):
        expect(chart.locator("text.end-label", has_text=label)).to_have_text(
            f"{label} {round(days[-1][key])}"
        )

    readout = page.locator(".chart-readout")
    text = str(readout.text_content())
    assert number_after("Load", text) == days[-1]["load"]
    for label, key in (("Fitness", "ctl"), ("Fatigue", "atl"), ("Form", "tsb")):
        assert abs(number_after(label, text) - days[-1][key]) <= 0.051, (label, text)
    assert f"ACWR {days[-1]['acwr']:.2f}" in text

    chart.focus()
    page.keyboard.press("ArrowLeft")  # yesterday: the RPE 8 x 50 min session
    expect(readout).not_to_have_text(text)
    yesterday = str(readout.text_content())
    assert number_after("Load", yesterday) == days[-2]["load"] == 400
    assert abs(number_after("Fatigue", yesterday) - days[-2]["atl"]) <= 0.051
    page.keyboard.press("End")
    expect(readout).to_have_text(text)

    week_rows = page.locator(".weeks-table tbody tr")
    expect(week_rows).to_have_count(len(weeks))
    for week in weeks:
        cells = page.locator(f'.weeks-table tr[data-week-start="{week["weekStart"]}"] td')
        expect(cells).to_have_text(
            [
                str(week["sessions"]),
                shown(week["load"]),
                shown(week["monotony"]),
                shown(week["strain"]),
            ]
        )
    assert sum(w["sessions"] for w in weeks) == 4

    with page.expect_response(re.compile(r"/training-load\?")) as longer:
        page.get_by_role("button", name="6 months").click()
    assert len(longer.value.json()["days"]) == 182
    expect(chart.locator("rect.bar")).to_have_count(3)
    assert "days=182" in page.url

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Board").click()
    board = app.api("GET", f"/v1/training-load?date={today.isoformat()}")["data"]
    (mine,) = [r for r in board if r["athleteId"] == athlete_id]
    assert mine["acwrZone"] in ZONE_WORDS
    board_row = page.locator("table.board tbody tr", has_text="Ada")
    expect(board_row.locator(".zone")).to_have_text(ZONE_WORDS[mine["acwrZone"]])
    expect(board_row.locator("td").nth(3)).to_have_text(f"{mine['acwr']:.2f}")
    expect(page.get_by_text("rule of thumb, not a diagnosis")).to_be_visible()
    assert app.console.errors == []


def test_board_shows_no_zone_in_words_for_an_athlete_without_load(app: App) -> None:
    seed(app, "Ben", sessions=0)
    app.open("/board")
    row = app.page.locator("table.board tbody tr", has_text="Ben")
    expect(row.locator(".zone")).to_have_text("No data")
    expect(row.locator("td").nth(3)).to_have_text("\u2014")
    assert app.console.errors == []


def test_athlete_profile_errors_are_shown_inline(app: App) -> None:
    page = app.page
    app.open("/athletes")
    page.get_by_label("New athlete's name").fill("Grace")
    page.get_by_label("Resting HR").fill("190")
    page.get_by_label("Max HR").fill("60")
    page.get_by_role("button", name="Add athlete").click()
    resting = page.get_by_label("Resting HR")
    expect(resting).to_have_attribute("aria-invalid", "true")
    expect(resting).to_have_accessible_description("Resting HR must be lower than max HR.")
    page.get_by_label("Resting HR").fill("50")
    page.get_by_label("Max HR").fill("300")
    page.get_by_role("button", name="Add athlete").click()
    expect(page.get_by_label("Max HR")).to_have_accessible_description(
        re.compile("less than or equal to 250")
    )
    expect(resting).not_to_have_attribute("aria-invalid", "true")
    page.get_by_label("Max HR").fill("185")
    page.get_by_role("button", name="Add athlete").click()
    expect(page.locator(".athlete-row", has_text="Grace")).to_contain_text("HR 50\u2013185 bpm")

    # The editor sends every field: clearing a heart rate clears it on the server.
    page.get_by_role("button", name="Edit Grace").click()
    editor = page.get_by_role("form", name="Edit Grace")
    editor.get_by_label("Resting HR").fill("")
    editor.get_by_label("Sex").select_option("female")
    editor.get_by_role("button", name="Save").click()
    expect(page.locator(".athlete-row", has_text="Grace")).to_contain_text(
        "max HR 185 bpm \u00b7 female"
    )
    (grace,) = app.api("GET", "/v1/athletes")
    assert (grace["restingHeartRate"], grace["maxHeartRate"], grace["sex"]) == (None, 185, "female")
    assert app.console.unexpected(422) == []


def test_session_heart_rates_and_load_in_the_log(app: App) -> None:
    page = app.page
    app.api("POST", "/v1/athletes", {"name": "Hedy", "restingHeartRate": 60, "maxHeartRate": 190})
    app.open("/log")
    page.get_by_role("button", name="Add session").first.click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text("Effort 1\u201310 \u00d7 minutes = load")).to_be_visible()
    dialog.get_by_label("Duration (min)").fill("60")
    dialog.get_by_label("Distance (km)").fill("12")
    dialog.get_by_label("Sport").select_option("ride")
    dialog.get_by_label("Avg heart rate (bpm)").fill("170")
    dialog.get_by_label("Max heart rate (bpm)").fill("160")
    dialog.get_by_role("button", name="Add session").click()
    average = dialog.get_by_label("Avg heart rate (bpm)")
    expect(average).to_have_accessible_description(
        "Avg heart rate must not be greater than max heart rate."
    )
    dialog.get_by_label("Avg heart rate (bpm)").fill("151")
    dialog.get_by_label("Max heart rate (bpm)").fill("175")
    dialog.get_by_role("button", name="Add session").click()
    row = page.locator("table.sessions tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator(".c-sport")).to_have_text("Ride")
    # No RPE: the server's heart-rate TRIMP for 60 min at HRr 0.7, male weighting.
    expect(row.locator(".c-load")).to_have_text("103.07 TRIMP")

    page.get_by_role("button", name=re.compile("^Edit session of Hedy")).click()
    dialog = page.get_by_role("dialog")
    expect(dialog.locator(".stored-load")).to_contain_text("103.07 TRIMP")
    dialog.get_by_label("Effort (RPE)").select_option("5")
    expect(dialog.locator(".load-preview")).to_have_text("Load 5 \u00d7 60 min = 300")
    dialog.get_by_role("button", name="Save changes").click()
    expect(row.locator(".c-load")).to_have_text("300 sRPE")
    (session,) = app.api("GET", "/v1/training-sessions")["data"]
    assert (session["rpe"], session["load"], session["loadMethod"]) == (5, 300, "srpe")
    assert (session["avgHeartRate"], session["maxHeartRate"]) == (151, 175)
    assert app.console.unexpected(422) == []
