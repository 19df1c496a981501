"""How much an import may decompress, open and nest before it is refused as hostile."""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True, kw_only=True)
class ImportLimits:
    """Caps applied while reading uploaded bytes; every one of them is a refusal, not a trim.

    - `max_file_bytes`: one activity file after decompression (a 10-hour 1 Hz FIT file with
      every sensor is about 5 MiB; GPX is larger per point).
    - `max_archive_bytes`: everything decompressed out of one archive, nested ones included.
    - `max_archive_entries`: entries in one archive, nested ones included.
    - `max_compression_ratio`: decompressed/compressed size of one entry or gzip stream;
      real activity files compress 3-15x.
    - `max_nesting_depth`: archives inside archives (a Garmin export has one level).
    """

    max_file_bytes: int = 64 * MIB
    max_archive_bytes: int = 2048 * MIB
    max_archive_entries: int = 50_000
    max_compression_ratio: int = 200
    max_nesting_depth: int = 2


DEFAULT_LIMITS = ImportLimits()
