"""The v1 athlete endpoints, through the app, on every engine."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.helpers import make_athlete, make_session


def test_root_describes_the_api(client: TestClient) -> None:
    body = client.get("/").json()
    assert body["name"] == "Training Sessions API"
    assert body["docs"] == "/docs"
    assert body["version"]
    assert client.get("/docs").status_code == 200
    assert client.get("/openapi.json").json()["info"]["title"] == "Training Sessions API"


def test_create_get_and_list_sorted_by_name_case_insensitively(client: TestClient) -> None:
    names = ["bob", "Ann", "ann b", "Zed", "ann"]
    created = [make_athlete(client, name) for name in names]
    assert client.get(f"/v1/athletes/{created[0]['id']}").json() == created[0]
    listed = client.get("/v1/athletes").json()
    expected = sorted(created, key=lambda a: (a["name"].lower(), a["id"]))
    assert listed == expected
    assert [a["name"].lower() for a in listed] == ["ann", "ann", "ann b", "bob", "zed"]


def test_missing_athlete_is_404_with_both_error_shapes(client: TestClient) -> None:
    response = client.get("/v1/athletes/nope")
    assert response.status_code == 404
    body = response.json()
    assert body["error"] == "NOT_FOUND"
    assert body["message"] == "Athlete with id 'nope' not found"
    assert body["detail"] == {"error": "NOT_FOUND", "message": "Athlete with id 'nope' not found"}
    for method in ("put", "delete"):
        kwargs = {"json": {"name": "x"}} if method == "put" else {}
        assert getattr(client, method)("/v1/athletes/nope", **kwargs).status_code == 404
    assert client.get("/v1/athletes/nope/statistics").status_code == 404
    assert client.get("/v1/athletes").json() == []


def test_rename_refreshes_the_name_in_every_session(client: TestClient) -> None:
    athlete = make_athlete(client, "Old Name")
    sessions = [make_session(client, athlete["id"], date=f"2024-05-{d:02d}") for d in range(1, 8)]
    response = client.put(f"/v1/athletes/{athlete['id']}", json={"name": "New Name"})
    assert response.json() == {**athlete, "name": "New Name"}
    for session in sessions:
        assert (
            client.get(f"/v1/training-sessions/{session['id']}").json()["athlete_name"]
            == "New Name"
        )
    listed = client.get("/v1/training-sessions", params={"athleteId": athlete["id"]}).json()["data"]
    assert {s["athlete_name"] for s in listed} == {"New Name"}
    assert client.get("/v1/athletes").json() == [{**athlete, "name": "New Name"}]


def test_delete_with_sessions_needs_cascade(client: TestClient) -> None:
    athlete = make_athlete(client)
    session = make_session(client, athlete["id"])
    make_session(client, athlete["id"], date="2024-06-01")
    response = client.delete(f"/v1/athletes/{athlete['id']}")
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "ATHLETE_HAS_SESSIONS"
    assert body["sessionCount"] == 2
    assert body["detail"]["sessionCount"] == 2
    assert body["detail"]["error"] == "ATHLETE_HAS_SESSIONS"
    assert client.get(f"/v1/athletes/{athlete['id']}").status_code == 200
    assert (
        client.delete(f"/v1/athletes/{athlete['id']}", params={"cascade": "false"}).status_code
        == 400
    )

    assert (
        client.delete(f"/v1/athletes/{athlete['id']}", params={"cascade": "true"}).status_code
        == 204
    )
    assert client.get(f"/v1/athletes/{athlete['id']}").status_code == 404
    assert client.get(f"/v1/training-sessions/{session['id']}").status_code == 404
    assert client.get("/v1/training-sessions").json()["pagination"]["total"] == 0
    assert client.get("/v1/training-sessions/statistics").json()["totalSessions"] == 0


def test_delete_athlete_without_sessions(client: TestClient) -> None:
    athlete = make_athlete(client)
    session = make_session(client, athlete["id"])
    assert client.delete(f"/v1/training-sessions/{session['id']}").status_code == 204
    assert client.delete(f"/v1/athletes/{athlete['id']}").status_code == 204
    assert client.get(f"/v1/athletes/{athlete['id']}").status_code == 404
    assert client.delete(f"/v1/athletes/{athlete['id']}").status_code == 404


def test_athlete_statistics(client: TestClient) -> None:
    athlete = make_athlete(client)
    other = make_athlete(client, "Other")
    make_session(client, athlete["id"], date="2024-05-01", duration=30, distance=5)
    make_session(client, athlete["id"], date="2024-05-03", duration=60, distance=12.5)
    make_session(client, other["id"], date="2024-05-03", duration=100, distance=1)
    stats = client.get(f"/v1/athletes/{athlete['id']}/statistics").json()
    assert stats == {
        "totalSessions": 2,
        "totalDuration": 90.0,
        "totalDistance": 17.5,
        "averageDuration": 45.0,
        "averageDistance": 8.75,
        "averagePace": 5.14,
    }
    ranged = client.get(
        f"/v1/athletes/{athlete['id']}/statistics", params={"startDate": "2024-05-02"}
    ).json()
    assert ranged["totalSessions"] == 1
    assert ranged["totalDistance"] == 12.5


def test_bad_athlete_bodies_are_422_and_store_nothing(client: TestClient) -> None:
    bad = [
        {},
        {"name": ""},
        {"name": 5},
        {"name": "a" * 201},
        {"name": "tab\there"},
        {"name": "   "},
    ]
    for body in bad:
        assert client.post("/v1/athletes", json=body).status_code == 422, body
    response = client.post(
        "/v1/athletes", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert client.get("/v1/athletes").json() == []


def test_athletes_by_page_follow_the_link_and_read_only_their_page(client: TestClient) -> None:
    names = ["bo", "Ann", "cy", "ann", "Dee"]
    for name in names:
        assert client.post("/v1/athletes", json={"name": name}).status_code == 201
    everyone = client.get("/v1/athletes")
    assert "link" not in everyone.headers  # v1: without limit, every athlete, no header
    expected = [a["id"] for a in everyone.json()]
    seen: list[str] = []
    url: str | None = "/v1/athletes?limit=2"
    while url is not None:
        page = client.get(url)
        assert page.status_code == 200, page.text
        assert len(page.json()) <= 2
        seen += [a["id"] for a in page.json()]
        link = page.headers.get("link")
        url = None if link is None else link.split(">")[0].lstrip("<")
        assert link is None or link.endswith('; rel="next"')
    assert seen == expected  # same order, nobody twice or left out
    assert client.get("/v1/athletes", params={"limit": 5}).headers.get("link") is None


def test_an_athletes_cursor_is_checked(client: TestClient) -> None:
    for name in ("a", "b", "c"):
        client.post("/v1/athletes", json={"name": name})
    link = client.get("/v1/athletes", params={"limit": 1}).headers["link"]
    cursor = link.split("cursor=")[1].split(">")[0]
    for params in (
        {"limit": 2, "cursor": cursor},  # another page size
        {"cursor": cursor},  # no limit
        {"limit": 1, "cursor": cursor[:-3] + "xyz"},  # altered
    ):
        refused = client.get("/v1/athletes", params=params)
        assert refused.status_code == 400, params
        assert refused.json()["error"] == "INVALID_CURSOR"
