"""Phone width, and the training-load views with and without the server's support."""

from __future__ import annotations

import json
import math
import re
from datetime import date, timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

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


def load_days(start: date, end: date) -> list[dict[str, Any]]:
    """A plausible training-load series: the UI only draws what the server computes."""
    days, ctl, atl = [], 0.0, 0.0
    current = start
    while current <= end:
        load = 0.0 if current.weekday() in (0, 4) else 40.0 + 25 * (current.day % 5)
        tsb = ctl - atl
        ctl += (load - ctl) * (1 - math.exp(-1 / 42))
        atl += (load - atl) * (1 - math.exp(-1 / 7))
        acwr = round(atl / ctl, 2) if ctl else None
        days.append(
            {
                "date": current.isoformat(),
                "load": load,
                "atl": round(atl, 2),
                "ctl": round(ctl, 2),
                "tsb": round(tsb, 2),
                "acwr": acwr,
            }
        )
        current += timedelta(days=1)
    return days


def fake_training_load(route: Any) -> None:
    query = parse_qs(urlparse(route.request.url).query)
    start, end = date.fromisoformat(query["startDate"][0]), date.fromisoformat(query["endDate"][0])
    body = {
        "athleteId": "x",
        "startDate": str(start),
        "endDate": str(end),
        "days": load_days(start, end),
        "weeks": [],
    }
    route.fulfill(status=200, content_type="application/json", body=json.dumps(body))


def test_training_load_chart_draws_the_servers_series(app: App) -> None:
    app.page.route(re.compile(r"/v1/athletes/[^/]+/training-load"), fake_training_load)
    athlete_id = seed(app, "Ada")
    app.open(f"/athletes/{athlete_id}?days=42")
    chart = app.page.locator("svg.load-chart")
    expect(chart).to_be_visible()
    expected_bars = sum(
        1 for d in load_days(date.today() - timedelta(days=41), date.today()) if d["load"]
    )
    expect(chart.locator("rect.bar")).to_have_count(expected_bars)
    expect(chart.locator("path.line")).to_have_count(3)
    for label in ("Fitness", "Fatigue", "Form"):
        expect(chart.locator("text.end-label", has_text=label)).to_have_count(1)

    readout = app.page.locator(".chart-readout")
    today = readout.text_content()
    chart.focus()
    app.page.keyboard.press("ArrowLeft")
    expect(readout).not_to_have_text(today)
    app.page.keyboard.press("End")
    expect(readout).to_have_text(today)

    app.page.get_by_role("button", name="6 months").click()
    expect(chart.locator("rect.bar")).not_to_have_count(expected_bars)
    assert "days=182" in app.page.url
    assert app.console.errors == []


def test_coach_board_lists_every_athlete(app: App) -> None:
    rows = [
        {
            "athleteId": "a",
            "name": "Ada",
            "atl": 61.2,
            "ctl": 48.0,
            "tsb": -9.5,
            "acwr": 1.27,
            "acwrZone": "optimal",
        },
        {
            "athleteId": "b",
            "name": "Ben",
            "atl": 80.0,
            "ctl": 50.0,
            "tsb": -22.1,
            "acwr": 1.6,
            "acwrZone": "very-high",
        },
    ]
    body = {"data": rows, "pagination": {"total": 2, "limit": 50, "offset": 0, "hasMore": False}}
    app.page.route(
        re.compile(r"/v1/training-load"),
        lambda route: route.fulfill(
            status=200, content_type="application/json", body=json.dumps(body)
        ),
    )
    app.open("/board?date=2024-05-01")
    table = app.page.locator("table.board tbody tr")
    expect(table).to_have_count(2)
    expect(table.first).to_contain_text("Optimal")
    expect(table.last).to_contain_text("Very high")
    expect(app.page.get_by_label("Date", exact=True)).to_have_value("2024-05-01")
    assert app.console.errors == []
