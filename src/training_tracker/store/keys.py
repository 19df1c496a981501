"""THE single-table design. Every key, index and access pattern of the table is declared here.

| item                 | PK            | SK                   | index keys                    |
|----------------------|---------------|----------------------|-------------------------------|
| athlete              | ATHLETE#<aid> | PROFILE              | GSI1: ATHLETES, <name>␟<aid>  |
| session              | ATHLETE#<aid> | SESSION#<date>#<sid> | GSI2: SESSIONS#<yyyy-mm>,     |
|                      |               |                      |       <date>#<sid>            |
| session locator      | SESSION#<sid> | LOCATOR              |                               |
| athlete's day totals | ATHLETE#<aid> | DAY#<date>           |                               |
| athlete's month      | ATHLETE#<aid> | MONTH#<yyyy-mm>      |                               |
| everyone's day, a    | TOTALS        | DAY#<date>#<shard>   |                               |
|   shard of it        |               |                      |                               |
| everyone's month, a  | TOTALS        | MONTH#<yyyy-mm>#     |                               |
|   shard of it        |               |   <shard>            |                               |
| athlete's all-time   | ATHLETE#<aid> | ALL                  |                               |
| everyone's all-time, | TOTALS        | ALL#<shard>          |                               |
|   a shard of it      |               |                      |                               |
| athletes count, a    | TOTALS        | ATHLETES#<shard>     |                               |
|   shard of it        |               |                      |                               |
| API token            | TOKEN#<sha256>| TOKEN                | GSI1: TOKENS, <created>#<tid> |
| server secret        | SERVER        | SECRET#<name>        |                               |


| import dedupe key    | ATHLETE#<aid> | IMPORT#<key>         |                               |
| planned session      | ATHLETE#<aid> | PLAN#<date>#<pid>    |                               |
| plan locator         | ATHLETE#<aid> | PLANID#<pid>         | (holds the plan's date)       |
| wellness of a day    | ATHLETE#<aid> | WELLNESS#<date>      |                               |
| migration record     | MIGRATION#<job> | RECORD, ATHLETE#<aid>#<n>, PROBLEMS#<n>, |          |
|                      |               | ASIDE#<old PK>#<old SK> |                            |

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
  Everyone's totals are sharded (a session counts in its athlete's shard, 00..15, so no item
  takes every write); one SK range over DAY#/MONTH# returns every shard of every day or month
  in it, and the reader adds them up.
- all-time totals (statistics and `total` without dates): Query SK begins_with ALL in the
  athlete's partition (one item) or in TOTALS (one item per shard in use, at most 16).
- how many athletes (the coach's board's `total`): Query TOTALS, SK begins_with ATHLETES#
  (one item per shard in use, at most 16); an athlete counts in its shard of everyone's
  totals, changed in the transaction that creates or deletes it.
- token by its hash (every authenticated request): GetItem token key.
- tokens, oldest first (CLI only): Query GSI1 partition TOKENS.
- a server secret (once per process, at its first use): GetItem, PutItem if absent.


- has this athlete imported this file: GetItem import dedupe key (one per file).
- an athlete's import keys (cascade delete only): Query the athlete's partition, IMPORT#.
- an athlete's planned sessions in a date range, by date: Query the athlete's partition, SK
  between PLAN#<first> and PLAN#<last>~ (reads only the plans returned).
- planned session by id (the athlete is in the path): GetItem its locator, then the plan.
- an athlete's wellness in a date range: Query SK between WELLNESS#<first> and
  WELLNESS#<last>~; one day: GetItem.
- a migration's record of the old table's view (CLI only): Query partition MIGRATION#<job>.
"""

from __future__ import annotations

from datetime import date

from training_tracker.store.port import IndexSpec, Item, Key, TableSchema

# -- attributes, indexes, partitions and prefixes -----------------------------------------------
PK = "PK"
SK = "SK"
GSI1 = "GSI1"
GSI1PK = "GSI1PK"
GSI1SK = "GSI1SK"
GSI2 = "GSI2"
GSI2PK = "GSI2PK"
GSI2SK = "GSI2SK"

SCHEMA = TableSchema(
    pk=PK,
    sk=SK,
    indexes=(IndexSpec(GSI1, GSI1PK, GSI1SK), IndexSpec(GSI2, GSI2PK, GSI2SK)),
)

# Item types, stored in the "type" attribute so maintenance commands can tell items apart.
ATHLETE_TYPE = "athlete"
SESSION_TYPE = "session"
LOCATOR_TYPE = "locator"
DAY_TOTALS_TYPE = "day-totals"
MONTH_TOTALS_TYPE = "month-totals"
ALL_TIME_TOTALS_TYPE = "all-time-totals"
ATHLETES_COUNT_TYPE = "athletes-count"
CHECKPOINT_TYPE = "checkpoint"
MIGRATION_RECORD_TYPE = "migration-record"
TOKEN_TYPE = "token"  # noqa: S105 (an item type, not a secret)
IDEMPOTENCY_TYPE = "idempotency"

ATHLETES_PARTITION = "ATHLETES"
TOKENS_PARTITION = "TOKENS"
EVERYONE = "TOTALS"
MAINTENANCE_PARTITION = "MAINTENANCE"
ATHLETE_PREFIX = "ATHLETE#"
SESSION_PREFIX = "SESSION#"
SESSIONS_PREFIX = "SESSIONS#"
DAY_PREFIX = "DAY#"
MONTH_PREFIX = "MONTH#"
ALL_TIME = "ALL"
ATHLETES_COUNT_PREFIX = "ATHLETES#"
TOKEN_PREFIX = "TOKEN#"  # noqa: S105 (a key prefix, not a secret)
IDEMPOTENCY_PREFIX = "IDEMPOTENCY#"
MIGRATION_PREFIX = "MIGRATION#"
PROBLEMS_PREFIX = "PROBLEMS#"
ASIDE_PREFIX = "ASIDE#"
PROFILE = "PROFILE"
LOCATOR = "LOCATOR"
TOKEN = "TOKEN"  # noqa: S105 (a sort key, not a secret)
RECORD = "RECORD"
# Orders after every character a sort key can hold here (ids and dates are ASCII).
HIGHEST = "~"
# Athlete names may not contain control characters, so this separator sorts "ann" before "ann b".
NAME_SEPARATOR = "\x1f"
# Epoch seconds after which an item is dead; DynamoDB's TTL is enabled on this attribute and
# both engines treat an item past it as absent before TTL gets round to deleting it.
EXPIRES_AT = "expires_at"


def key_of(item: Item) -> Key:
    """The primary key of a stored item."""
    return {PK: item[PK], SK: item[SK]}


def index_position(item: Item, index: str) -> Item:
    """Where a Query of `index` stands after `item`: its table and index keys."""
    spec = SCHEMA.index(index)
    return {a: item[a] for a in (PK, SK, spec.pk, spec.sk)}


def month_text(day: date) -> str:
    """`yyyy-mm` with a four-digit year whatever the platform's strftime does (`%Y` gives
    "1" for year 1 on glibc), so month keys sort as text and parse back."""
    return f"{day.year:04d}-{day.month:02d}"


# -- athletes -----------------------------------------------------------------------------------
def athlete_partition(athlete_id: str) -> str:
    return f"{ATHLETE_PREFIX}{athlete_id}"


def athlete_key(athlete_id: str) -> Key:
    return {PK: athlete_partition(athlete_id), SK: PROFILE}


def athlete_index_keys(athlete_id: str, name: str) -> dict[str, str]:
    return {GSI1PK: ATHLETES_PARTITION, GSI1SK: f"{name.lower()}{NAME_SEPARATOR}{athlete_id}"}


# -- sessions -----------------------------------------------------------------------------------
def session_sort_key(session_date: date, session_id: str) -> str:
    return f"{SESSION_PREFIX}{session_index_sort_key(session_date, session_id)}"


def session_key(athlete_id: str, session_date: date, session_id: str) -> Key:
    return {PK: athlete_partition(athlete_id), SK: session_sort_key(session_date, session_id)}


def month_bucket(day: date) -> str:
    """The GSI2 partition holding everyone's sessions of `day`'s month."""
    return f"{SESSIONS_PREFIX}{month_text(day)}"


def session_index_sort_key(session_date: date, session_id: str) -> str:
    """A session's GSI2 sort key: <date>#<sid>."""
    return f"{session_date.isoformat()}#{session_id}"


def session_index_keys(session_date: date, session_id: str) -> dict[str, str]:
    return {
        GSI2PK: month_bucket(session_date),
        GSI2SK: session_index_sort_key(session_date, session_id),
    }


def locator_key(session_id: str) -> Key:
    return {PK: f"{SESSION_PREFIX}{session_id}", SK: LOCATOR}


def session_sort_bounds(first: date | None, last: date | None) -> tuple[str, str]:
    """Inclusive SK bounds covering an athlete's sessions from `first` to `last`."""
    return day_sort_bounds(first, last, SESSION_PREFIX)


def session_index_bounds(first: date | None, last: date | None) -> tuple[str, str]:
    """Inclusive GSI2 sort-key bounds covering a month bucket's sessions `first`..`last`."""
    return day_sort_bounds(first, last, "")


# -- totals -------------------------------------------------------------------------------------
def totals_partition(athlete_id: str | None) -> str:
    """Totals live beside the athlete's sessions, or in one partition for everyone."""
    return EVERYONE if athlete_id is None else athlete_partition(athlete_id)


def _shard_suffix(shard: int | None) -> str:
    return "" if shard is None else f"#{shard:02d}"


def day_totals_key(athlete_id: str | None, day: date, shard: int | None = None) -> Key:
    """An athlete's day totals (no shard), or one shard of everyone's."""
    return {
        PK: totals_partition(athlete_id),
        SK: f"{DAY_PREFIX}{day.isoformat()}{_shard_suffix(shard)}",
    }


def month_totals_key(athlete_id: str | None, month: date, shard: int | None = None) -> Key:
    return {
        PK: totals_partition(athlete_id),
        SK: f"{MONTH_PREFIX}{month_text(month)}{_shard_suffix(shard)}",
    }


def all_time_totals_key(athlete_id: str | None, shard: int | None = None) -> Key:
    """An athlete's totals over all time (no shard), or one shard of everyone's."""
    return {PK: totals_partition(athlete_id), SK: f"{ALL_TIME}{_shard_suffix(shard)}"}


def athletes_count_key(shard: int) -> Key:
    """One shard of the number of athletes (an athlete counts in its shard of the totals)."""
    return {PK: EVERYONE, SK: f"{ATHLETES_COUNT_PREFIX}{shard:02d}"}


def day_sort_bounds(first: date | None, last: date | None, prefix: str) -> tuple[str, str]:
    """Inclusive SK bounds covering every day from `first` to `last` under `prefix`."""
    low = prefix + (first.isoformat() if first else "")
    high = prefix + (last.isoformat() if last else "") + HIGHEST
    return low, high


def day_totals_bounds(first: date | None, last: date | None) -> tuple[str, str]:
    return day_sort_bounds(first, last, DAY_PREFIX)


def month_sort_bounds(first: date | None, last: date | None) -> tuple[str, str]:
    low = MONTH_PREFIX + (month_text(first) if first else "")
    high = MONTH_PREFIX + (month_text(last) if last else "") + HIGHEST
    return low, high


def day_of_totals(item: Item) -> date:
    """The day of a day-totals item (SK DAY#<date>, or DAY#<date>#<shard>)."""
    return date.fromisoformat(item[SK].removeprefix(DAY_PREFIX).split("#", 1)[0])


def month_of_totals(item: Item) -> date:
    """The first day of a month-totals item's month (SK MONTH#<yyyy-mm>[#<shard>])."""
    text = item[SK].removeprefix(MONTH_PREFIX).split("#", 1)[0]
    year, _, month = text.partition("-")
    return date(int(year), int(month), 1)  # also reads an unpadded year an older version wrote


# -- maintenance, tokens, idempotency -----------------------------------------------------------
def checkpoint_key(job: str) -> Key:
    """Where a maintenance command records how far it got, so a rerun resumes there."""
    return {PK: MAINTENANCE_PARTITION, SK: job}


def migration_partition(job: str) -> str:
    """What a migration recorded of the old table (its view after repairs, the repairs)."""
    return f"{MIGRATION_PREFIX}{job}"


def migration_plan_key(job: str) -> Key:
    """Written last: a record without it is incomplete."""
    return {PK: migration_partition(job), SK: RECORD}


def migration_view_key(job: str, athlete_id: str, part: int) -> Key:
    """One part of an athlete's recorded view (a long history takes several, each far below
    400 KB); the fixed-width part number ends the key, so no two athletes' keys meet."""
    return {PK: migration_partition(job), SK: f"{ATHLETE_PREFIX}{athlete_id}#{part:04d}"}


def migration_problems_key(job: str, chunk: int) -> Key:
    return {PK: migration_partition(job), SK: f"{PROBLEMS_PREFIX}{chunk:06d}"}


def migration_aside_key(job: str, old_key: Key) -> Key:
    """An old item the migration could not copy, kept whole for review."""
    return {
        PK: migration_partition(job),
        SK: f"{ASIDE_PREFIX}{old_key[PK]}#{old_key[SK]}",
    }


def is_migration_aside(item: Item) -> bool:
    return str(item[SK]).startswith(ASIDE_PREFIX)


def is_migration_view(item: Item) -> bool:
    return str(item[SK]).startswith(ATHLETE_PREFIX)


def is_migration_problems(item: Item) -> bool:
    return str(item[SK]).startswith(PROBLEMS_PREFIX)


def token_key(token_hash: str) -> Key:
    """An API token, found by the SHA-256 of its secret (the secret itself is never stored)."""
    return {PK: f"{TOKEN_PREFIX}{token_hash}", SK: TOKEN}


def token_index_keys(created_at: str, token_id: str) -> dict[str, str]:
    return {GSI1PK: TOKENS_PARTITION, GSI1SK: f"{created_at}#{token_id}"}


def idempotency_key(digest: str) -> Key:
    """The answer to a POST sent with an Idempotency-Key: digest = sha256(principal, key)."""
    return {PK: f"{IDEMPOTENCY_PREFIX}{digest}", SK: RECORD}


SERVER_SECRET_TYPE = "server-secret"  # noqa: S105 (an item type, not a secret)


SERVER_PARTITION = "SERVER"
SECRET_PREFIX = "SECRET#"  # noqa: S105 (a key prefix, not a secret)


def server_secret_key(name: str) -> Key:
    """A secret every server process shares (the cursor signing key): created once, by
    whichever process first needs it, and read by all the others."""
    return {PK: SERVER_PARTITION, SK: f"{SECRET_PREFIX}{name}"}


def readiness_probe_key() -> Key:
    """Read (never written) by /readyz on the embedded store to prove the file answers."""
    return {PK: "READINESS", SK: "PROBE"}


IMPORT_KEY_TYPE = "import-key"
IMPORT_PREFIX = "IMPORT#"


def import_key(athlete_id: str, dedupe_key: str) -> Key:
    """One dedupe key of an imported file (`sha256:…`, `fit:…`, `strava:…`, `csv:…`) in the
    athlete's partition, naming the sessions the file made: a duplicate is one GetItem."""
    return {PK: athlete_partition(athlete_id), SK: f"{IMPORT_PREFIX}{dedupe_key}"}


# -- planned sessions and wellness ---------------------------------------------------------------
PLAN_TYPE = "plan"
PLAN_LOCATOR_TYPE = "plan-locator"
WELLNESS_TYPE = "wellness"
PLAN_PREFIX = "PLAN#"
PLAN_LOCATOR_PREFIX = "PLANID#"
WELLNESS_PREFIX = "WELLNESS#"
# Sort-key prefixes of everything an athlete owns besides sessions and totals, for the
# clean-up when the athlete is deleted.
ATHLETE_EXTRA_PREFIXES = (PLAN_PREFIX, PLAN_LOCATOR_PREFIX, WELLNESS_PREFIX)


def plan_key(athlete_id: str, day: date, plan_id: str) -> Key:
    return {PK: athlete_partition(athlete_id), SK: f"{PLAN_PREFIX}{day.isoformat()}#{plan_id}"}


def plan_locator_key(athlete_id: str, plan_id: str) -> Key:
    return {PK: athlete_partition(athlete_id), SK: f"{PLAN_LOCATOR_PREFIX}{plan_id}"}


def plan_sort_bounds(first: date, last: date) -> tuple[str, str]:
    return day_sort_bounds(first, last, PLAN_PREFIX)


def wellness_key(athlete_id: str, day: date) -> Key:
    return {PK: athlete_partition(athlete_id), SK: f"{WELLNESS_PREFIX}{day.isoformat()}"}


def wellness_sort_bounds(first: date, last: date) -> tuple[str, str]:
    return day_sort_bounds(first, last, WELLNESS_PREFIX)


# -- whole-store export ---------------------------------------------------------------------------
def athlete_of(item: Item) -> str:
    """The athlete whose partition holds `item`."""
    return str(item[PK]).removeprefix(ATHLETE_PREFIX)


def dedupe_key_of(item: Item) -> str:
    """The dedupe key an import-key item stands for."""
    return str(item[SK]).removeprefix(IMPORT_PREFIX)


def idempotency_digest_of(item: Item) -> str:
    return str(item[PK]).removeprefix(IDEMPOTENCY_PREFIX)
