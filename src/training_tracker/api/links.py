"""OpenAPI links: which operation a response's ids lead to.

They let a client (and a stateful fuzzer) walk real resource chains: a created athlete to
its record, statistics, load and sessions; a session to its update and delete, with the
ETag it was answered with as If-Match.
"""

from __future__ import annotations

from typing import Any

Links = dict[str, dict[str, Any]]

ATHLETE_ID = "$response.body#/id"
SESSION_ID = "$response.body#/id"
SESSION_ATHLETE = "$response.body#/athlete_id"
ETAG = "$response.header.ETag"


def _link(
    operation_id: str, description: str, parameters: dict[str, str], body: Any = None
) -> Links:
    """`parameters` are keyed `<in>.<name>`, as OpenAPI qualifies them."""
    link: dict[str, Any] = {
        "operationId": operation_id,
        "description": description,
        "parameters": parameters,
    }
    if body is not None:
        link["requestBody"] = body
    return {operation_id: link}


def _athlete(athlete_id: str) -> Links:
    """From a response that names an athlete to what can be done with it."""
    return {
        **_link("get_athlete", "The athlete", {"path.athlete_id": athlete_id}),
        **_link("athlete_statistics", "The athlete's statistics", {"path.athlete_id": athlete_id}),
        **_link("athlete_training_load", "The athlete's load", {"path.athlete_id": athlete_id}),
        **_link("list_sessions", "The athlete's sessions", {"query.athleteId": athlete_id}),
        **_link("create_session", "Log a session for the athlete", {}, {"athlete_id": athlete_id}),
    }


def _athlete_changes() -> Links:
    at_version = {"path.athlete_id": ATHLETE_ID, "header.If-Match": ETAG}
    return {
        **_link("update_athlete", "Change the athlete at this version", at_version),
        **_link("delete_athlete", "Delete the athlete at this version", at_version),
    }


def _session_changes() -> Links:
    at_version = {"path.session_id": SESSION_ID, "header.If-Match": ETAG}
    return {
        **_link("get_session", "The session", {"path.session_id": SESSION_ID}),
        **_link(
            "update_session",
            "Change the session at this version (keeping its athlete)",
            at_version,
            {"athlete_id": SESSION_ATHLETE},
        ),
        **_link("delete_session", "Delete the session at this version", at_version),
    }


# A created or read athlete; a created or read session (which names its athlete).
ATHLETE = {**_athlete(ATHLETE_ID), **_athlete_changes()}
SESSION = {**_session_changes(), **_athlete(SESSION_ATHLETE)}
