"""GPX tracks read with gpxpy; heart rate from Garmin's TrackPointExtension (`hr`).

GPX times are UTC; a time written with another offset keeps that offset. The whole file
is one activity, whatever number of tracks and segments it has."""

from __future__ import annotations

from datetime import datetime, tzinfo
from xml.etree.ElementTree import Element

import gpxpy
import gpxpy.gpx

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


def _heart_rate(extensions: list[Element]) -> int | None:
    for extension in extensions:
        for element in extension.iter():
            if safe_xml.local_name(element) == "hr" and element.text:
                try:
                    return int(float(element.text.strip()))
                except ValueError:
                    return None
    return None


def read_gpx(name: str, data: bytes, zone: tzinfo, content_key: str) -> list[ImportedActivity]:
    root = safe_xml.parse(name, data)  # refuses DTDs before gpxpy sees the bytes
    if safe_xml.local_name(root) != "gpx":
        raise ImportRejectedError("CORRUPT_FILE", f"{name} is XML but not GPX")
    try:
        document = gpxpy.parse(data.decode("utf-8", errors="replace"))
    except Exception as error:  # gpxpy raises several kinds for malformed content
        raise ImportRejectedError("CORRUPT_FILE", f"{name} is not a readable GPX file") from error
    times: list[datetime] = []
    beats: list[int] = []
    for track in document.tracks:
        for segment in track.segments:
            for point in segment.points:
                if point.time is not None:
                    times.append(point.time)
                beat = _heart_rate(point.extensions)
                if beat is not None and beat > 0:
                    beats.append(beat)
    if not times:
        raise ImportRejectedError(
            "NO_TIMES", f"{name} has no timestamps: a planned route, not a recorded activity"
        )
    moving = document.get_moving_data()
    moving_seconds = moving.moving_time if moving else 0.0
    first, last = min(times), max(times)
    local = localise(first, zone, own_offset(first))
    track = document.tracks[0]
    avg, top = heart_rates(
        sum(beats) / len(beats) if beats else None, max(beats) if beats else None
    )
    return [
        ImportedActivity(
            date=local.date(),
            start=local,
            sport=sports.from_name(track.type),
            duration=minutes(moving_seconds),
            elapsed=minutes((last - first).total_seconds()),
            distance=kilometres(document.length_2d()),
            avg_heart_rate=avg,
            max_heart_rate=top,
            name=track.name or document.name,
            description=track.description or document.description,
            source_format="gpx",
            dedupe_keys=(content_key,),
        )
    ]
