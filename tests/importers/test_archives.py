from __future__ import annotations

import gzip
import io
import struct
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from tests.importers.builders import gpx, strava_csv, tcx, zipped
from tests.importers.fit_writer import one_hour_run
from training_tracker.domain.load import Sport
from training_tracker.importers import ImportLimits, read_upload
from training_tracker.importers.archive import unsafe_name
from training_tracker.importers.limits import MIB

START = datetime(2024, 6, 1, 6, 0, tzinfo=UTC)
UTC_ZONE = ZoneInfo("UTC")
FIT = one_hour_run(START, seconds=120)


def by_name(outcomes):
    return {o.name: o for o in outcomes}


def strava_export():
    rows = [
        {
            "Activity ID": "1001",
            "Activity Date": "Jun 1, 2024, 6:00:00 AM",
            "Activity Name": "Easy run",
            "Activity Type": "Run",
            "Activity Description": "legs heavy",
            "Filename": "activities/1001.fit.gz",
            "Perceived Exertion": "4.0",
        },
        {
            "Activity ID": "1002",
            "Activity Date": "Jun 2, 2024, 5:30:00 PM",
            "Activity Name": "Gym",
            "Activity Type": "Weight Training",
            "Elapsed s": "3600",
            "Moving Time": "3000",
            "Distance km": "0",
            "Distance m": "0",
            "Average Heart Rate": "110",
            "Max HR": "150",
            "Perceived Exertion": "7",
        },
        {
            "Activity ID": "1003",
            "Activity Date": "Jun 3, 2024, 7:00:00 AM",
            "Activity Name": "Commute",
            "Activity Type": "Ride",
            "Filename": "activities/1003.gpx",
        },
        {"Activity ID": "1004", "Activity Date": "someday"},
        {
            "Activity ID": "1005",
            "Activity Date": "Jun 5, 2024, 7:00:00 AM",
            "Activity Type": "Ride",
            "Filename": "activities/1005.tcx",
            "Elapsed s": "1200",
            "Distance m": "8000",
        },
    ]
    return zipped(
        {
            "activities.csv": strava_csv(rows),
            "activities/1001.fit.gz": gzip.compress(FIT),
            "activities/1003.gpx": gpx(datetime(2024, 6, 3, 7, tzinfo=UTC), kind="cycling"),
            "activities/1005.tcx": b"<TrainingCenterDatabase><oops",
            "media/photo.jpg": b"\xff\xd8\xff\xe0 not read",
            "profile.csv": b"a,b\n1,2\n",
        }
    )


def test_strava_export_combines_files_with_the_csv():
    outcomes = by_name(read_upload("export_123.zip", strava_export(), ZoneInfo("Europe/Paris")))
    run = outcomes["export_123.zip/activities/1001.fit.gz"]
    assert run.failure is None
    (activity,) = run.activities
    assert activity.notes() == "Easy run — legs heavy"
    assert activity.rpe == 4
    assert "strava:1001" in activity.dedupe_keys
    assert activity.distance == Decimal("10.000")  # figures from the file's session

    gym = outcomes["strava activity 1002"]
    (session,) = gym.activities
    assert session.sport is Sport.STRENGTH
    assert session.duration == Decimal("50.00")
    assert session.elapsed == Decimal("60.00")
    assert session.date == date(2024, 6, 2)
    assert session.start is not None
    assert session.start.hour == 19
    assert (session.avg_heart_rate, session.max_heart_rate, session.rpe) == (110, 150, 7)
    assert session.dedupe_keys == ("strava:1002",)

    ride = outcomes["export_123.zip/activities/1003.gpx"]
    assert ride.activities[0].sport is Sport.RIDE
    assert ride.activities[0].name == "Commute"

    bad_date = outcomes["activities.csv:5"]
    assert bad_date.failure is not None
    assert "Activity Date" in bad_date.failure.message

    # An unreadable file falls back to what the CSV says, with a warning.
    broken = outcomes["export_123.zip/activities/1005.tcx"]
    (fallback,) = broken.activities
    assert fallback.distance == Decimal("8.000")
    assert fallback.warnings
    assert "could not be read" in fallback.warnings[0]

    assert not any("photo" in name or "profile" in name for name in outcomes)


def test_strava_row_whose_file_is_missing_comes_from_the_csv():
    rows = [
        {
            "Activity ID": "7",
            "Activity Date": "Jan 5, 2024, 7:03:11 AM",
            "Filename": "activities/7.fit.gz",
            "Moving Time": "600",
            "Distance m": "2000",
        }
    ]
    outcomes = read_upload("s.zip", zipped({"activities.csv": strava_csv(rows)}), UTC_ZONE)
    (only,) = outcomes
    assert only.activities[0].duration == Decimal("10.00")
    assert "missing" in only.activities[0].warnings[0]


def test_strava_export_inside_a_top_folder_is_recognised():
    rows = [
        {
            "Activity ID": "9",
            "Activity Date": "Jan 5, 2024, 7:03:11 AM",
            "Activity Name": "Tempo",
            "Filename": "activities/9.fit",
        }
    ]
    data = zipped({"export/activities.csv": strava_csv(rows), "export/activities/9.fit": FIT})
    (outcome,) = read_upload("s.zip", data, UTC_ZONE)
    assert outcome.activities[0].name == "Tempo"
    assert "strava:9" in outcome.activities[0].dedupe_keys


def test_garmin_export_reads_fit_files_in_nested_zips():
    part1 = zipped(
        {"a@garmin.com_1.fit": FIT, "a@garmin.com_2.fit": one_hour_run(START, seconds=90)}
    )
    part2 = zipped({"a@garmin.com_3.fit": b"\x0e\x20junk"})
    outer = zipped(
        {
            "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip": part1,
            "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part2.zip": part2,
            "DI_CONNECT/DI-Connect-User/user_profile.json": b"{}",
        },
        method=zipfile.ZIP_STORED,
    )
    outcomes = read_upload("garmin.zip", outer, UTC_ZONE)
    good = [o for o in outcomes if o.failure is None]
    bad = [o for o in outcomes if o.failure is not None]
    assert len(good) == 2
    assert len(bad) == 1
    assert good[0].name.startswith("garmin.zip/DI_CONNECT/")
    assert good[0].name.endswith("_1.fit")
    assert bad[0].failure is not None
    assert bad[0].failure.code == "TYPE_MISMATCH"


def test_a_plain_zip_of_mixed_files():
    data = zipped({"a.fit": FIT, "b.gpx": gpx(START), "c.tcx.gz": gzip.compress(tcx(START))})
    outcomes = read_upload("mix.zip", data, UTC_ZONE)
    assert [o.failure for o in outcomes] == [None, None, None]
    assert [o.activities[0].source_format for o in outcomes] == ["fit", "gpx", "tcx"]


def test_nesting_deeper_than_the_limit_is_refused():
    data = zipped({"a.fit": FIT})
    for level in range(3):
        data = zipped({f"level{level}.zip": data})
    outcomes = read_upload("deep.zip", data, UTC_ZONE)
    (outcome,) = outcomes
    assert outcome.failure is not None
    assert outcome.failure.code == "TOO_DEEP"
    shallow = read_upload("ok.zip", zipped({"in.zip": zipped({"a.fit": FIT})}), UTC_ZONE)
    assert shallow[0].failure is None


def test_zip_bomb_by_ratio_is_refused_entry_by_entry():
    data = zipped({"bomb.fit": b"\x00" * (50 * MIB), "ok.fit": FIT})
    outcomes = by_name(read_upload("b.zip", data, UTC_ZONE))
    assert outcomes["b.zip/bomb.fit"].failure.code == "ZIP_BOMB"
    assert outcomes["b.zip/ok.fit"].failure is None


def _lie_about_size(data: bytes, entry: str, size: int) -> bytes:
    """Rewrites the declared uncompressed size of one entry in both headers."""
    patched = bytearray(data)
    name = entry.encode()
    local = patched.find(b"PK\x03\x04" + b"")
    while local != -1:
        name_len = struct.unpack_from("<H", patched, local + 26)[0]
        if patched[local + 30 : local + 30 + name_len] == name:
            struct.pack_into("<I", patched, local + 22, size)
        local = patched.find(b"PK\x03\x04", local + 4)
    central = patched.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", patched, central + 28)[0]
        if patched[central + 46 : central + 46 + name_len] == name:
            struct.pack_into("<I", patched, central + 24, size)
        central = patched.find(b"PK\x01\x02", central + 4)
    return bytes(patched)


def test_an_entry_that_lies_about_its_size_is_stopped_at_the_cap():
    payload = b"\x00" * (3 * MIB)
    data = _lie_about_size(zipped({"liar.fit": payload}), "liar.fit", 1000)
    (outcome,) = read_upload("l.zip", data, UTC_ZONE)
    assert outcome.failure is not None
    assert outcome.failure.code in {"ZIP_BOMB", "CORRUPT_FILE"}


def test_archive_total_cap_stops_reading_and_says_so():
    files = {f"{n}.gpx": gpx(START, name=f"run {n}") for n in range(5)}
    limits = ImportLimits(max_archive_bytes=len(files["0.gpx"]) * 2 + 10)
    outcomes = read_upload("big.zip", zipped(files), UTC_ZONE, limits)
    assert [o.failure is None for o in outcomes] == [True, True, False]
    assert outcomes[-1].failure.code == "ARCHIVE_TOO_LARGE"


def test_too_many_entries_refuses_the_archive():
    data = zipped({f"{n}.txt": b"x" for n in range(30)})
    (outcome,) = read_upload("many.zip", data, UTC_ZONE, ImportLimits(max_archive_entries=20))
    assert outcome.failure is not None
    assert outcome.failure.code == "TOO_MANY_ENTRIES"


@pytest.mark.parametrize(
    "name", ["../evil.fit", "a/../../evil.fit", "/etc/evil.fit", "C:/evil.fit", "a\\..\\evil.fit"]
)
def test_zip_slip_names_are_refused(name):
    assert unsafe_name(name)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("fine.fit"), FIT)
        archive.writestr(zipfile.ZipInfo(name), FIT)
    outcomes = read_upload("slip.zip", buffer.getvalue(), UTC_ZONE)
    codes = sorted(o.failure.code if o.failure else "ok" for o in outcomes)
    assert codes == ["UNSAFE_PATH", "ok"]


def test_safe_names_pass():
    assert not unsafe_name("activities/123.fit.gz")
    assert not unsafe_name("a..b/c.fit")


def test_a_corrupt_zip_is_one_failure():
    (outcome,) = read_upload("broken.zip", b"PK\x03\x04" + b"\x00" * 100, UTC_ZONE)
    assert outcome.failure is not None
    assert outcome.failure.code == "CORRUPT_FILE"


def test_encrypted_entries_are_refused():
    data = bytearray(zipped({"a.fit": FIT}, method=zipfile.ZIP_STORED))
    struct.pack_into("<H", data, 6, 0x1)  # local header flags
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<H", data, central + 8, 0x1)
    (outcome,) = read_upload("enc.zip", bytes(data), UTC_ZONE)
    assert outcome.failure is not None
    assert outcome.failure.code == "ENCRYPTED"
