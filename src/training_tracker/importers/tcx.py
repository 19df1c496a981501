"""TCX (Garmin Training Center) activities, parsed with defusedxml and the standard library.

TCX has no session summary: an activity is its laps, so lap timer times and distances are
summed and lap heart rates weighted by lap time. Each `Activity` element is one session."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from xml.etree.ElementTree import Element

from training_tracker.errors import ImportRejectedError
from training_tracker.importers import safe_xml, sports
from training_tracker.importers.activity import ImportedActivity
from training_tracker.importers.timing import (
    heart_rates,
    kilometres,
    localise,
    minutes,
    own_offset,
)


def _number(element: Element, path: str) -> float | None:
    found = element.find(path)
    if found is None or found.text is None:
        return None
    try:
        value = float(found.text.strip())
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def _time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _activity(
    name: str, activity: Element, zone: tzinfo, keys: tuple[str, ...]
) -> ImportedActivity:
    laps = activity.findall("{*}Lap")
    starts = [t for t in (_time(lap.get("StartTime")) for lap in laps) if t is not None]
    point_times = [
        t for t in (_time(e.text) for e in activity.iterfind(".//{*}Trackpoint/{*}Time")) if t
    ]
    first = min(starts + point_times, default=None) or _time(activity.findtext("{*}Id"))
    if first is None:
        raise ImportRejectedError("NO_TIMES", f"{name}: an activity without a start time")
    timer = sum(_number(lap, "{*}TotalTimeSeconds") or 0.0 for lap in laps)
    distance = sum(_number(lap, "{*}DistanceMeters") or 0.0 for lap in laps)
    weighted, weight, top = 0.0, 0.0, None
    for lap in laps:
        average = _number(lap, "{*}AverageHeartRateBpm/{*}Value")
        seconds = _number(lap, "{*}TotalTimeSeconds") or 0.0
        if average and seconds > 0:
            weighted, weight = weighted + average * seconds, weight + seconds
        lap_top = _number(lap, "{*}MaximumHeartRateBpm/{*}Value")
        if lap_top is not None:
            top = lap_top if top is None else max(top, lap_top)
    beats = [
        v
        for v in (
            _number(p, "{*}HeartRateBpm/{*}Value") for p in activity.iterfind(".//{*}Trackpoint")
        )
        if v
    ]
    average_hr = weighted / weight if weight else (sum(beats) / len(beats) if beats else None)
    if top is None and beats:
        top = max(beats)
    last = max(point_times, default=None)
    elapsed = (last - first).total_seconds() if last else None
    avg, mx = heart_rates(average_hr, top)
    local = localise(first, zone, own_offset(first))
    return ImportedActivity(
        date=local.date(),
        start=local,
        sport=sports.from_name(activity.get("Sport")),
        duration=minutes(timer or elapsed or 0.0),
        elapsed=None if elapsed is None else minutes(elapsed),
        distance=kilometres(distance),
        avg_heart_rate=avg,
        max_heart_rate=mx,
        description=activity.findtext("{*}Notes"),
        source_format="tcx",
        dedupe_keys=keys,
    )


def read_tcx(name: str, data: bytes, zone: tzinfo, content_key: str) -> list[ImportedActivity]:
    root = safe_xml.parse(name, data)
    if safe_xml.local_name(root) != "TrainingCenterDatabase":
        raise ImportRejectedError("CORRUPT_FILE", f"{name} is XML but not TCX")
    activities = root.findall("{*}Activities/{*}Activity")
    if not activities:
        raise ImportRejectedError(
            "NOT_AN_ACTIVITY", f"{name} holds no activity (a course or workout file?)"
        )
    return [_activity(name, activity, zone, (content_key,)) for activity in activities]
