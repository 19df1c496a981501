"""THE single-table design. Every key, index and access pattern of the table is declared here.

| item                 | PK            | SK                   | index keys                    |
|----------------------|---------------|----------------------|-------------------------------|
| athlete              | ATHLETE#<aid> | PROFILE              | GSI1: ATHLETES, <name>␟<aid>  |
| session              | ATHLETE#<aid> | SESSION#<date>#<sid> | GSI2: SESSIONS#<yyyy-mm>,     |
|                      |               |                      |       <date>#<sid>            |
| session locator      | SESSION#<sid> | LOCATOR              |                               |
| athlete's day totals | ATHLETE#<aid> | DAY#<date>           |                               |
| athlete's month      | ATHLETE#<aid> | MONTH#<yyyy-mm>      |                               |
| everyone's day       | TOTALS        | DAY#<date>           |                               |
| everyone's month     | TOTALS        | MONTH#<yyyy-mm>      |                               |
| API token            | TOKEN#<sha256>| TOKEN                | GSI1: TOKENS, <created>#<tid> |
| server secret        | SERVER        | SECRET#<name>        |                               |

GSI1 (athletes by name) is sparse: only athletes carry its keys in partition ATHLETES; API
tokens use its partition TOKENS (read only by `token list/revoke`, never on a request path).
GSI2 spreads sessions over one partition per month, so no single key takes every write.

Access patterns (see DYNAMODB_SETUP.md for their cost):
- athlete by id: GetItem athlete key.
- athletes by name: Query GSI1 partition ATHLETES (sparse: only athletes carry GSI1 keys).
- session by id: GetItem locator, then GetItem the session it points at (both consistent).
- an athlete's sessions in a date range, newest first: Query the athlete's partition, SK range.
- everyone's sessions in a date range, newest first: Query GSI2 one month bucket at a time.
- totals for a range: Query day and month totals in an athlete's partition or in TOTALS.
- token by its hash (every authenticated request): GetItem token key.
- tokens, oldest first (CLI only): Query GSI1 partition TOKENS.
- a server secret (once per process, at its first use): GetItem, PutItem if absent.
"""

from __future__ import annotations

from datetime import date

from training_tracker.store.port import IndexSpec, Key, TableSchema

PK = "PK"
SK = "SK"
GSI1 = "GSI1"
GSI2 = "GSI2"

SCHEMA = TableSchema(
    pk=PK,
    sk=SK,
    indexes=(IndexSpec(GSI1, "GSI1PK", "GSI1SK"), IndexSpec(GSI2, "GSI2PK", "GSI2SK")),
)

# Item types, stored in the "type" attribute so maintenance commands can tell items apart.
ATHLETE_TYPE = "athlete"
SESSION_TYPE = "session"
LOCATOR_TYPE = "locator"
DAY_TOTALS_TYPE = "day-totals"
MONTH_TOTALS_TYPE = "month-totals"

ATHLETES_PARTITION = "ATHLETES"
EVERYONE = "TOTALS"
SESSION_PREFIX = "SESSION#"
DAY_PREFIX = "DAY#"
MONTH_PREFIX = "MONTH#"
# Orders after every character a sort key can hold here (ids and dates are ASCII).
HIGHEST = "~"
# Athlete names may not contain control characters, so this separator sorts "ann" before "ann b".
NAME_SEPARATOR = "\x1f"


def athlete_partition(athlete_id: str) -> str:
    return f"ATHLETE#{athlete_id}"


def athlete_key(athlete_id: str) -> Key:
    return {PK: athlete_partition(athlete_id), SK: "PROFILE"}


def athlete_index_keys(athlete_id: str, name: str) -> dict[str, str]:
    return {"GSI1PK": ATHLETES_PARTITION, "GSI1SK": f"{name.lower()}{NAME_SEPARATOR}{athlete_id}"}


def session_sort_key(session_date: date, session_id: str) -> str:
    return f"{SESSION_PREFIX}{session_date.isoformat()}#{session_id}"


def session_key(athlete_id: str, session_date: date, session_id: str) -> Key:
    return {PK: athlete_partition(athlete_id), SK: session_sort_key(session_date, session_id)}


def month_bucket(day: date) -> str:
    return f"SESSIONS#{day:%Y-%m}"


def session_index_keys(session_date: date, session_id: str) -> dict[str, str]:
    return {
        "GSI2PK": month_bucket(session_date),
        "GSI2SK": f"{session_date.isoformat()}#{session_id}",
    }


def locator_key(session_id: str) -> Key:
    return {PK: f"SESSION#{session_id}", SK: "LOCATOR"}


def totals_partition(athlete_id: str | None) -> str:
    """Totals live beside the athlete's sessions, or in one partition for everyone."""
    return EVERYONE if athlete_id is None else athlete_partition(athlete_id)


def day_totals_key(athlete_id: str | None, day: date) -> Key:
    return {PK: totals_partition(athlete_id), SK: f"{DAY_PREFIX}{day.isoformat()}"}


def month_totals_key(athlete_id: str | None, month: date) -> Key:
    return {PK: totals_partition(athlete_id), SK: f"{MONTH_PREFIX}{month:%Y-%m}"}


def day_sort_bounds(first: date | None, last: date | None, prefix: str) -> tuple[str, str]:
    """Inclusive SK bounds covering every day from `first` to `last` under `prefix`."""
    low = prefix + (first.isoformat() if first else "")
    high = prefix + (last.isoformat() if last else "") + HIGHEST
    return low, high


def month_sort_bounds(first: date | None, last: date | None) -> tuple[str, str]:
    low = MONTH_PREFIX + (f"{first:%Y-%m}" if first else "")
    high = MONTH_PREFIX + (f"{last:%Y-%m}" if last else "") + HIGHEST
    return low, high


def date_of_sort_key(sort_key: str) -> date:
    """The date inside SESSION#<date>#…, DAY#<date>, <date>#… or MONTH#<yyyy-mm> (first day)."""
    text = sort_key.split("#", 1)[1] if "#" in sort_key and not sort_key[0].isdigit() else sort_key
    text = text.split("#", 1)[0]
    return date.fromisoformat(text if len(text) == 10 else f"{text}-01")


CHECKPOINT_TYPE = "checkpoint"


def checkpoint_key(job: str) -> Key:
    """Where a maintenance command records how far it got, so a rerun resumes there."""
    return {PK: "MAINTENANCE", SK: job}


TOKEN_TYPE = "token"  # noqa: S105 (an item type, not a secret)
TOKENS_PARTITION = "TOKENS"


def token_key(token_hash: str) -> Key:
    """An API token, found by the SHA-256 of its secret (the secret itself is never stored)."""
    return {PK: f"TOKEN#{token_hash}", SK: "TOKEN"}


def token_index_keys(created_at: str, token_id: str) -> dict[str, str]:
    return {"GSI1PK": TOKENS_PARTITION, "GSI1SK": f"{created_at}#{token_id}"}


IDEMPOTENCY_TYPE = "idempotency"
IDEMPOTENCY_PREFIX = "IDEMPOTENCY#"
# Epoch seconds after which an item is dead; DynamoDB's TTL is enabled on this attribute and
# both engines treat an item past it as absent before TTL gets round to deleting it.
EXPIRES_AT = "expires_at"


def idempotency_key(digest: str) -> Key:
    """The answer to a POST sent with an Idempotency-Key: digest = sha256(principal, key)."""
    return {PK: f"{IDEMPOTENCY_PREFIX}{digest}", SK: "RECORD"}


SERVER_SECRET_TYPE = "server-secret"  # noqa: S105 (an item type, not a secret)


def server_secret_key(name: str) -> Key:
    """A secret every server process shares (the cursor signing key): created once, by
    whichever process first needs it, and read by all the others."""
    return {PK: "SERVER", SK: f"SECRET#{name}"}
