"""Deleting imported sessions releases their file: keys, and the original with the last leg.
Originals on both adapters: the folder and moto's S3."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from fastapi.testclient import TestClient
from moto import mock_aws

from tests.api.helpers import make_athlete
from tests.api.test_imports import upload
from tests.conftest import LOCAL_URL
from tests.importers.fit_writer import FitWriter, one_hour_run
from training_tracker.app import create_app
from training_tracker.config import Settings
from training_tracker.store import keys
from training_tracker.store.originals import S3Originals, digest_of
from training_tracker.store.port import SortKeyCondition, Table

START = datetime(2024, 6, 1, 6, 0, tzinfo=UTC)
RUN = one_hour_run(START, seconds=200)


def _triathlon() -> bytes:
    writer = FitWriter().file_id(created=START + timedelta(hours=5))
    for sport in ("swimming", "cycling", "running"):
        writer.session(START, sport=sport, timer_s=600, elapsed_s=600, distance_m=1000)
    return writer.bytes()


def _import_items(table: Table, athlete_id: str) -> list[dict[str, Any]]:
    return table.query(
        partition=keys.athlete_partition(athlete_id),
        sort=SortKeyCondition(begins_with=keys.IMPORT_PREFIX),
        limit=100,
    ).items


def _blob(client: TestClient, athlete_id: str, data: bytes) -> Any:
    return client.app.state.imports.originals.get(athlete_id, digest_of(data))  # type: ignore[attr-defined]


def test_deleting_an_imported_session_lets_the_file_in_again(client: TestClient) -> None:
    athlete = make_athlete(client)
    session = upload(client, athlete["id"], ("run.fit", RUN))["files"][0]["sessions"][0]
    assert _blob(client, athlete["id"], RUN) is not None
    assert client.delete(f"/v1/training-sessions/{session['id']}").status_code == 204
    assert _blob(client, athlete["id"], RUN) is None
    assert _import_items(client.app.state.table, athlete["id"]) == []  # type: ignore[attr-defined]
    again = upload(client, athlete["id"], ("run.fit", RUN))["files"][0]
    assert again["status"] == "created"


def test_the_original_stays_until_the_last_leg_goes(client: TestClient) -> None:
    athlete = make_athlete(client)
    tri = _triathlon()
    legs = upload(client, athlete["id"], ("tri.fit", tri))["files"][0]["sessions"]
    assert client.delete(f"/v1/training-sessions/{legs[0]['id']}").status_code == 204
    still = upload(client, athlete["id"], ("tri.fit", tri))["files"][0]
    assert still["status"] == "duplicate"
    assert {r["id"] for r in still["duplicateOf"]} == {legs[1]["id"], legs[2]["id"]}
    original = client.get(f"/v1/training-sessions/{legs[2]['id']}/original")
    assert original.status_code == 200
    assert original.content == tri
    for leg in legs[1:]:
        assert client.delete(f"/v1/training-sessions/{leg['id']}").status_code == 204
    assert _blob(client, athlete["id"], tri) is None
    assert upload(client, athlete["id"], ("tri.fit", tri))["files"][0]["status"] == "created"


def test_cascade_delete_removes_keys_and_originals(client: TestClient) -> None:
    athlete = make_athlete(client)
    upload(client, athlete["id"], ("run.fit", RUN), ("tri.fit", _triathlon()))
    table = client.app.state.table  # type: ignore[attr-defined]
    assert len(_import_items(table, athlete["id"])) == 4  # two keys per file
    deleted = client.delete(f"/v1/athletes/{athlete['id']}", params={"cascade": "true"})
    assert deleted.status_code == 204
    assert _import_items(table, athlete["id"]) == []
    assert _blob(client, athlete["id"], RUN) is None


def test_editing_an_imported_session_keeps_its_source(client: TestClient) -> None:
    athlete = make_athlete(client)
    session = upload(client, athlete["id"], ("run.fit", RUN))["files"][0]["sessions"][0]
    body = {"athlete_id": athlete["id"], "date": "2024-06-01", "duration": 61, "distance": 10}
    assert client.put(f"/v1/training-sessions/{session['id']}", json=body).status_code == 200
    assert client.get(f"/v1/training-sessions/{session['id']}/original").content == RUN
    assert upload(client, athlete["id"], ("run.fit", RUN))["files"][0]["status"] == "duplicate"


@pytest.fixture
def s3_client(tmp_path: Any) -> Iterator[tuple[TestClient, Any]]:
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="originals")
        settings = Settings(sqlite_path=tmp_path / "store.sqlite3", originals_bucket="originals")
        with TestClient(
            create_app(settings, originals=S3Originals(s3, "originals")), base_url=LOCAL_URL
        ) as client:
            yield client, s3


def test_originals_in_s3(s3_client: tuple[TestClient, Any]) -> None:
    client, s3 = s3_client
    athlete = make_athlete(client)
    session = upload(client, athlete["id"], ("run.fit", RUN))["files"][0]["sessions"][0]
    listed = s3.list_objects_v2(Bucket="originals")["Contents"]
    assert [o["Key"] for o in listed] == [f"originals/{athlete['id']}/{digest_of(RUN)}"]
    download = client.get(f"/v1/training-sessions/{session['id']}/original")
    assert download.content == RUN
    assert download.headers["content-type"] == "application/vnd.ant.fit"
    client.delete(f"/v1/training-sessions/{session['id']}")
    assert s3.list_objects_v2(Bucket="originals").get("KeyCount") == 0
