"""GPX, TCX, Strava and Garmin export files built by the tests themselves."""

from __future__ import annotations

import csv
import gzip
import io
import zipfile
from datetime import datetime, timedelta

TPX = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1"


def gpx(
    start: datetime,
    *,
    points: int = 61,
    step_s: int = 10,
    kind: str = "running",
    heart_rates: bool = True,
    name: str = "Morning Run",
    timed: bool = True,
) -> bytes:
    """A straight track north along a meridian: 0.0001 degree (about 11.1 m) per point."""
    rows = []
    for i in range(points):
        when = (start + timedelta(seconds=i * step_s)).isoformat().replace("+00:00", "Z")
        time = f"<time>{when}</time>" if timed else ""
        hr = (
            f"<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{130 + i % 20}</gpxtpx:hr>"
            "</gpxtpx:TrackPointExtension></extensions>"
            if heart_rates
            else ""
        )
        rows.append(
            f'<trkpt lat="{45 + i * 0.0001:.4f}" lon="7.0000"><ele>300</ele>{time}{hr}</trkpt>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1" '
        f'xmlns:gpxtpx="{TPX}"><trk><name>{name}</name><type>{kind}</type><trkseg>'
        + "".join(rows)
        + "</trkseg></trk></gpx>"
    ).encode()


def tcx(
    start: datetime,
    *,
    sport: str = "Biking",
    laps: tuple[tuple[float, float, int, int], ...] = (
        (1800, 15000, 140, 160),
        (600, 4000, 170, 185),
    ),
    activities: int = 1,
) -> bytes:
    """laps: (seconds, metres, average bpm, max bpm); trackpoints every 60 s."""
    body = []
    for n in range(activities):
        begin = start + timedelta(days=n)
        lap_xml = []
        offset = 0.0
        for seconds, metres, avg, top in laps:
            points = "".join(
                f"<Trackpoint><Time>{(begin + timedelta(seconds=offset + s)).isoformat()}</Time>"
                f"<HeartRateBpm><Value>{avg}</Value></HeartRateBpm></Trackpoint>"
                for s in range(0, int(seconds) + 1, 60)
            )
            lap_xml.append(
                f'<Lap StartTime="{(begin + timedelta(seconds=offset)).isoformat()}">'
                f"<TotalTimeSeconds>{seconds}</TotalTimeSeconds>"
                f"<DistanceMeters>{metres}</DistanceMeters>"
                f"<AverageHeartRateBpm><Value>{avg}</Value></AverageHeartRateBpm>"
                f"<MaximumHeartRateBpm><Value>{top}</Value></MaximumHeartRateBpm>"
                f"<Track>{points}</Track></Lap>"
            )
            offset += seconds
        body.append(
            f'<Activity Sport="{sport}"><Id>{begin.isoformat()}</Id>{"".join(lap_xml)}'
            "<Notes>Hill reps</Notes></Activity>"
        )
    return (
        '<?xml version="1.0"?><TrainingCenterDatabase '
        'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
        f"<Activities>{''.join(body)}</Activities></TrainingCenterDatabase>"
    ).encode()


def gz(data: bytes) -> bytes:
    return gzip.compress(data)


def zipped(entries: dict[str, bytes], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


STRAVA_HEADER = [
    "Activity ID", "Activity Date", "Activity Name", "Activity Type", "Activity Description",
    "Elapsed Time", "Distance", "Max Heart Rate", "Relative Effort", "Commute",
    "Activity Private Note", "Activity Gear", "Filename", "Athlete Weight", "Bike Weight",
    "Elapsed Time", "Moving Time", "Distance", "Max Speed", "Average Speed",
    "Max Heart Rate", "Average Heart Rate", "Perceived Exertion",
]  # fmt: skip


def strava_csv(rows: list[dict[str, str]]) -> bytes:
    """rows: by header title; `Distance km`, `Distance m`, `Elapsed s` fill the repeats."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(STRAVA_HEADER)
    for row in rows:
        cells = [row.get(title, "") for title in STRAVA_HEADER]
        cells[6] = row.get("Distance km", "")
        cells[15] = row.get("Elapsed s", "")
        cells[17] = row.get("Distance m", "")
        cells[20] = row.get("Max HR", "")
        writer.writerow(cells)
    return out.getvalue().encode()
