"""Wire format of imports: one item per file, archive entry or CSV row, and the counts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from training_tracker.api.schemas import TrainingSessionOut
from training_tracker.domain.imports import ItemStatus
from training_tracker.services.import_reports import ItemReport, counts


class SessionRefOut(BaseModel):
    id: str
    date: date


class ImportErrorOut(BaseModel):
    code: str = Field(description="A stable code such as CORRUPT_FILE, ZIP_BOMB, INVALID_ROW")
    message: str


class ImportItemOut(BaseModel):
    name: str = Field(description="The file, `archive.zip/path/in/archive`, or `file.csv:<line>`")
    status: Literal["created", "duplicate", "failed"]
    sessions: list[TrainingSessionOut] = Field(description="What a created item made")
    duplicateOf: list[SessionRefOut] = Field(  # noqa: N815
        description="For a duplicate: the sessions the same file made before"
    )
    error: ImportErrorOut | None = Field(description="Why a failed item failed")
    warnings: list[str]
    line: int | None = Field(description="A CSV row's first line (the header is line 1)")

    @staticmethod
    def of(report: ItemReport) -> ImportItemOut:
        failure = report.failure
        error = (
            None if failure is None else ImportErrorOut(code=failure.code, message=failure.message)
        )
        return ImportItemOut(
            name=report.name,
            status=report.status.value,
            sessions=[TrainingSessionOut.of(s) for s in report.sessions],
            duplicateOf=[SessionRefOut(id=r.id, date=r.date) for r in report.duplicate_of],
            error=error,
            warnings=list(report.warnings),
            line=report.line,
        )


class ImportCountsOut(BaseModel):
    created: int
    duplicate: int
    failed: int
    sessionsCreated: int  # noqa: N815


class ImportResponse(BaseModel):
    files: list[ImportItemOut]
    counts: ImportCountsOut

    @staticmethod
    def of(reports: Sequence[ItemReport]) -> ImportResponse:
        by_status = counts(reports)
        return ImportResponse(
            files=[ImportItemOut.of(r) for r in reports],
            counts=ImportCountsOut(
                created=by_status[ItemStatus.CREATED],
                duplicate=by_status[ItemStatus.DUPLICATE],
                failed=by_status[ItemStatus.FAILED],
                sessionsCreated=sum(len(r.sessions) for r in reports),
            ),
        )
