"""A Table in front of a real one (SQLite file or moto) whose Nth write from now on fails as
the store does when it goes away, or lets something else happen first (a concurrent write)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from training_tracker.errors import StoreUnavailableError
from training_tracker.store.port import Delete, Put, Table, Update, WriteAction


class FailingWrites:
    def __init__(self, inner: Table) -> None:
        self._inner = inner
        self._countdown: int | None = None
        self._then: Callable[[], None] | None = None
        self.writes = 0  # writes that reached the store since the last `arm`
        self.fired = False

    def __getattr__(self, name: str) -> Any:  # reads and everything else: the real table
        return getattr(self._inner, name)

    def arm(self, nth: int, then: Callable[[], None] | None = None) -> None:
        """The `nth` write from now fails (StoreUnavailableError), or, given `then`, runs
        `then` first and goes through."""
        self._countdown, self._then, self.writes, self.fired = nth, then, 0, False

    def disarm(self) -> None:
        self._countdown = None

    def _before_write(self) -> None:
        if self._countdown is None:
            return
        self._countdown -= 1
        if self._countdown:
            return
        self._countdown, self.fired = None, True
        if self._then is None:
            raise StoreUnavailableError("the store went away (injected)")
        self._then()

    def write(self, action: Put | Delete | Update) -> None:
        self._before_write()
        self._inner.write(action)
        self.writes += 1

    def transact(self, actions: Sequence[WriteAction]) -> None:
        self._before_write()
        self._inner.transact(actions)
        self.writes += 1
