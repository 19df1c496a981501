from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from tests.importers.fit_writer import FitWriter, one_hour_run
from training_tracker.domain.load import Sport
from training_tracker.domain.models import Athlete, load_of
from training_tracker.importers import read_upload
from training_tracker.importers.files import content_key

UTC_ZONE = ZoneInfo("UTC")
START = datetime(2024, 5, 1, 22, 30, tzinfo=UTC)


def only(outcomes):
    assert len(outcomes) == 1
    return outcomes[0]


def test_session_message_gives_the_figures_and_the_device_offset():
    data = one_hour_run(START, local_offset_s=2 * 3600)
    outcome = only(read_upload("run.fit", data, UTC_ZONE))
    assert outcome.failure is None
    (run,) = outcome.activities
    # 22:30 UTC at +02:00 is 00:30 the next day: the local date is what the athlete saw.
    assert run.start == datetime(2024, 5, 2, 0, 30, tzinfo=ZoneInfo("Etc/GMT-2"))
    assert run.start.utcoffset() == timedelta(hours=2)
    assert run.date == date(2024, 5, 2)
    assert run.sport is Sport.RUN
    assert run.duration == Decimal("58.00")  # timer time, not elapsed
    assert run.elapsed == Decimal("60.00")
    assert run.distance == Decimal("10.000")
    assert (run.avg_heart_rate, run.max_heart_rate) == (Decimal(150), Decimal(179))
    assert outcome.content == data
    assert outcome.content_type == "application/vnd.ant.fit"


def test_session_values_win_over_summed_laps():
    start = START
    writer = FitWriter().file_id(created=start)
    writer.lap(start, timer_s=600, distance_m=2000).lap(start, timer_s=600, distance_m=2000)
    writer.session(start, sport="cycling", timer_s=1500, elapsed_s=1600, distance_m=5000)
    writer.activity(start + timedelta(seconds=1600), local_offset_s=0)
    (ride,) = only(read_upload("ride.fit", writer.bytes(), UTC_ZONE)).activities
    assert ride.sport is Sport.RIDE
    assert ride.duration == Decimal("25.00")
    assert ride.distance == Decimal("5.000")


def test_without_a_local_offset_the_athletes_zone_decides_the_date():
    data = one_hour_run(START, local_offset_s=None)
    (in_utc,) = only(read_upload("run.fit", data, UTC_ZONE)).activities
    (in_tokyo,) = only(read_upload("run.fit", data, ZoneInfo("Asia/Tokyo"))).activities
    (in_la,) = only(read_upload("run.fit", data, ZoneInfo("America/Los_Angeles"))).activities
    assert in_utc.date == date(2024, 5, 1)
    assert in_tokyo.date == date(2024, 5, 2)
    assert in_tokyo.start.utcoffset() == timedelta(hours=9)
    assert in_la.start.utcoffset() == timedelta(hours=-7)  # daylight saving time in May


def test_load_follows_from_the_imported_figures_as_for_any_session():
    (run,) = only(read_upload("run.fit", one_hour_run(START), UTC_ZONE)).activities
    athlete = Athlete(id="a", name="A", resting_heart_rate=Decimal(50), max_heart_rate=Decimal(190))
    load, method = load_of(run.details("a"), athlete)
    assert method is not None
    assert method.value == "trimp"
    assert load is not None
    assert load > 0


def test_multisport_file_gives_one_session_per_leg_and_skips_transitions():
    t = START
    writer = FitWriter().file_id(created=t)
    writer.session(t, sport="swimming", timer_s=1800, elapsed_s=1800, distance_m=1500)
    t2 = t + timedelta(seconds=1800)
    writer.session(t2, sport="transition", timer_s=120, elapsed_s=120, distance_m=0)
    t3 = t2 + timedelta(seconds=120)
    writer.session(
        t3, sport="cycling", timer_s=3600, elapsed_s=3650, distance_m=40000, avg_hr=140, max_hr=165
    )
    t4 = t3 + timedelta(seconds=3650)
    writer.session(t4, sport="running", timer_s=2400, elapsed_s=2400, distance_m=10000)
    writer.activity(t4 + timedelta(seconds=2400), local_offset_s=3600, sessions=4)
    outcome = only(read_upload("tri.fit", writer.bytes(), UTC_ZONE))
    sports = [a.sport for a in outcome.activities]
    assert sports == [Sport.SWIM, Sport.RIDE, Sport.RUN]
    swim, ride, run = outcome.activities
    assert ride.distance == Decimal("40.000")
    assert ride.avg_heart_rate == Decimal(140)
    # The legs are one file: they share its keys, the content's first.
    assert swim.dedupe_keys == ride.dedupe_keys == run.dedupe_keys
    assert swim.dedupe_keys[0].startswith("sha256:")
    assert swim.dedupe_keys[1].startswith("fit:garmin:")


def test_truncated_file_still_yields_what_its_records_hold():
    full = one_hour_run(START, with_summary=False, seconds=1200)
    cut = full[: len(full) * 3 // 4]
    outcome = only(read_upload("cut.fit", cut, UTC_ZONE))
    assert outcome.failure is None
    (run,) = outcome.activities
    assert run.sport is Sport.RUN
    assert run.warnings
    assert "cut short" in run.warnings[0]
    assert Decimal("10") < run.duration < Decimal("20")
    assert run.elapsed == run.duration  # 1 Hz records with no pause
    assert Decimal("1.5") < run.distance < Decimal("3.4")
    assert run.avg_heart_rate is not None
    assert run.max_heart_rate is not None


def test_records_with_a_pause_count_only_recorded_time():
    writer = FitWriter().file_id(created=START).sport("running")
    for second in range(300):
        writer.record(START + timedelta(seconds=second), distance_m=second * 3, heart_rate=140)
    resume = START + timedelta(seconds=900)
    for second in range(300):
        writer.record(
            resume + timedelta(seconds=second), distance_m=900 + second * 3, heart_rate=None
        )
    data = writer.bytes()[:-2]  # no CRC: the file was cut before its end
    (run,) = only(read_upload("paused.fit", data, UTC_ZONE)).activities
    assert run.duration == Decimal("9.97")  # 598 one-second steps
    assert run.elapsed == Decimal("19.98")
    assert run.avg_heart_rate == Decimal(140)


def test_file_cut_inside_the_header_or_before_any_record_fails_with_a_reason():
    data = one_hour_run(START, seconds=10)
    header_only = only(read_upload("a.fit", data[:14], UTC_ZONE))
    assert header_only.failure is not None
    assert header_only.failure.code == "TRUNCATED"
    cut_header = only(read_upload("b.fit", data[:13], UTC_ZONE))
    assert cut_header.failure is not None
    assert cut_header.failure.code in {"CORRUPT_FILE", "TRUNCATED"}


def test_a_changed_byte_fails_the_checksum():
    data = bytearray(one_hour_run(START, seconds=30))
    data[200] ^= 0x01
    outcome = only(read_upload("flip.fit", bytes(data), UTC_ZONE))
    assert outcome.failure is not None
    assert outcome.failure.code == "CORRUPT_FILE"


def test_a_fit_course_is_not_an_activity():
    writer = FitWriter().file_id(kind="course", created=START)
    outcome = only(read_upload("course.fit", writer.bytes(), UTC_ZONE))
    assert outcome.failure is not None
    assert outcome.failure.code == "NOT_AN_ACTIVITY"


def test_a_complete_activity_with_nothing_in_it_fails():
    outcome = only(read_upload("empty.fit", FitWriter().file_id().bytes(), UTC_ZONE))
    assert outcome.failure is not None
    assert outcome.failure.code == "EMPTY_ACTIVITY"


@pytest.mark.parametrize(
    ("sport", "sub_sport", "ours"),
    [
        ("running", "generic", Sport.RUN),
        ("cycling", "generic", Sport.RIDE),
        ("swimming", "generic", Sport.SWIM),
        ("rowing", "generic", Sport.ROW),
        ("walking", "generic", Sport.WALK),
        ("hiking", "generic", Sport.HIKE),
        ("training", "strength_training", Sport.STRENGTH),
        ("training", "generic", Sport.OTHER),
        ("generic", "generic", Sport.OTHER),
    ],
)
def test_fit_sports_map_to_ours(sport, sub_sport, ours):
    writer = FitWriter().file_id(created=START)
    writer.session(START, sport=sport, sub_sport=sub_sport, timer_s=60, elapsed_s=60, distance_m=0)
    (activity,) = only(read_upload("x.fit", writer.bytes(), UTC_ZONE)).activities
    assert activity.sport is ours


@pytest.mark.parametrize("maker", ["garmin", "wahoo_fitness", "coros", "suunto", "polar_electro"])
def test_every_maker_gets_its_own_source_key(maker):
    writer = FitWriter().file_id(maker=maker, serial=42, created=START)
    writer.session(START, sport="running", timer_s=60, elapsed_s=60, distance_m=100)
    (activity,) = only(read_upload("x.fit", writer.bytes(), UTC_ZONE)).activities
    assert activity.dedupe_keys[1] == f"fit:{maker}:42:{int(START.timestamp())}"


def test_dedupe_key_is_the_hash_of_the_decompressed_bytes():
    data = one_hour_run(START, seconds=60)
    import gzip

    (plain,) = only(read_upload("r.fit", data, UTC_ZONE)).activities
    (zipped,) = only(read_upload("r.fit.gz", gzip.compress(data, mtime=1), UTC_ZONE)).activities
    assert plain.dedupe_keys == zipped.dedupe_keys
    assert plain.dedupe_keys[0] == content_key(data)


def test_heart_rates_outside_the_session_range_are_dropped():
    writer = FitWriter().file_id(created=START)
    writer.session(
        START, sport="running", timer_s=60, elapsed_s=60, distance_m=100, avg_hr=10, max_hr=254
    )
    (activity,) = only(read_upload("x.fit", writer.bytes(), UTC_ZONE)).activities
    assert activity.avg_heart_rate is None
    assert activity.max_heart_rate is None


def test_garbage_after_a_valid_fit_header_never_raises():
    data = one_hour_run(START, seconds=5)
    for cut in range(14, len(data), 7):
        mangled = data[:cut] + bytes((b * 37 + 11) % 256 for b in data[cut:])
        outcome = only(read_upload("m.fit", mangled, UTC_ZONE))
        assert outcome.failure is not None or outcome.activities
