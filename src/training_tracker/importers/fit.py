"""FIT activity files (Garmin, Wahoo, Coros, Suunto, Polar) read with fitdecode.

The `session` message is the truth for each leg; laps are never summed. A file cut short
(a device that died mid-activity) has no session message: its records still give the
start, the elapsed and recorded time, the distance and the heart rate, with a warning."""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any

import fitdecode

from training_tracker.errors import ImportRejectedError
from training_tracker.importers import sports
from training_tracker.importers.activity import ImportedActivity
from training_tracker.importers.timing import (
    device_offset,
    heart_rates,
    kilometres,
    localise,
    minutes,
)

# Between two records further apart than this the device was paused (or lost the signal);
# only used for files cut short, whose session message never got written.
MAX_RECORD_GAP_SECONDS = 60
_ACTIVITY_FILE_TYPES = {"activity", None}


@dataclass
class _Collected:
    file_type: object = None
    source_id: str | None = None
    sessions: list[dict[str, Any]] = field(default_factory=list)
    sport: tuple[object, object] = (None, None)
    records: list[tuple[datetime, float | None, int | None]] = field(default_factory=list)
    utc_stamp: datetime | None = None
    local_stamp: datetime | None = None
    cut_short: str | None = None


_SESSION_FIELDS = (
    "sport",
    "sub_sport",
    "timestamp",
    "total_timer_time",
    "total_moving_time",
    "total_elapsed_time",
    "total_distance",
    "avg_heart_rate",
    "max_heart_rate",
)


# Read without fitdecode's value processor (a third of the decoding time): its only work we
# need is turning date_time fields into datetimes, done here for the few fields read.
FIT_EPOCH_OFFSET = 631_065_600  # 1989-12-31T00:00:00Z in Unix seconds
FIT_DATETIME_MIN = 0x10000000  # below: seconds since the device powered on, not a date


def _value(frame: fitdecode.FitDataMessage, name: str) -> Any:
    return frame.get_value(name, fallback=None)


def _when(frame: fitdecode.FitDataMessage, name: str, *, local: bool = False) -> datetime | None:
    raw = _value(frame, name)
    if not isinstance(raw, int) or isinstance(raw, bool) or (raw < FIT_DATETIME_MIN and not local):
        return None
    return datetime.fromtimestamp(FIT_EPOCH_OFFSET + raw, UTC)


def _take(frame: fitdecode.FitDataMessage, into: _Collected) -> None:
    name = frame.name
    if name == "record":
        stamp = _when(frame, "timestamp")
        if stamp is not None:
            into.records.append((stamp, _value(frame, "distance"), _value(frame, "heart_rate")))
    elif name == "session":
        session = {key: _value(frame, key) for key in _SESSION_FIELDS}
        session["start_time"] = _when(frame, "start_time")
        into.sessions.append(session)
    elif name == "file_id":
        into.file_type = _value(frame, "type")
        serial, created = _value(frame, "serial_number"), _when(frame, "time_created")
        if serial and created is not None:
            maker = _value(frame, "manufacturer")
            into.source_id = f"fit:{maker}:{serial}:{int(created.timestamp())}"
    elif name == "sport":
        into.sport = (_value(frame, "sport"), _value(frame, "sub_sport"))
    elif name == "activity":
        into.utc_stamp = _when(frame, "timestamp")
        into.local_stamp = _when(frame, "local_timestamp", local=True)


def _collect(name: str, data: bytes) -> _Collected:
    collected = _Collected()
    reader = fitdecode.FitReader(
        io.BytesIO(data),
        processor=None,
        check_crc=fitdecode.CrcCheck.RAISE,
        error_handling=fitdecode.ErrorHandling.RAISE,
    )
    try:
        for frame in reader:
            if frame.frame_type == fitdecode.FIT_FRAME_DATA:
                _take(frame, collected)
    except fitdecode.FitEOFError as error:
        collected.cut_short = str(error)
    except fitdecode.FitHeaderError as error:
        if not collected.records and not collected.sessions:
            raise ImportRejectedError("CORRUPT_FILE", f"{name}: bad FIT header") from error
        collected.cut_short = str(error)
    except fitdecode.FitCRCError as error:
        raise ImportRejectedError(
            "CORRUPT_FILE", f"{name}: the FIT checksum does not match its content"
        ) from error
    except Exception as error:  # a hostile file may trip any decoding step
        raise ImportRejectedError(
            "CORRUPT_FILE", f"{name}: not a readable FIT file ({type(error).__name__})"
        ) from error
    finally:
        reader.close()
    return collected


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _leg(
    session: dict[str, Any], zone: tzinfo, offset: tzinfo | None, keys: tuple[str, ...]
) -> ImportedActivity | None:
    start = session["start_time"]
    if not isinstance(start, datetime):
        return None
    timer = _number(session["total_timer_time"])
    moving = _number(session["total_moving_time"])
    elapsed = _number(session["total_elapsed_time"])
    recorded = next((t for t in (timer, moving, elapsed) if t is not None), 0.0)
    local = localise(start, zone, offset)
    avg, top = heart_rates(_number(session["avg_heart_rate"]), _number(session["max_heart_rate"]))
    return ImportedActivity(
        date=local.date(),
        start=local,
        sport=sports.from_fit(session["sport"], session["sub_sport"]),
        duration=minutes(recorded),
        elapsed=None if elapsed is None else minutes(elapsed),
        distance=kilometres(_number(session["total_distance"]) or 0.0),
        avg_heart_rate=avg,
        max_heart_rate=top,
        source_format="fit",
        dedupe_keys=keys,
    )


def _from_records(
    collected: _Collected, zone: tzinfo, offset: tzinfo | None, keys: tuple[str, ...]
) -> ImportedActivity:
    records = collected.records
    first, last = records[0][0], records[-1][0]
    recorded = 0.0
    for (earlier, _, _), (later, _, _) in itertools.pairwise(records):
        gap = (later - earlier).total_seconds()
        if 0 < gap <= MAX_RECORD_GAP_SECONDS:
            recorded += gap
    distances = [d for _, d, _ in records if isinstance(d, int | float)]
    beats = [h for _, _, h in records if isinstance(h, int) and h > 0]
    avg, top = heart_rates(
        sum(beats) / len(beats) if beats else None, max(beats) if beats else None
    )
    local = localise(first, zone, offset)
    return ImportedActivity(
        date=local.date(),
        start=local,
        sport=sports.from_fit(*collected.sport),
        duration=minutes(recorded),
        elapsed=minutes((last - first).total_seconds()),
        distance=kilometres(max(distances) if distances else 0.0),
        avg_heart_rate=avg,
        max_heart_rate=top,
        source_format="fit",
        dedupe_keys=keys,
        warnings=(f"the file is cut short; figures come from its {len(records)} records",),
    )


def read_fit(name: str, data: bytes, zone: tzinfo, content_key: str) -> list[ImportedActivity]:
    collected = _collect(name, data)
    if collected.file_type not in _ACTIVITY_FILE_TYPES:
        raise ImportRejectedError(
            "NOT_AN_ACTIVITY", f"{name} is a FIT {collected.file_type} file, not an activity"
        )
    offset = None
    if isinstance(collected.utc_stamp, datetime) and isinstance(collected.local_stamp, datetime):
        offset = device_offset(collected.utc_stamp, collected.local_stamp)
    # The content key first (the one looked up); the device's own id also catches the same
    # activity saved again with other bytes.
    keys = (content_key,) + ((collected.source_id,) if collected.source_id else ())
    legs = [
        _leg(session, zone, offset, keys)
        for session in collected.sessions
        if session["sport"] != "transition"
    ]
    activities = [leg for leg in legs if leg is not None]
    if activities:
        return activities
    if collected.records:
        return [_from_records(collected, zone, offset, keys)]
    if collected.cut_short:
        raise ImportRejectedError(
            "TRUNCATED", f"{name} is cut short before any record or session was written"
        )
    raise ImportRejectedError("EMPTY_ACTIVITY", f"{name} holds no session and no records")
