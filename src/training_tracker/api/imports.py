"""Activity-file uploads (`multipart/form-data`) and the originals they leave behind."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, File, Request, Response, UploadFile

from training_tracker.api.auth import PrincipalDep, require_athlete, visible_session
from training_tracker.api.deps import Id, SessionsDep
from training_tracker.api.import_schemas import ImportResponse
from training_tracker.api.schemas import ErrorOut
from training_tracker.services.import_reports import ItemReport
from training_tracker.services.imports import ImportService

router = APIRouter(tags=["imports"])
# The routes whose request bodies get the upload size limit instead of the JSON one.
UPLOAD_PATHS = re.compile(r"/v1/athletes/[^/]+/activity-files")
UPLOAD_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "Athlete not found"},
    413: {"model": ErrorOut, "description": "PAYLOAD_TOO_LARGE: over MAX_UPLOAD_BYTES"},
    422: {"description": "No `files` part"},
}


def _imports(request: Request) -> ImportService:
    service: ImportService = request.app.state.imports
    return service


@router.post(
    "/v1/athletes/{athlete_id}/activity-files",
    response_model=ImportResponse,
    responses=UPLOAD_ERRORS,
    summary="Import activity files",
)
def upload_activity_files(
    request: Request,
    athlete_id: Id,
    principal: PrincipalDep,
    files: Annotated[
        list[UploadFile],
        File(
            description="One or many: FIT, GPX, TCX (each may be .gz), a Strava or Garmin "
            "export zip, a zip of activity files, or a sessions CSV"
        ),
    ],
) -> ImportResponse:
    """Every file is read on its own and answered on its own: `created` (with its
    sessions), `duplicate` (with the sessions it made before) or `failed` (with a code and
    a message). Archives answer per entry, a CSV per row. Status 200 whatever the mix."""
    require_athlete(principal, athlete_id)
    imports = _imports(request)
    athlete = imports.athlete(athlete_id)  # 404 before reading any file
    reports: list[ItemReport] = []
    for upload in files:
        data = upload.file.read()
        reports += imports.import_upload(athlete, upload.filename or "upload", data)
    return ImportResponse.of(reports)


@router.get(
    "/v1/training-sessions/{session_id}/original",
    responses={
        200: {
            "content": {"application/octet-stream": {}},
            "description": "The file the session was imported from, decompressed",
        },
        404: {"model": ErrorOut, "description": "Session not found, or it has no original"},
    },
    response_class=Response,
    summary="Download the original activity file",
)
def download_original(
    request: Request, session_id: Id, principal: PrincipalDep, sessions: SessionsDep
) -> Response:
    session = visible_session(principal, sessions.get(session_id))
    original = _imports(request).original(session)
    name = (session.source.file_name if session.source else "") or session.id
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", name.rsplit("/", 1)[-1]).removesuffix(".gz")
    return Response(
        content=original.data,
        media_type=original.content_type,
        headers={"Content-Disposition": f'attachment; filename="{safe}"'},
    )
