"""`If-Match`: which stored versions a conditional write may replace."""

from __future__ import annotations

from dataclasses import dataclass

from training_tracker.errors import PreconditionFailedError


@dataclass(frozen=True)
class IfMatch:
    """Parsed `If-Match`: `*` (any current version) or a list of strong entity tags.

    Entity tags are `"<version>"`. Weak tags (`W/"3"`) and anything unparsable never match:
    If-Match uses the strong comparison (RFC 9110, 13.1.1).
    """

    any: bool = False
    versions: frozenset[int] = frozenset()

    @staticmethod
    def parse(header: str | None) -> IfMatch | None:
        if header is None:
            return None
        if header.strip() == "*":
            return IfMatch(any=True)
        versions = set()
        for tag in header.split(","):
            tag = tag.strip()
            inner = tag[1:-1] if len(tag) >= 2 and tag[0] == tag[-1] == '"' else ""
            if inner.isascii() and inner.isdigit() and len(inner) <= 18:
                versions.add(int(inner))
        return IfMatch(versions=frozenset(versions))

    def check(self, kind: str, ident: str, version: int) -> None:
        if not (self.any or version in self.versions):
            raise PreconditionFailedError(kind, ident, version)


def etag(version: int) -> str:
    return f'"{version}"'
