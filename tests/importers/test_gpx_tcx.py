from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from tests.importers.builders import gpx, tcx
from training_tracker.domain.load import Sport
from training_tracker.importers import read_upload

START = datetime(2024, 3, 9, 23, 0, tzinfo=UTC)
UTC_ZONE = ZoneInfo("UTC")


def only(outcomes):
    assert len(outcomes) == 1
    return outcomes[0]


def test_gpx_gives_moving_time_distance_and_garmin_heart_rate():
    outcome = only(read_upload("morning.gpx", gpx(START), ZoneInfo("Europe/Berlin")))
    assert outcome.failure is None
    (run,) = outcome.activities
    assert run.sport is Sport.RUN
    assert run.name == "Morning Run"
    assert run.start is not None
    assert run.start.utcoffset() == timedelta(hours=1)
    assert run.date == date(2024, 3, 10)  # 23:00 UTC is past midnight in Berlin
    assert run.elapsed == Decimal("10.00")
    assert Decimal("9") <= run.duration <= Decimal("10.00")
    assert Decimal("0.660") <= run.distance <= Decimal("0.670")  # 60 steps of about 11.1 m
    assert run.max_heart_rate == Decimal(149)
    assert run.avg_heart_rate is not None
    assert Decimal(130) < run.avg_heart_rate < Decimal(149)
    assert outcome.content_type == "application/gpx+xml"


def test_gpx_without_heart_rate_leaves_it_empty():
    (run,) = only(read_upload("x.gpx", gpx(START, heart_rates=False), UTC_ZONE)).activities
    assert run.avg_heart_rate is None
    assert run.max_heart_rate is None


def test_gpx_own_offset_is_kept():
    data = gpx(START).replace(b"Z</time>", b"-05:00</time>")
    (run,) = only(read_upload("x.gpx", data, ZoneInfo("Asia/Tokyo"))).activities
    assert run.start is not None
    assert run.start.utcoffset() == timedelta(hours=-5)
    assert run.date == date(2024, 3, 9)


def test_a_gpx_route_without_times_is_refused():
    outcome = only(read_upload("route.gpx", gpx(START, timed=False), UTC_ZONE))
    assert outcome.failure is not None
    assert outcome.failure.code == "NO_TIMES"


@pytest.mark.parametrize(
    ("kind", "sport"),
    [("cycling", Sport.RIDE), ("hiking", Sport.HIKE), ("9", Sport.OTHER), ("", Sport.OTHER)],
)
def test_gpx_type_maps_to_our_sport(kind, sport):
    (activity,) = only(read_upload("x.gpx", gpx(START, kind=kind), UTC_ZONE)).activities
    assert activity.sport is sport


def test_tcx_sums_laps_and_weights_heart_rate_by_lap_time():
    outcome = only(read_upload("ride.tcx", tcx(START), UTC_ZONE))
    assert outcome.failure is None
    (ride,) = outcome.activities
    assert ride.sport is Sport.RIDE
    assert ride.duration == Decimal("40.00")
    assert ride.distance == Decimal("19.000")
    assert ride.avg_heart_rate == Decimal(148)  # (140*1800 + 170*600) / 2400 = 147.5
    assert ride.max_heart_rate == Decimal(185)
    assert ride.description == "Hill reps"
    assert ride.date == date(2024, 3, 9)


def test_tcx_with_several_activities_gives_one_session_each():
    outcome = only(read_upload("two.tcx", tcx(START, sport="Running", activities=2), UTC_ZONE))
    first, second = outcome.activities
    assert (first.sport, second.sport) == (Sport.RUN, Sport.RUN)
    assert second.date - first.date == timedelta(days=1)
    assert first.dedupe_keys == second.dedupe_keys  # one file, imported as one


def test_tcx_without_activities_is_not_an_activity():
    data = (
        b'<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/'
        b'TrainingCenterDatabase/v2"><Courses/></TrainingCenterDatabase>'
    )
    outcome = only(read_upload("course.tcx", data, UTC_ZONE))
    assert outcome.failure is not None
    assert outcome.failure.code == "NOT_AN_ACTIVITY"


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>&lol3;</name></trk></gpx>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]>
<TrainingCenterDatabase><Activities><Activity Sport="Running"><Id>&ext;</Id></Activity>
</Activities></TrainingCenterDatabase>"""


@pytest.mark.parametrize(("name", "data"), [("bomb.gpx", BILLION_LAUGHS), ("ext.tcx", EXTERNAL)])
def test_entity_bombs_and_external_entities_are_refused(name, data):
    outcome = only(read_upload(name, data, UTC_ZONE))
    assert outcome.failure is not None
    assert outcome.failure.code == "UNSAFE_XML"
    assert not outcome.activities


def test_malformed_xml_is_a_corrupt_file():
    data = gpx(START)[:-30]
    outcome = only(read_upload("cut.gpx", data, UTC_ZONE))
    assert outcome.failure is not None
    assert outcome.failure.code == "CORRUPT_FILE"
