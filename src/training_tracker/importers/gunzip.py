"""Gzip streams opened with a cap, so a few kilobytes cannot become gigabytes in memory."""

from __future__ import annotations

import zlib

from training_tracker.errors import ImportRejectedError
from training_tracker.importers.limits import MIB, ImportLimits

_CHUNK = 256 * 1024


def gunzip(name: str, data: bytes, limits: ImportLimits) -> bytes:
    """The stream's content, refused once it passes the file cap or the compression ratio.

    Concatenated members (which gzip allows) are read one after another."""
    cap = min(limits.max_file_bytes, max(MIB, len(data) * limits.max_compression_ratio))
    out = bytearray()
    remaining = data
    try:
        while remaining:
            stream = zlib.decompressobj(wbits=31)
            pending = remaining
            while not stream.eof:
                chunk = stream.decompress(pending, _CHUNK)
                pending = stream.unconsumed_tail
                out += chunk
                if len(out) > cap:
                    raise ImportRejectedError(
                        "GZIP_BOMB",
                        f"{name} decompresses to more than {cap} bytes; refused",
                    )
                if not chunk and not pending:
                    break
            if not stream.eof:
                raise ImportRejectedError("CORRUPT_FILE", f"{name} is a cut-off gzip stream")
            remaining = stream.unused_data.lstrip(b"\x00")
    except zlib.error as error:
        raise ImportRejectedError("CORRUPT_FILE", f"{name} is not a valid gzip stream") from error
    return bytes(out)
