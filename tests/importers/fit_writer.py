"""A small FIT encoder for tests: header, definition and data messages, CRCs.

Written from the FIT protocol description (14-byte header with its own CRC, then records,
then a CRC of everything before it), so the readers are tested on files made here."""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from datetime import UTC, datetime

FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
_CRC_TABLE = (
    0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
    0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
)  # fmt: skip

# base type id -> (struct code, size)
ENUM, UINT8, UINT16, UINT32, UINT32Z, STRING = 0x00, 0x02, 0x84, 0x86, 0x8C, 0x07
_FORMATS = {ENUM: "B", UINT8: "B", UINT16: "H", UINT32: "I", UINT32Z: "I"}

# Message and field numbers of the FIT profile used here.
FILE_ID, SPORT, SESSION, LAP, RECORD, ACTIVITY = 0, 12, 18, 19, 20, 34
SPORTS = {
    "running": 1,
    "cycling": 2,
    "transition": 3,
    "swimming": 5,
    "training": 10,
    "walking": 11,
    "rowing": 15,
    "hiking": 17,
    "generic": 0,
}
SUB_SPORTS = {"generic": 0, "strength_training": 20}
FILE_TYPES = {"activity": 4, "workout": 5, "course": 6}
MANUFACTURERS = {"garmin": 1, "wahoo_fitness": 32, "suunto": 23, "polar_electro": 123, "coros": 294}


def crc16(data: bytes, crc: int = 0) -> int:
    for byte in data:
        tmp = _CRC_TABLE[crc & 0xF]
        crc = (crc >> 4) & 0x0FFF
        crc = crc ^ tmp ^ _CRC_TABLE[byte & 0xF]
        tmp = _CRC_TABLE[crc & 0xF]
        crc = (crc >> 4) & 0x0FFF
        crc = crc ^ tmp ^ _CRC_TABLE[(byte >> 4) & 0xF]
    return crc


def fit_time(when: datetime) -> int:
    return int((when - FIT_EPOCH).total_seconds())


@dataclass
class FitWriter:
    """Collects messages; `bytes()` gives the whole file. Each distinct field layout of a
    message gets its own local message number, defined once before its first data."""

    records: bytearray = field(default_factory=bytearray)
    _layouts: dict[tuple[int, tuple[tuple[int, int, int], ...]], int] = field(default_factory=dict)

    def message(self, number: int, fields: list[tuple[int, int, object]]) -> FitWriter:
        """fields: (field number, base type, value); strings are padded to 16 bytes."""
        layout = tuple(
            (num, 16 if base == STRING else struct.calcsize(_FORMATS[base]), base)
            for num, base, _ in fields
        )
        key = (number, layout)
        if key not in self._layouts:
            local = len(self._layouts) % 16
            self._layouts = {k: v for k, v in self._layouts.items() if v != local}
            self._layouts[key] = local
            self.records += struct.pack("<BBBHB", 0x40 | local, 0, 0, number, len(layout))
            for num, size, base in layout:
                self.records += struct.pack("<BBB", num, size, base)
        self.records.append(self._layouts[key])
        for (_, size, base), (_, _, value) in zip(layout, fields, strict=True):
            if base == STRING:
                self.records += str(value).encode()[: size - 1].ljust(size, b"\x00")
            else:
                self.records += struct.pack("<" + _FORMATS[base], value)
        return self

    def file_id(
        self,
        *,
        kind: str = "activity",
        maker: str = "garmin",
        serial: int = 3_900_000_123,
        created: datetime | None = None,
    ) -> FitWriter:
        fields: list[tuple[int, int, object]] = [
            (0, ENUM, FILE_TYPES[kind]),
            (1, UINT16, MANUFACTURERS[maker]),
            (3, UINT32Z, serial),
        ]
        if created is not None:
            fields.append((4, UINT32, fit_time(created)))
        return self.message(FILE_ID, fields)

    def sport(self, sport: str, sub_sport: str = "generic", name: str = "") -> FitWriter:
        fields: list[tuple[int, int, object]] = [
            (0, ENUM, SPORTS[sport]),
            (1, ENUM, SUB_SPORTS[sub_sport]),
        ]
        if name:
            fields.append((3, STRING, name))
        return self.message(SPORT, fields)

    def record(self, when: datetime, *, distance_m: float, heart_rate: int | None) -> FitWriter:
        return self.message(
            RECORD,
            [
                (253, UINT32, fit_time(when)),
                (5, UINT32, round(distance_m * 100)),
                (3, UINT8, 0xFF if heart_rate is None else heart_rate),
            ],
        )

    def lap(self, start: datetime, *, timer_s: float, distance_m: float) -> FitWriter:
        return self.message(
            LAP,
            [
                (253, UINT32, fit_time(start) + round(timer_s)),
                (2, UINT32, fit_time(start)),
                (7, UINT32, round(timer_s * 1000)),
                (8, UINT32, round(timer_s * 1000)),
                (9, UINT32, round(distance_m * 100)),
            ],
        )

    def session(
        self,
        start: datetime,
        *,
        sport: str,
        timer_s: float,
        elapsed_s: float,
        distance_m: float,
        avg_hr: int | None = None,
        max_hr: int | None = None,
        sub_sport: str = "generic",
    ) -> FitWriter:
        return self.message(
            SESSION,
            [
                (253, UINT32, fit_time(start) + round(elapsed_s)),
                (2, UINT32, fit_time(start)),
                (5, ENUM, SPORTS[sport]),
                (6, ENUM, SUB_SPORTS[sub_sport]),
                (7, UINT32, round(elapsed_s * 1000)),
                (8, UINT32, round(timer_s * 1000)),
                (9, UINT32, round(distance_m * 100)),
                (16, UINT8, 0xFF if avg_hr is None else avg_hr),
                (17, UINT8, 0xFF if max_hr is None else max_hr),
            ],
        )

    def activity(
        self, end: datetime, *, local_offset_s: int | None, sessions: int = 1
    ) -> FitWriter:
        fields: list[tuple[int, int, object]] = [
            (253, UINT32, fit_time(end)),
            (1, UINT16, sessions),
        ]
        if local_offset_s is not None:
            fields.append((5, UINT32, fit_time(end) + local_offset_s))
        return self.message(ACTIVITY, fields)

    def bytes(self) -> bytes:
        header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(self.records), b".FIT")
        header += struct.pack("<H", crc16(header))
        body = header + bytes(self.records)
        return body + struct.pack("<H", crc16(body))


def one_hour_run(
    start: datetime,
    *,
    local_offset_s: int | None = 7200,
    seconds: int = 3600,
    with_summary: bool = True,
    sport: str = "running",
) -> bytes:
    """A 1 Hz run: 10 km in an hour, heart rate climbing 120 -> 179."""
    from datetime import timedelta

    writer = FitWriter().file_id(created=start).sport(sport)
    for second in range(seconds):
        writer.record(
            start + timedelta(seconds=second),
            distance_m=second * 10000 / 3600,
            heart_rate=120 + second * 60 // seconds,
        )
    if with_summary:
        end = start + timedelta(seconds=seconds)
        writer.lap(start, timer_s=seconds, distance_m=10000)
        writer.session(
            start,
            sport=sport,
            timer_s=seconds - seconds // 30,
            elapsed_s=seconds,
            distance_m=10000,
            avg_hr=150,
            max_hr=179,
        )
        writer.activity(end, local_offset_s=local_offset_s)
    return writer.bytes()
