from __future__ import annotations

import gzip
import zlib
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.importers.builders import gpx, tcx
from tests.importers.fit_writer import one_hour_run
from training_tracker.importers import ImportLimits, read_upload
from training_tracker.importers.limits import MIB

START = datetime(2024, 3, 9, 8, 0, tzinfo=UTC)
UTC_ZONE = ZoneInfo("UTC")
FIT = one_hour_run(START, seconds=60)


def failure(name, data, limits=None):
    outcomes = read_upload(name, data, UTC_ZONE, limits or ImportLimits())
    assert len(outcomes) == 1
    assert outcomes[0].failure is not None, outcomes[0]
    assert not outcomes[0].activities
    return outcomes[0].failure


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("run.fit", gpx(START), "TYPE_MISMATCH"),
        ("run.gpx", FIT, "TYPE_MISMATCH"),
        ("ride.tcx", gpx(START), "TYPE_MISMATCH"),
        ("run.fit.gz", FIT, "TYPE_MISMATCH"),
        ("run.zip", FIT, "TYPE_MISMATCH"),
        ("photo.fit", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "UNSUPPORTED_FORMAT"),
        ("notes.txt", b"just some text", "UNSUPPORTED_FORMAT"),
        ("x.fit", b"", "EMPTY_FILE"),
        ("run.gpx.gz", gzip.compress(FIT), "TYPE_MISMATCH"),
        ("double.gz", gzip.compress(gzip.compress(FIT)), "NESTED_COMPRESSION"),
        ("cut.fit.gz", gzip.compress(FIT)[:-20], "CORRUPT_FILE"),
        ("bad.fit.gz", b"\x1f\x8b" + b"\x00" * 30, "CORRUPT_FILE"),
    ],
)
def test_files_that_are_not_what_they_say_are_refused(name, data, code):
    assert failure(name, data).code == code


def test_content_decides_when_the_name_says_nothing():
    outcomes = read_upload("upload-1", tcx(START), UTC_ZONE)
    assert outcomes[0].failure is None
    assert outcomes[0].activities
    outcomes = read_upload("upload-2.bin", FIT, UTC_ZONE)
    assert outcomes[0].failure is None
    assert outcomes[0].activities


def test_gzipped_files_of_each_format_are_read():
    for name, data in (("a.fit.gz", FIT), ("b.gpx.gz", gpx(START)), ("c.tcx.gz", tcx(START))):
        (outcome,) = read_upload(name, gzip.compress(data), UTC_ZONE)
        assert outcome.failure is None
        assert len(outcome.activities) == 1
        assert outcome.content == data  # the decompressed original is what is kept


def test_gzip_bomb_is_refused_without_inflating_it_whole():
    bomb = zlib.compressobj(9, zlib.DEFLATED, 31)
    data = bomb.compress(b"\x00" * (200 * MIB)) + bomb.flush()
    assert len(data) < 300_000
    assert failure("bomb.fit.gz", data).code == "GZIP_BOMB"


def test_gzip_over_the_file_cap_is_refused():
    data = gzip.compress(FIT)
    limits = ImportLimits(max_file_bytes=len(FIT) - 1)
    assert failure("run.fit.gz", data, limits).code == "GZIP_BOMB"


def test_a_file_over_the_cap_is_refused_before_reading():
    limits = ImportLimits(max_file_bytes=100)
    assert failure("run.fit", FIT, limits).code == "TOO_LARGE"


def test_concatenated_gzip_members_are_one_file():
    data = gzip.compress(FIT[:100]) + gzip.compress(FIT[100:])
    (outcome,) = read_upload("two-members.fit.gz", data, UTC_ZONE)
    assert outcome.failure is None
    assert outcome.content == FIT
