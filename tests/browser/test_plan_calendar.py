"""The week calendar (plan, move, log as done, delete) and the projection drawn dashed, with
form on race day, against the real server."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from tests.browser.conftest import App, require_playwright

expect = require_playwright()


def day_cell(app: App, day: date) -> Any:
    return app.page.locator(f'section.cal-day[data-date="{day.isoformat()}"]')


def plans_of(app: App, athlete_id: str, day: date) -> list[dict[str, Any]]:
    params = f"startDate={day.isoformat()}&endDate={day.isoformat()}"
    body = app.api("GET", f"/v1/athletes/{athlete_id}/planned-sessions?{params}")
    return list(body["data"])


def test_plan_move_log_and_delete_in_the_calendar(app: App) -> None:
    athlete = app.api("POST", "/v1/athletes", {"name": "Cal"})
    today = date.today()
    wednesday = today - timedelta(days=today.weekday()) + timedelta(days=2)
    thursday = wednesday + timedelta(days=1)
    app.open(f"/athletes/{athlete['id']}")
    page = app.page
    cell = day_cell(app, wednesday)
    expect(cell).to_be_visible()
    cell.get_by_role("button", name=re.compile("^Plan a session on")).click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_label("Date")).to_have_value(wednesday.isoformat())
    dialog.get_by_label("Planned minutes").fill("60")
    dialog.get_by_label("Planned RPE").select_option("5")
    dialog.get_by_label("Title").fill("Tempo")
    dialog.get_by_role("button", name="Add plan").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    planned = cell.locator(".cal-item.planned")
    expect(planned).to_contain_text("Tempo")
    expect(planned).to_contain_text("load 300")  # RPE 5 x 60 min
    (plan,) = plans_of(app, athlete["id"], wednesday)
    assert plan["plannedLoad"] == 300

    page.get_by_role("button", name="Move Tempo a day later").click()
    expect(day_cell(app, thursday).locator(".cal-item.planned")).to_contain_text("Tempo")
    expect(cell.locator(".cal-item")).to_have_count(0)
    assert plans_of(app, athlete["id"], wednesday) == []
    assert [p["id"] for p in plans_of(app, athlete["id"], thursday)] == [plan["id"]]

    page.get_by_role("button", name="Log Tempo as done").click()
    done = day_cell(app, thursday).locator(".cal-item.done")
    expect(done).to_contain_text("load 300")
    expect(day_cell(app, thursday).locator(".cal-item.planned")).to_have_count(0)
    sessions = app.api("GET", f"/v1/training-sessions?athleteId={athlete['id']}")["data"]
    assert [(s["date"], s["duration"], s["rpe"], s["load"]) for s in sessions] == [
        (thursday.isoformat(), 60, 5, 300)
    ]
    (completed,) = plans_of(app, athlete["id"], thursday)  # kept, marked done by the session
    assert completed["sessionId"] == sessions[0]["id"]

    day_cell(app, wednesday).get_by_role("button", name=re.compile("^Plan a session")).click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Planned minutes").fill("30")
    dialog.get_by_label("Planned load").fill("45")
    dialog.get_by_label("Title").fill("Easy")
    dialog.get_by_role("button", name="Add plan").click()
    expect(cell.locator(".cal-item.planned")).to_contain_text("load 45")
    page.get_by_role("button", name="Delete plan Easy").click()
    expect(cell.locator(".cal-item")).to_have_count(0)
    assert plans_of(app, athlete["id"], wednesday) == []
    assert app.console.errors == []


def test_a_bad_plan_shows_the_servers_message(app: App) -> None:
    athlete = app.api("POST", "/v1/athletes", {"name": "Cal"})
    app.open(f"/athletes/{athlete['id']}")
    page = app.page
    page.get_by_role("button", name=re.compile("^Plan a session on")).first.click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Planned minutes").fill("-5")
    dialog.get_by_role("button", name="Add plan").click()
    expect(dialog.locator(".field.invalid")).to_have_count(1)
    expect(dialog).to_contain_text("greater than or equal to 0")
    assert app.console.unexpected(422) == []


def test_the_projection_is_dashed_and_race_day_form_shown(app: App) -> None:
    athlete = app.api("POST", "/v1/athletes", {"name": "Ray"})
    today = date.today()
    session = {"athlete_id": athlete["id"], "date": today.isoformat(), "duration": 60}
    app.api("POST", "/v1/training-sessions", {**session, "distance": 10, "rpe": 6})
    race = today + timedelta(days=10)
    for offset, load in ((3, 400), (6, 300), (10, 50)):
        plan = {"date": (today + timedelta(days=offset)).isoformat(), "duration": 60, "load": load}
        app.api("POST", f"/v1/athletes/{athlete['id']}/planned-sessions", plan)
    page = app.page
    with page.expect_response(re.compile(r"/training-load\?")) as answer:
        app.open(f"/athletes/{athlete['id']}?days=42")
    days = answer.value.json()["days"]
    assert days[-1]["date"] == race.isoformat()
    projected = [d for d in days if d["projected"]]
    assert len(projected) == 10
    assert [d["load"] for d in projected if d["load"]] == [400, 300, 50]
    chart = page.locator("svg.load-chart")
    expect(chart.locator("path.line.projected")).to_have_count(3)
    expect(chart.locator("path.line:not(.projected)")).to_have_count(3)
    expect(chart.locator("rect.bar.planned")).to_have_count(3)

    page.get_by_label("Race day").fill(race.isoformat())
    page.get_by_label("Race day").dispatch_event("change")
    result = page.locator(".race-day-result")
    expect(result).to_contain_text("(projected from the plan)")
    tsb = days[-1]["tsb"]
    expect(result.locator(".race-form")).to_contain_text(f"{'+' if tsb > 0 else ''}{tsb:g}")
    assert app.console.errors == []
