"""The export file: gzip-compressed JSON Lines of domain records, versioned.

Line 1 is the header (format, its version, the product version, when, an export id); then
one line per record, `{"kind": ..., "record": {...}}`, the record's fields by name; the
last line is the trailer with the count of each kind, so a file cut short is told from a
whole one. Decimals are written as strings ("12.5"): exact, whatever reads them.

Reading is strict (the file may come from anywhere): unknown kinds or fields, wrong types,
non-finite numbers and a missing or disagreeing trailer are all refused.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import types
import typing
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from pathlib import Path
from typing import Any

from training_tracker.domain.idempotency import AnswerRecord
from training_tracker.domain.models import Athlete, TrainingSession
from training_tracker.domain.plans import PlannedSession
from training_tracker.domain.wellness import Wellness
from training_tracker.errors import ExportFileError
from training_tracker.store.dump import ImportKeyRecord, Record
from training_tracker.store.tokens import TokenRecord

FORMAT = "training-tracker-export"
FORMAT_VERSION = 1
# The longest line a reader accepts: a record is far smaller (DynamoDB caps items at 400 KB).
MAX_LINE = 1_000_000

KINDS: dict[str, type[Record]] = {
    "athlete": Athlete,
    "session": TrainingSession,
    "plan": PlannedSession,
    "wellness": Wellness,
    "token": TokenRecord,
    "import-key": ImportKeyRecord,
    "idempotency-answer": AnswerRecord,
}
_KIND_OF = {cls: kind for kind, cls in KINDS.items()}


@dataclass(frozen=True)
class Header:
    export_id: str
    exported_at: str
    product_version: str

    def line(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "product_version": self.product_version,
            "exported_at": self.exported_at,
            "export_id": self.export_id,
            "counts": "in the last line",
        }


def kind_of(record: Record) -> str:
    return _KIND_OF[type(record)]


def record_line(record: Record) -> str:
    return json.dumps({"kind": kind_of(record), "record": _encode(record)}, ensure_ascii=False)


def trailer_line(counts: Counter[str]) -> str:
    return json.dumps({"end": True, "records": sum(counts.values()), "counts": dict(counts)})


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        found = ((f.name, getattr(value, f.name)) for f in dataclasses.fields(value))
        return {name: _encode(v) for name, v in found if v is not None}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # one spelling per number, whatever the engine
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_encode(v) for v in value]
    return value  # str, int, bool, and an answer's JSON body as it is


# -- reading ------------------------------------------------------------------------------------
class _RecordError(Exception):
    pass


def _decode(hint: Any, value: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        if value is None:
            return None
        return _decode(options[0], value)
    if hint is Any:
        return value
    if origin is tuple:
        if not isinstance(value, list):
            raise _RecordError(f"expected a list, got {value!r:.40}")
        return tuple(_decode(typing.get_args(hint)[0], v) for v in value)
    if dataclasses.is_dataclass(hint):
        return _decode_dataclass(hint, value)  # type: ignore[arg-type]
    if not isinstance(value, str) and hint in (Decimal, date, datetime):
        raise _RecordError(f"expected text, got {value!r:.40}")
    try:
        if hint is Decimal:
            number = Decimal(value)
            if not number.is_finite():
                raise _RecordError(f"not a finite number: {value!r:.40}")
            return number
        if hint is datetime:
            return datetime.fromisoformat(value)
        if hint is date:
            return date.fromisoformat(value)
        if isinstance(hint, type) and issubclass(hint, Enum):
            return hint(value)
    except (InvalidOperation, ValueError, TypeError) as error:
        raise _RecordError(
            f"not a valid {getattr(hint, '__name__', hint)}: {value!r:.40}"
        ) from error
    if hint is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise _RecordError(f"expected a whole number, got {value!r:.40}")
    if hint in (str, bool) and not isinstance(value, hint):
        raise _RecordError(f"expected {hint.__name__}, got {value!r:.40}")
    return value


def _optional(hint: Any) -> bool:
    return typing.get_origin(hint) in (types.UnionType, typing.Union) and type(None) in (
        typing.get_args(hint)
    )


@dataclass(frozen=True)
class _Shape:
    """What decoding a record class needs, worked out once per class (type hints are text
    until evaluated, and evaluating them per record would cost more than the rest)."""

    hints: dict[str, Any]
    absent_is_none: frozenset[str]  # optional fields without a default: None when absent


def _shape_of(cls: type[Any]) -> _Shape:
    hints = typing.get_type_hints(cls)
    fields = dataclasses.fields(cls)
    return _Shape(
        {f.name: hints[f.name] for f in fields},
        frozenset(
            f.name
            for f in fields
            if f.default is dataclasses.MISSING
            and f.default_factory is dataclasses.MISSING
            and _optional(hints[f.name])
        ),
    )


_SHAPES: dict[type[Any], _Shape] = {}


def _decode_dataclass(cls: type[Any], value: Any) -> Any:
    if not isinstance(value, dict):
        raise _RecordError(f"expected an object for {cls.__name__}")
    shape = _SHAPES.get(cls) or _SHAPES.setdefault(cls, _shape_of(cls))
    unknown = [name for name in value if name not in shape.hints]
    if unknown:
        raise _RecordError(f"unknown field(s) of {cls.__name__}: {', '.join(sorted(unknown))}")
    fields = {name: _decode(shape.hints[name], v) for name, v in value.items()}
    for name in shape.absent_is_none - fields.keys():  # None is written as absent
        fields[name] = None
    try:
        return cls(**fields)
    except TypeError as error:  # a required field is missing
        raise _RecordError(f"{cls.__name__}: {error}") from error


def parse_record(line: dict[str, Any]) -> Record:
    kind = line.get("kind")
    cls = KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None or set(line) != {"kind", "record"}:
        raise _RecordError(f"not a record line (kind {kind!r:.40})")
    record: Record = _decode_dataclass(cls, line["record"])
    return record


@dataclass(frozen=True)
class Contents:
    header: Header
    counts: Counter[str]


def _lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    if not path.is_file():
        raise ExportFileError(f"{path}: no such file")
    try:
        with gzip.open(path, "rb") as stream:
            for number, raw in enumerate(stream, start=1):
                if len(raw) > MAX_LINE:
                    raise ExportFileError(f"{path}: line {number} is too long")
                try:
                    parsed = json.loads(raw)
                except ValueError as error:
                    raise ExportFileError(f"{path}: line {number} is not JSON") from error
                if not isinstance(parsed, dict):
                    raise ExportFileError(f"{path}: line {number} is not a JSON object")
                yield number, parsed
    except (OSError, EOFError, zlib.error) as error:
        raise ExportFileError(f"{path}: not a whole gzip file ({error})") from error


def _header(path: Path, line: dict[str, Any]) -> Header:
    if line.get("format") != FORMAT:
        raise ExportFileError(f"{path}: not a Training Tracker export")
    if line.get("format_version") != FORMAT_VERSION:
        raise ExportFileError(
            f"{path}: export format version {line.get('format_version')!r}; this version "
            f"reads version {FORMAT_VERSION}"
        )
    fields = {n: line.get(n) for n in ("export_id", "exported_at", "product_version")}
    texts = {n: v for n, v in fields.items() if isinstance(v, str)}
    if len(texts) != len(fields):
        raise ExportFileError(f"{path}: the header lacks export_id, exported_at or version")
    return Header(**texts)


def read_records(path: Path, *, skip: int = 0) -> Iterator[Record]:
    """The records after the first `skip`; raises ExportFileError at a bad line or a missing
    trailer (`check` first to refuse such a file before anything is written)."""
    lines = _lines(path)
    first = next(lines, None)
    if first is None:
        raise ExportFileError(f"{path}: empty file")
    _header(path, first[1])
    seen = 0
    for number, line in lines:
        if line.get("end") is True:
            return
        seen += 1
        if seen <= skip:
            continue
        try:
            yield parse_record(line)
        except _RecordError as error:
            raise ExportFileError(f"{path}: line {number}: {error}") from None
    raise ExportFileError(f"{path}: cut short (no closing line)")


def check(path: Path) -> Contents:
    """Reads the whole file once: every record must parse and the trailer must agree."""
    lines = _lines(path)
    first = next(lines, None)
    if first is None:
        raise ExportFileError(f"{path}: empty file")
    header = _header(path, first[1])
    counts: Counter[str] = Counter()
    for number, line in lines:
        if line.get("end") is True:
            stated = line.get("counts")
            if stated != dict(counts) or line.get("records") != sum(counts.values()):
                raise ExportFileError(
                    f"{path}: the closing line counts {stated}, the file holds {dict(counts)}"
                )
            if next(lines, None) is not None:
                raise ExportFileError(f"{path}: lines after the closing line")
            return Contents(header, counts)
        try:
            counts[kind_of(parse_record(line))] += 1
        except _RecordError as error:
            raise ExportFileError(f"{path}: line {number}: {error}") from None
    raise ExportFileError(f"{path}: cut short (no closing line)")
