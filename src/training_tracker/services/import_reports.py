"""What an import answers for each file, archive entry or CSV row."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from training_tracker.domain.imports import ItemStatus, SessionRef
from training_tracker.domain.models import TrainingSession
from training_tracker.importers import ImportFailure


@dataclass(frozen=True, kw_only=True)
class ItemReport:
    """`sessions` the item created, or `duplicate_of` the sessions it had made before, or a
    `failure`; `line` for a CSV row."""

    name: str
    status: ItemStatus
    sessions: tuple[TrainingSession, ...] = ()
    duplicate_of: tuple[SessionRef, ...] = ()
    failure: ImportFailure | None = None
    warnings: tuple[str, ...] = ()
    line: int | None = None

    @property
    def error(self) -> ImportFailure | None:
        return self.failure


@dataclass(frozen=True)
class ImportCounts:
    created: int
    duplicate: int
    failed: int
    sessions_created: int


@dataclass(frozen=True)
class ImportSummary:
    files: Sequence[ItemReport]
    counts: ImportCounts


def summarize(reports: Sequence[ItemReport]) -> ImportSummary:
    by_status = counts(reports)
    return ImportSummary(
        reports,
        ImportCounts(
            created=by_status[ItemStatus.CREATED],
            duplicate=by_status[ItemStatus.DUPLICATE],
            failed=by_status[ItemStatus.FAILED],
            sessions_created=sum(len(r.sessions) for r in reports),
        ),
    )


def failed(name: str, code: str, message: str, *, line: int | None = None) -> ItemReport:
    return ItemReport(
        name=name, status=ItemStatus.FAILED, failure=ImportFailure(code, message), line=line
    )


def counts(reports: Sequence[ItemReport]) -> dict[ItemStatus, int]:
    found = Counter(r.status for r in reports)
    return {status: found.get(status, 0) for status in ItemStatus}
