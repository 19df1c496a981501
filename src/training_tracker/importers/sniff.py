"""What a file is, from its first bytes; its name only has to agree."""

from __future__ import annotations

import re
from enum import StrEnum

from training_tracker.errors import ImportRejectedError


class Kind(StrEnum):
    FIT = "fit"
    GPX = "gpx"
    TCX = "tcx"
    CSV = "csv"
    ZIP = "zip"
    GZIP = "gzip"


_EXTENSIONS = {
    ".fit": Kind.FIT,
    ".gpx": Kind.GPX,
    ".tcx": Kind.TCX,
    ".csv": Kind.CSV,
    ".zip": Kind.ZIP,
    ".gz": Kind.GZIP,
}
_XML_ROOTS = {b"gpx": Kind.GPX, b"TrainingCenterDatabase": Kind.TCX}
_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]")
_PROLOG = re.compile(rb"<\?xml[^>]*\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\]\s*)?>|\s+", re.DOTALL)
_SNIFF_BYTES = 4096


def claimed_kind(name: str) -> Kind | None:
    """The kind a file name claims (`ride.fit.gz` claims gzip), or None for another name."""
    lower = name.lower()
    for extension, kind in _EXTENSIONS.items():
        if lower.endswith(extension):
            return kind
    return None


def inner_name(name: str) -> str:
    """`ride.fit.gz` -> `ride.fit`: the name of what a gzip stream holds."""
    return name[:-3] if name.lower().endswith(".gz") else name


def _is_fit(data: bytes) -> bool:
    return len(data) >= 12 and data[0] in (12, 14) and data[8:12] == b".FIT"


def _xml_root(data: bytes) -> Kind | None:
    head = data[:_SNIFF_BYTES].removeprefix(b"\xef\xbb\xbf")
    position = 0
    while True:
        prolog = _PROLOG.match(head, position)
        if prolog is None or prolog.end() == position:
            break
        position = prolog.end()
    root = _ROOT.match(head, position)
    return _XML_ROOTS.get(root.group(1)) if root else None


def _looks_like_text(data: bytes) -> bool:
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start >= len(head) - 3  # a character cut by the sniff window
    return True


def content_kind(data: bytes) -> Kind | None:
    if data[:2] == b"\x1f\x8b":
        return Kind.GZIP
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return Kind.ZIP
    if _is_fit(data):
        return Kind.FIT
    xml = _xml_root(data)
    if xml is not None:
        return xml
    if _looks_like_text(data) and not data.lstrip().startswith(b"<"):
        return Kind.CSV
    return None


def sniff(name: str, data: bytes) -> Kind:
    """The file's kind, refusing one whose bytes are not what its name says."""
    if not data:
        raise ImportRejectedError("EMPTY_FILE", f"{name} is empty")
    found = content_kind(data)
    claimed = claimed_kind(name)
    if found is None:
        raise ImportRejectedError(
            "UNSUPPORTED_FORMAT", f"{name} is not a FIT, GPX, TCX, CSV, zip or gzip file"
        )
    if claimed is not None and claimed != found:
        raise ImportRejectedError(
            "TYPE_MISMATCH",
            f"{name} is named as {claimed.value} but its content is "
            + ("plain text" if found is Kind.CSV else found.value),
        )
    if found is Kind.CSV and claimed is None:
        raise ImportRejectedError(
            "UNSUPPORTED_FORMAT", f"{name} is text but not a .csv file; rename it if it is one"
        )
    return found
