"""What an upload costs in DynamoDB, at two table sizes: one key lookup per file to know a
duplicate, one transaction per imported file, nothing that grows with the table."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.api.test_costs import Cost, world_of
from tests.importers.fit_writer import FitWriter, one_hour_run

START = datetime(2024, 3, 20, 6, 0, tzinfo=UTC)


def _files(n: int) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [
        ("files", (f"run{i}.fit", one_hour_run(START + timedelta(hours=i), seconds=60), "x/y"))
        for i in range(n)
    ]


@pytest.mark.parametrize("size", [200, 1000])
def test_upload_costs_do_not_grow_with_the_table(size: int, tmp_path: Path) -> None:
    with world_of(size, tmp_path) as world:
        path = f"/v1/athletes/{world.athlete_ids[0]}/activity-files"
        new = world.cost(lambda c: c.post(path, files=_files(3)))
        # The athlete once; per file one GetItem (its content key) and one transaction.
        assert world.counter.operations == ["GetItem"] + ["GetItem", "TransactWriteItems"] * 3
        assert new == Cost(7, 1)
        again = world.cost(lambda c: c.post(path, files=_files(3)))
        assert world.counter.operations == ["GetItem"] * 4  # duplicates: one lookup each
        assert again == Cost(4, 4)


def test_gzipped_and_multisport_files_cost_one_lookup_too(tmp_path: Path) -> None:
    writer = FitWriter().file_id(created=START)
    for sport in ("swimming", "cycling", "running"):
        writer.session(START, sport=sport, timer_s=600, elapsed_s=600, distance_m=1000)
    files = [
        ("files", ("tri.fit.gz", gzip.compress(writer.bytes()), "application/gzip")),
    ]
    with world_of(200, tmp_path) as world:
        path = f"/v1/athletes/{world.athlete_ids[1]}/activity-files"
        world.cost(lambda c: c.post(path, files=files))
        assert world.counter.operations == ["GetItem", "GetItem", "TransactWriteItems"]
        world.cost(lambda c: c.post(path, files=files))
        assert world.counter.operations == ["GetItem", "GetItem"]
