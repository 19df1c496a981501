"""Activity-file uploads (`multipart/form-data`) and the originals they leave behind."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, File, Response, UploadFile

from training_tracker.api.auth import PrincipalDep, require_athlete, visible_session
from training_tracker.api.deps import Id, ImportsDep, SessionsDep
from training_tracker.api.responses import (
    ATHLETE_NOT_FOUND,
    BAD_MULTIPART,
    NO_FILES,
    NO_ORIGINAL,
    UPLOAD_TOO_LARGE,
)
from training_tracker.api.schemas import ImportResponse
from training_tracker.services.import_reports import ItemReport, summarize

router = APIRouter(tags=["imports"])
# The routes whose request bodies get the upload size limit instead of the JSON one.
UPLOAD_PATHS = re.compile(r"/v1/athletes/[^/]+/activity-files")


@router.post(
    "/v1/athletes/{athlete_id}/activity-files",
    response_model=ImportResponse,
    responses={**ATHLETE_NOT_FOUND, **UPLOAD_TOO_LARGE, **NO_FILES, **BAD_MULTIPART},
    summary="Import activity files",
)
def upload_activity_files(
    athlete_id: Id,
    principal: PrincipalDep,
    imports: ImportsDep,
    files: Annotated[
        list[UploadFile],
        File(
            description="One or many: FIT, GPX, TCX (each may be .gz), a Strava or Garmin "
            "export zip, a zip of activity files, or a sessions CSV",
            json_schema_extra={"minItems": 1},
        ),
    ],
) -> ImportResponse:
    """Every file is read and answered on its own: `created` (with its sessions),
    `duplicate` (with the sessions it made before) or `failed` (with a code and a message).
    Archives answer per entry, a CSV per row. Status 200 whatever the mix."""
    require_athlete(principal, athlete_id)
    athlete = imports.athlete(athlete_id)  # 404 before reading any file
    reports: list[ItemReport] = []
    for upload in files:
        reports += imports.import_upload(athlete, upload.filename or "upload", upload.file.read())
    return ImportResponse.model_validate(summarize(reports))


@router.get(
    "/v1/training-sessions/{session_id}/original",
    response_class=Response,
    responses={
        200: {
            "content": {"application/octet-stream": {}},
            "description": "The file the session was imported from, decompressed",
        },
        **NO_ORIGINAL,
    },
    summary="Download the original activity file",
)
def download_original(
    session_id: Id, principal: PrincipalDep, sessions: SessionsDep, imports: ImportsDep
) -> Response:
    session = visible_session(principal, sessions.get(session_id))
    original = imports.original(session)
    name = (session.source_file or session.id).rsplit("/", 1)[-1]
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", name).removesuffix(".gz")
    return Response(
        content=original.data,
        media_type=original.content_type,
        headers={"Content-Disposition": f'attachment; filename="{safe}"'},
    )
