"""Services on the embedded engine: a real SQLite store file per test, tiny query pages."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from training_tracker.services.athletes import AthleteService
from training_tracker.services.sessions import SessionService
from training_tracker.store.keys import SCHEMA
from training_tracker.store.repository import Repository
from training_tracker.store.sqlite import SqliteTable

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteTable]:
    table = SqliteTable(tmp_path / "store.sqlite3", SCHEMA)
    table.ensure_table()
    yield table
    table.close()


@pytest.fixture
def repository(store: SqliteTable) -> Repository:
    return Repository(store, page_size=2)


@pytest.fixture
def athletes(repository: Repository) -> AthleteService:
    ids = (f"a{n}" for n in itertools.count(1))
    return AthleteService(repository, new_id=lambda: next(ids))


@pytest.fixture
def sessions(repository: Repository) -> SessionService:
    ids = (f"s{n}" for n in itertools.count(1))
    return SessionService(repository, clock=lambda: NOW, new_id=lambda: next(ids))
