"""ETag / If-Match, Idempotency-Key, signed cursors and the rate limit, on both engines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import make_athlete, make_session
from tests.conftest import LOCAL_URL
from tests.store.invariants import assert_consistent, scan_all
from training_tracker.app import create_app
from training_tracker.config import Settings
from training_tracker.store import keys
from training_tracker.store.port import Table


def session_body(athlete_id: str, **fields: object) -> dict[str, object]:
    return {"athlete_id": athlete_id, "date": "2024-05-01", "duration": 30, "distance": 5, **fields}


def test_single_objects_carry_their_version_as_etag(client: TestClient) -> None:
    athlete = client.post("/v1/athletes", json={"name": "Ada"})
    assert athlete.headers["ETag"] == '"1"'
    athlete_id = athlete.json()["id"]
    assert client.get(f"/v1/athletes/{athlete_id}").headers["ETag"] == '"1"'
    renamed = client.put(f"/v1/athletes/{athlete_id}", json={"name": "Ada L"})
    assert renamed.headers["ETag"] == '"2"'
    created = client.post("/v1/training-sessions", json=session_body(athlete_id))
    assert created.status_code == 201
    assert created.headers["ETag"] == '"1"'
    session_id = created.json()["id"]
    assert client.get(f"/v1/training-sessions/{session_id}").headers["ETag"] == '"1"'
    updated = client.put(f"/v1/training-sessions/{session_id}", json=session_body(athlete_id))
    assert updated.headers["ETag"] == '"2"'


def test_stale_if_match_is_412_and_writes_nothing(client: TestClient, table: Table) -> None:
    athlete = make_athlete(client)
    session = make_session(client, athlete["id"])
    url = f"/v1/training-sessions/{session['id']}"
    moved = session_body(athlete["id"], duration=99)
    assert client.put(url, json=moved, headers={"If-Match": '"1"'}).status_code == 200
    before = scan_all(table)
    for header in ('"1"', 'W/"2"', '"nonsense"', '"1", "3"'):
        stale = client.put(url, json=session_body(athlete["id"]), headers={"If-Match": header})
        assert stale.status_code == 412, header
        body = stale.json()
        assert body["error"] == body["detail"]["error"] == "PRECONDITION_FAILED"
        assert body["currentETag"] == '"2"'
        assert client.delete(url, headers={"If-Match": header}).status_code == 412
    assert scan_all(table) == before
    assert client.get(url).json()["duration"] == 99
    ok = client.put(url, json=moved, headers={"If-Match": '"7", "2"'})
    assert ok.status_code == 200
    assert ok.headers["ETag"] == '"3"'
    assert client.delete(url, headers={"If-Match": "*"}).status_code == 204
    assert client.delete(url, headers={"If-Match": "*"}).status_code == 404
    assert_consistent(table)


def test_athlete_if_match(client: TestClient, table: Table) -> None:
    athlete = make_athlete(client)
    url = f"/v1/athletes/{athlete['id']}"
    assert client.put(url, json={"name": "B"}, headers={"If-Match": '"2"'}).status_code == 412
    assert client.put(url, json={"name": "B"}, headers={"If-Match": '"1"'}).status_code == 200
    assert client.delete(url, headers={"If-Match": '"1"'}).status_code == 412
    assert client.get(url).json()["name"] == "B"
    assert client.delete(url, headers={"If-Match": '"2"'}).status_code == 204
    assert_consistent(table)


def _records(table: Table) -> list[dict[str, object]]:
    return [i for i in scan_all(table) if i.get("type") == keys.IDEMPOTENCY_TYPE]


def test_idempotency_key_replays_the_first_answer(client: TestClient, table: Table) -> None:
    athlete = client.post("/v1/athletes", json={"name": "Ada"}, headers={"Idempotency-Key": "a1"})
    again = client.post("/v1/athletes", json={"name": "Ada"}, headers={"Idempotency-Key": "a1"})
    assert again.status_code == 201
    assert again.json() == athlete.json()
    assert again.headers["ETag"] == athlete.headers["ETag"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert len(client.get("/v1/athletes").json()) == 1

    body = session_body(athlete.json()["id"], notes="tempo")
    first = client.post("/v1/training-sessions", json=body, headers={"Idempotency-Key": "s1"})
    second = client.post("/v1/training-sessions", json=body, headers={"Idempotency-Key": "s1"})
    assert (second.status_code, second.json()) == (first.status_code, first.json())
    assert client.get("/v1/training-sessions").json()["pagination"]["total"] == 1

    other = client.post(
        "/v1/training-sessions", json={**body, "notes": "easy"}, headers={"Idempotency-Key": "s1"}
    )
    assert other.status_code == 422
    assert other.json()["error"] == "IDEMPOTENCY_KEY_REUSED"
    elsewhere = client.post("/v1/athletes", json={"name": "Ada"}, headers={"Idempotency-Key": "s1"})
    assert elsewhere.status_code == 422
    # Open mode: every request is the same anonymous admin, whatever Authorization says
    # (keys of different tokens: tests/api/test_headers_and_modes.py).
    theirs = client.post(
        "/v1/training-sessions",
        json=body,
        headers={"Idempotency-Key": "s1", "Authorization": "Bearer someone-else"},
    )
    assert (theirs.status_code, theirs.json()) == (first.status_code, first.json())
    assert theirs.headers["Idempotent-Replayed"] == "true"
    records = _records(table)
    assert all(r["PK"].startswith(keys.IDEMPOTENCY_PREFIX) for r in records)  # type: ignore[union-attr]
    assert all("s1" not in json.dumps(r, default=str) for r in records)  # only hashes are stored
    assert_consistent(table)


def test_expired_records_count_as_absent(table: Table, settings: Settings) -> None:
    app = create_app(settings, table)
    now = [1_000_000.0]
    app.state.idempotency.clock = lambda: now[0]
    with TestClient(app, base_url=LOCAL_URL) as client:
        athlete = client.post("/v1/athletes", json={"name": "A"}, headers={"Idempotency-Key": "k"})
        record = _records(table)[0]
        assert int(record[keys.EXPIRES_AT]) == 1_000_000 + 86_400  # type: ignore[call-overload]
        now[0] += 86_401
        fresh = client.post("/v1/athletes", json={"name": "A"}, headers={"Idempotency-Key": "k"})
        assert fresh.status_code == 201
        assert fresh.json()["id"] != athlete.json()["id"]
        assert len(_records(table)) == 1
        assert len(client.get("/v1/athletes").json()) == 2


def test_a_lost_race_answers_with_the_winners_record(table: Table, settings: Settings) -> None:
    """Two retries that both miss the record: the second's transaction fails on the record's
    condition and it answers as the first did, having created nothing."""
    app = create_app(settings, table)
    store = app.state.idempotency
    real_lookup = store.lookup
    calls = {"n": 0}

    def blind_once(key: object, fingerprint: str) -> object:
        calls["n"] += 1
        return None if calls["n"] == 2 else real_lookup(key, fingerprint)  # type: ignore[arg-type]

    store.lookup = blind_once
    with TestClient(app, base_url=LOCAL_URL) as client:
        athlete = make_athlete(client)
        body = session_body(athlete["id"])
        first = client.post("/v1/training-sessions", json=body, headers={"Idempotency-Key": "r"})
        second = client.post("/v1/training-sessions", json=body, headers={"Idempotency-Key": "r"})
        assert second.status_code == 201
        assert second.json() == first.json()
        assert client.get("/v1/training-sessions").json()["pagination"]["total"] == 1
    assert_consistent(table)


def _pages(client: TestClient, params: dict[str, object]) -> list[list[str]]:
    pages, cursor = [], None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        response = client.get("/v1/training-sessions", params=query)
        assert response.status_code == 200, response.text
        body = response.json()
        pages.append([s["id"] for s in body["data"]])
        cursor = body["pagination"]["nextCursor"]
        assert body["pagination"]["hasMore"] == (cursor is not None)
        if cursor is None:
            return pages


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 3},
        {"limit": 2, "startDate": "2024-01-20", "endDate": "2024-03-02"},
        {"limit": 4, "athlete": 0},
        {"limit": 1, "athlete": 1, "endDate": "2024-02-10"},
    ],
)
def test_cursor_pages_walk_the_same_order_as_offsets(
    client: TestClient, params: dict[str, object]
) -> None:
    athletes = [make_athlete(client, name) for name in ("Ada", "Bo")]
    days = ["2024-01-05", "2024-01-20", "2024-01-20", "2024-02-10", "2024-03-02", "2024-03-31"]
    for n, day in enumerate(days * 2):
        make_session(client, athletes[n % 2]["id"], date=day)
    query = dict(params)
    if "athlete" in query:
        query["athleteId"] = athletes[int(query.pop("athlete"))]["id"]  # type: ignore[call-overload]
    everything = client.get("/v1/training-sessions", params={**query, "limit": 100}).json()
    expected = [s["id"] for s in everything["data"]]
    pages = _pages(client, query)
    assert [i for page in pages for i in page] == expected
    assert all(len(p) == query["limit"] for p in pages[:-1])


def test_tampered_foreign_and_malformed_cursors_are_400(client: TestClient) -> None:
    athlete = make_athlete(client)
    for day in ("2024-01-01", "2024-01-02", "2024-01-03"):
        make_session(client, athlete["id"], date=day)
    cursor = client.get("/v1/training-sessions", params={"limit": 1}).json()["pagination"][
        "nextCursor"
    ]
    payload, signature = cursor.split(".")
    flipped = payload[:-2] + ("A" if payload[-2] != "A" else "B") + payload[-1]
    cases = [
        ({"limit": 1, "cursor": f"{flipped}.{signature}"}, "tampered"),
        ({"limit": 2, "cursor": cursor}, "other limit"),
        ({"limit": 1, "athleteId": athlete["id"], "cursor": cursor}, "other athlete"),
        ({"limit": 1, "cursor": "not-a-cursor"}, "malformed"),
        ({"limit": 1, "cursor": "%%%.%%%"}, "malformed"),
        ({"limit": 1, "offset": 1, "cursor": cursor}, "both"),
    ]
    for params, why in cases:
        response = client.get("/v1/training-sessions", params=params)
        assert response.status_code == 400, why
        assert response.json()["detail"]["error"] == "INVALID_CURSOR", why


def test_cursors_from_another_secret_are_refused(table: Table, tmp_path: Path) -> None:
    def app_with(secret: str) -> TestClient:
        settings = Settings(sqlite_path=tmp_path / "x", cursor_secret=secret)
        return TestClient(create_app(settings, table), base_url=LOCAL_URL)

    with app_with("one") as one, app_with("two") as two:
        athlete = make_athlete(one)
        make_session(one, athlete["id"], date="2024-01-01")
        make_session(one, athlete["id"], date="2024-01-02")
        cursor = one.get("/v1/training-sessions", params={"limit": 1}).json()["pagination"][
            "nextCursor"
        ]
        ok = one.get("/v1/training-sessions", params={"limit": 1, "cursor": cursor})
        assert ok.status_code == 200
        foreign = two.get("/v1/training-sessions", params={"limit": 1, "cursor": cursor})
        assert foreign.status_code == 400


def test_without_a_configured_secret_every_app_on_one_store_accepts_the_others_cursors(
    table: Table, tmp_path: Path
) -> None:
    """Two server processes (or hosts) on one store sign alike with nothing configured."""
    settings = Settings(sqlite_path=tmp_path / "x")
    with (
        TestClient(create_app(settings, table), base_url=LOCAL_URL) as one,
        TestClient(create_app(settings, table), base_url=LOCAL_URL) as two,
    ):
        athlete = make_athlete(one)
        for day in ("2024-01-01", "2024-01-02", "2024-01-03"):
            make_session(one, athlete["id"], date=day)
        cursor = one.get("/v1/training-sessions", params={"limit": 1}).json()["pagination"][
            "nextCursor"
        ]
        page = two.get("/v1/training-sessions", params={"limit": 1, "cursor": cursor})
        assert page.status_code == 200, page.text
        assert [s["date"] for s in page.json()["data"]] == ["2024-01-02"]
        with TestClient(
            create_app(Settings(sqlite_path=tmp_path / "y", cursor_secret="set"), table),
            base_url=LOCAL_URL,
        ) as overridden:
            refused = overridden.get("/v1/training-sessions", params={"limit": 1, "cursor": cursor})
            assert refused.status_code == 400


def test_rate_limit_is_per_client_with_retry_after(table: Table, tmp_path: Path) -> None:
    settings = Settings(sqlite_path=tmp_path / "x", rate_limit_per_minute=5)
    with TestClient(create_app(settings, table), base_url=LOCAL_URL) as client:
        statuses = [client.get("/v1/athletes").status_code for _ in range(7)]
        assert statuses == [200] * 5 + [429] * 2
        limited = client.get("/v1/athletes")
        assert limited.json()["error"] == "RATE_LIMITED"
        assert int(limited.headers["Retry-After"]) >= 1
        # open mode limits by address: a made-up Authorization header buys no new bucket
        # (per-token buckets: tests/api/test_headers_and_modes.py)
        other = client.get("/v1/athletes", headers={"Authorization": "Bearer other"})
        assert other.status_code == 429
        assert client.get("/").status_code == 200  # only /v1 is limited
    unlimited = Settings(sqlite_path=tmp_path / "x", rate_limit_per_minute=0)
    with TestClient(create_app(unlimited, table), base_url=LOCAL_URL) as client:
        assert {client.get("/v1/athletes").status_code for _ in range(50)} == {200}


def test_oversized_body_is_refused_before_it_is_read_whole(client: TestClient) -> None:
    chunks_read = []

    def body() -> object:
        for n in range(2048):  # 2 MB in 1 KB chunks, no Content-Length
            chunks_read.append(n)
            yield b"x" * 1024

    response = client.post(
        "/v1/athletes", content=body(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["error"] == "PAYLOAD_TOO_LARGE"
