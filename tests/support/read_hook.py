"""A Table in front of a real one that lets a test act just before each read."""

from __future__ import annotations

from typing import Any

from training_tracker.store.port import Item, Key, Page, Table


class BeforeReads:
    """Every get and query first calls `before_read` with its kind; everything else is the
    real table's."""

    def __init__(self, inner: Table) -> None:
        self._inner = inner

    def before_read(self, kind: str) -> None:
        """Overridden by a test to watch or hold the read."""

    def get(self, key: Key) -> Item | None:
        self.before_read("get")
        return self._inner.get(key)

    def query(self, **query: Any) -> Page:
        self.before_read("query")
        return self._inner.query(**query)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)
