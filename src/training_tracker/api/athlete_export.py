"""GET /v1/athletes/{id}/export: every session of one athlete, as a sessions CSV or JSON.

The body is streamed: sessions are read one store page at a time while the previous ones
are being sent, so memory stays flat however long the history. What happens when the store
fails after the answer has begun is in docs/import-export.md ("Out")."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from training_tracker.api.auth import PrincipalDep, require_athlete
from training_tracker.api.deps import AthleteExportDep, Id
from training_tracker.api.responses import ATHLETE_NOT_FOUND, INVALID, Responses
from training_tracker.api.schemas import TrainingSessionOut
from training_tracker.api.streaming import chunked
from training_tracker.domain.models import Athlete, TrainingSession
from training_tracker.importers.sessions_csv import sessions_csv_lines

router = APIRouter(tags=["athletes"])

CSV_TYPE = "text/csv; charset=utf-8"
JSON_TYPE = "application/json"


class ExportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"


FormatQuery = Annotated[
    ExportFormat,
    Query(
        alias="format",
        description="`csv`: the sessions CSV the import reads back; `json`: an array of "
        "TrainingSession objects",
    ),
]

EXPORT_ANSWER: Responses = {
    200: {
        "description": "Every session of the athlete, oldest first (date, then id), streamed",
        "content": {
            "text/csv": {
                "schema": {
                    "type": "string",
                    "description": "The sessions CSV (docs/import-export.md): a header "
                    "line, then one row per session",
                }
            },
            "application/json": {
                "schema": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/TrainingSessionOut"},
                }
            },
        },
        "headers": {
            "Content-Disposition": {
                "description": 'attachment; filename="<name>-training-sessions.csv" (.json)',
                "schema": {"type": "string"},
            }
        },
    }
}


def _json_pieces(sessions: Iterable[TrainingSession]) -> Iterator[str]:
    yield "["
    separator = ""
    for session in sessions:
        yield separator + TrainingSessionOut.model_validate(session).model_dump_json(by_alias=True)
        separator = ","
    yield "]"


def file_name(athlete: Athlete, export_format: ExportFormat) -> str:
    """The athlete's name in plain ASCII (their id if nothing is left of it)."""
    ascii_name = unicodedata.normalize("NFKD", athlete.name).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-")
    stem = stem or re.sub(r"[^A-Za-z0-9._-]", "_", athlete.id)
    return f"{stem}-training-sessions.{export_format.value}"


@router.get(
    "/v1/athletes/{athlete_id}/export",
    response_class=StreamingResponse,
    responses={**EXPORT_ANSWER, **ATHLETE_NOT_FOUND, **INVALID},
    summary="Export an athlete's sessions",
)
def export_sessions(
    athlete_id: Id,
    principal: PrincipalDep,
    exports: AthleteExportDep,
    export_format: FormatQuery = ExportFormat.CSV,
) -> StreamingResponse:
    """Every session of the athlete, oldest first, as a download. `csv` is the sessions CSV:
    importing it back creates the same sessions (into the same athlete, every row is a
    duplicate). `json` is an array of the TrainingSession objects the other routes return.
    An athlete token exports only itself; another athlete's id is 404."""
    require_athlete(principal, athlete_id)
    export = exports.open(athlete_id)
    if export_format is ExportFormat.CSV:
        body, media_type = sessions_csv_lines(export.sessions), CSV_TYPE
    else:
        body, media_type = _json_pieces(export.sessions), JSON_TYPE
    name = file_name(export.athlete, export_format)
    return StreamingResponse(
        chunked(f"export of athlete {athlete_id}", body),
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
