"""The blob port on both adapters: a real folder and moto's S3."""

from __future__ import annotations

import boto3
import pytest
from moto import mock_aws

from training_tracker.config import Settings
from training_tracker.store.factory import build_originals
from training_tracker.store.originals import FolderOriginals, S3Originals, digest_of


@pytest.fixture(params=["folder", "s3"])
def originals(request, tmp_path):
    if request.param == "folder":
        yield FolderOriginals(tmp_path / "originals")
        return
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket="originals-test")
        yield S3Originals(client, "originals-test")


def test_put_get_delete(originals):
    digest = originals.put("athlete-1", b"FIT bytes", "application/vnd.ant.fit")
    assert digest == digest_of(b"FIT bytes")
    stored = originals.get("athlete-1", digest)
    assert stored is not None
    assert (stored.data, stored.content_type) == (b"FIT bytes", "application/vnd.ant.fit")
    assert originals.get("athlete-2", digest) is None  # one athlete's blobs only
    originals.delete("athlete-1", digest)
    assert originals.get("athlete-1", digest) is None
    originals.delete("athlete-1", digest)  # deleting twice is fine


def test_putting_the_same_bytes_twice_keeps_one(originals):
    first = originals.put("a", b"same", "text/csv")
    assert originals.put("a", b"same", "text/csv") == first
    originals.delete("a", first)
    assert originals.get("a", first) is None


def test_delete_athlete_removes_only_theirs(originals):
    mine = [originals.put("a", bytes([n]) * 10, "x/y") for n in range(3)]
    theirs = originals.put("b", b"\x00" * 10, "x/y")
    originals.delete_athlete("a")
    assert all(originals.get("a", d) is None for d in mine)
    assert originals.get("b", theirs) is not None


@pytest.mark.parametrize("digest", ["../../etc/passwd", "ABC", "0" * 63, "g" * 64])
def test_only_digests_address_a_blob(originals, digest):
    with pytest.raises(ValueError, match="SHA-256"):
        originals.get("a", digest)


def test_odd_athlete_ids_stay_inside_the_folder(tmp_path):
    store = FolderOriginals(tmp_path / "o")
    digest = store.put("../../escape", b"x", "x/y")
    inside = list((tmp_path / "o").rglob(digest))
    assert len(inside) == 1
    assert store.get("../../escape", digest) is not None
    assert not (tmp_path / "escape").exists()


def test_settings_choose_the_adapter(tmp_path):
    assert isinstance(build_originals(Settings(originals_path=tmp_path)), FolderOriginals)
    with mock_aws():
        chosen = build_originals(Settings(originals_bucket="b"))
        assert isinstance(chosen, S3Originals)
        assert chosen.describe() == "S3 bucket b"
