"""A create/list/delete round trip through the client generated from the schema.

Type-checked with `mypy --strict` together with the generated package, then run against a
real server: `python round_trip.py <base url> <token>`. Exits non-zero on any surprise.
"""

from __future__ import annotations

import datetime
import sys

from tracker_client import AuthenticatedClient
from tracker_client.api.athletes import create_athlete, delete_athlete, get_athlete
from tracker_client.api.training_sessions import create_session, delete_session, list_sessions
from tracker_client.models import (
    AthleteInput,
    AthleteOut,
    ErrorOut,
    TrainingSessionInput,
    TrainingSessionListResponse,
    TrainingSessionOut,
)


def main(base_url: str, token: str) -> None:
    with AuthenticatedClient(base_url=base_url, token=token) as client:
        created = create_athlete.sync_detailed(client=client, body=AthleteInput(name="Ada Typed"))
        athlete = created.parsed
        assert created.status_code == 201, created
        assert isinstance(athlete, AthleteOut), created
        assert created.headers["ETag"] == '"1"'

        session_input = TrainingSessionInput(
            athlete_id=athlete.id,
            date=datetime.date(2024, 5, 1),
            duration=45.5,
            distance=10.2,
            sport="run",
            rpe=6,
        )
        logged = create_session.sync(client=client, body=session_input)
        assert isinstance(logged, TrainingSessionOut), logged
        assert (logged.athlete_name, logged.duration, logged.load) == ("Ada Typed", 45.5, 273.0)

        page = list_sessions.sync(client=client, athlete_id=athlete.id, limit=10)
        assert isinstance(page, TrainingSessionListResponse), page
        assert [s.id for s in page.data] == [logged.id]
        assert page.pagination.total == 1
        assert page.pagination.has_more is False

        refused = delete_athlete.sync_detailed(client=client, athlete_id=athlete.id)
        assert refused.status_code == 400, refused
        assert isinstance(refused.parsed, ErrorOut)
        assert refused.parsed.error == "ATHLETE_HAS_SESSIONS"

        gone = delete_session.sync_detailed(client=client, session_id=logged.id, if_match='"1"')
        assert gone.status_code == 204, gone
        empty = list_sessions.sync(client=client, athlete_id=athlete.id)
        assert isinstance(empty, TrainingSessionListResponse), empty
        assert empty.data == []

        deleted = delete_athlete.sync_detailed(client=client, athlete_id=athlete.id)
        assert deleted.status_code == 204, deleted
        missing = get_athlete.sync(client=client, athlete_id=athlete.id)
        assert isinstance(missing, ErrorOut), missing
        assert missing.error == "NOT_FOUND"
    print("round trip ok")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
