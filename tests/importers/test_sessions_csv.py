from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from training_tracker.domain.load import LoadMethod, Sport
from training_tracker.domain.models import TrainingSession
from training_tracker.importers import read_upload
from training_tracker.importers.sessions_csv import (
    COLUMNS,
    read_sessions_csv,
    write_sessions_csv,
)

NOW = datetime(2024, 5, 2, 8, 0, tzinfo=UTC)


def session(**changes) -> TrainingSession:
    values = {
        "id": "s-1",
        "athlete_id": "a-1",
        "athlete_name": "Ann",
        "date": date(2024, 5, 1),
        "duration": Decimal("45.5"),
        "distance": Decimal("10.2"),
        "notes": 'Tempo, then "strides"\nfelt good',
        "sport": Sport.RUN,
        "rpe": 6,
        "avg_heart_rate": Decimal(152),
        "max_heart_rate": Decimal(174),
        "created_at": NOW,
        "updated_at": NOW,
        "load": Decimal("273.00"),
        "load_method": LoadMethod.SRPE,
    }
    values.update(changes)
    return TrainingSession(**values)


def test_what_the_writer_writes_the_reader_reads_back():
    sessions = [
        session(),
        session(
            id="s-2",
            notes=None,
            sport=None,
            rpe=None,
            avg_heart_rate=None,
            max_heart_rate=None,
            load=None,
            load_method=None,
        ),
        session(id="s-3", notes='=HYPERLINK("x")', athlete_name="+Bob"),
    ]
    out = io.StringIO()
    assert write_sessions_csv(sessions, out) == 3
    text = out.getvalue()
    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert "'=HYPERLINK" in text
    assert "'+Bob" in text
    rows = read_sessions_csv(text)
    assert rows.errors == []
    (line1, first), (line2, second), (_line3, third) = rows.activities
    assert (line1, line2) == (2, 4)  # the first row's notes span two lines
    assert first.details("b").notes == 'Tempo, then "strides"\nfelt good'
    assert (first.date, first.duration, first.distance) == (
        date(2024, 5, 1),
        Decimal("45.5"),
        Decimal("10.2"),
    )
    assert (first.sport, first.rpe, first.avg_heart_rate, first.max_heart_rate) == (
        Sport.RUN,
        6,
        152,
        174,
    )
    assert second.sport is None  # not stated, as the session was logged
    assert second.rpe is None
    assert second.notes() is None
    assert third.notes() == '=HYPERLINK("x")'
    assert first.details("b").athlete_id == "b"  # rows go to the athlete the import names


def test_bad_rows_are_reported_by_line_and_the_rest_are_read():
    text = (
        "date,duration,distance,sport,rpe,avgHeartRate,maxHeartRate,notes\n"
        "2024-05-01,30,5,run,5,,,ok\n"
        "2024-13-01,30,5,run,5,,,bad date\n"
        "2024-05-03,-1,5,run,5,,,negative\n"
        "2024-05-04,30,5,surfing,,,,sport\n"
        "2024-05-05,30,5,run,11,,,rpe\n"
        "2024-05-06,30,5,run,5.5,,,half rpe\n"
        "2024-05-07,30,5,run,,170,160,avg over max\n"
        "2024-05-08,30,NaN,run,,,,nan\n"
        "2024-05-09,30\n"
        "\n"
        "2024-05-10,,5,run,,,,no duration\n"
        '2024-05-11,20,4,ride,,,,"multi\nline"\n'
        "2024-05-12,abc,4,ride,,,,\n"
    )
    rows = read_sessions_csv(text)
    assert [line for line, _ in rows.activities] == [2, 13]
    lines = {e.line: e.message for e in rows.errors}
    assert sorted(lines) == [3, 4, 5, 6, 7, 8, 9, 10, 12, 15]
    assert "date" in lines[3]
    assert "duration" in lines[4]
    assert "sport" in lines[5]
    assert "rpe" in lines[6]
    assert "rpe" in lines[7]
    assert "avgHeartRate" in lines[8]
    assert "distance" in lines[9]
    assert "cells" in lines[10]
    assert "required" in lines[12]


def test_header_problems_are_one_error_on_line_one():
    rows = read_sessions_csv("date,durration,distance\n2024-05-01,1,1\n")
    (error,) = rows.errors
    assert error.line == 1
    assert "durration" in error.message
    assert "duration" in error.message
    assert rows.activities == []
    assert read_sessions_csv("").errors[0].line == 1
    assert "twice" in read_sessions_csv("date,duration,distance,date\n").errors[0].message


def test_identical_rows_share_a_key_and_different_rows_do_not():
    text = "date,duration,distance\n2024-05-01,30,5\n2024-05-01,30,5\n2024-05-01,31,5\n"
    (_, a), (_, b), (_, c) = read_sessions_csv(text).activities
    assert a.dedupe_keys == b.dedupe_keys != c.dedupe_keys


def test_csv_upload_goes_through_the_same_entry_point():
    data = b"\xef\xbb\xbfdate,duration,distance\n2024-05-01,30,5\nnope,1,1\n"
    (outcome,) = read_upload("mine.csv", data, ZoneInfo("UTC"))
    assert outcome.failure is None
    assert len(outcome.activities) == 1
    assert outcome.activities[0].line == 2
    assert [(e.line, "date" in e.message) for e in outcome.row_errors] == [(3, True)]


def test_a_csv_with_only_bad_rows_fails_as_a_file():
    (outcome,) = read_upload("bad.csv", b"date,duration,distance\nx,1,1\n", ZoneInfo("UTC"))
    assert outcome.failure is not None
    assert outcome.failure.code == "INVALID_ROWS"
    assert outcome.row_errors[0].line == 2


@pytest.mark.parametrize("data", [b"\xff\xfe\x00d\x00a", b"date,duration\x00,distance\n"])
def test_binary_named_csv_is_refused(data):
    (outcome,) = read_upload("x.csv", data, ZoneInfo("UTC"))
    assert outcome.failure is not None


def test_row_cap():
    text = "date,duration,distance\n" + "2024-05-01,1,1\n" * 5
    rows = read_sessions_csv(text, max_rows=3)
    assert len(rows.activities) == 3
    assert rows.errors[0].line == 5


def test_notes_starting_with_the_escape_and_padded_notes_read_back_as_written():
    notes = ["'=not a formula", "'tis", "''", "  padded\t ", "-5 °C"]
    out = io.StringIO()
    write_sessions_csv([session(id=f"s-{n}", notes=text) for n, text in enumerate(notes)], out)
    rows = read_sessions_csv(out.getvalue())
    assert rows.errors == []
    assert [a.details("b").notes for _, a in rows.activities] == notes


def test_exported_rows_alike_but_for_their_id_are_two_sessions():
    out = io.StringIO()
    write_sessions_csv([session(id="s-1"), session(id="s-2"), session(id="x" * 129)], out)
    rows = read_sessions_csv(out.getvalue())
    first, second, long_id = (a for _, a in rows.activities)
    assert first.dedupe_keys != second.dedupe_keys
    assert (first.exported_id, second.exported_id) == ("s-1", "s-2")
    assert long_id.exported_id is None  # longer than any id the server gives: names nothing
    typed = read_sessions_csv("date,duration,distance\n2024-05-01,30,5\n2024-05-01,30,5\n")
    (_, one), (_, two) = typed.activities
    assert one.dedupe_keys == two.dedupe_keys  # rows without ids: identical rows are one
    assert one.exported_id is None
