"""What a valid input value is: dates, numbers and text, for bodies and query parameters alike.

Each type states its constraint twice, once as a check and once in the OpenAPI schema, so a
client can know from the schema what will be refused:

- dates: `YYYY-MM-DD` exactly, a real day, within the service's calendar
  (`domain/calendar.py`); anything else is 422 with `error: INVALID_DATE`.
- numbers: JSON numbers, finite, in range, with at most a stated number of decimal places
  (so every sum of them is exact in DynamoDB's 38 digits); `-0` becomes `0`.
- text: no lone surrogates; names without control or format characters (invisible, direction
  overrides), notes without control characters other than newline and tab. Names are trimmed
  and NFC-normalised, notes NFC-normalised with line breaks as `\\n`.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from training_tracker.domain.calendar import EARLIEST, LATEST, in_calendar

INVALID_DATE = "invalid_date"  # the validation error type the error handler names INVALID_DATE
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
CALENDAR = f"{EARLIEST.isoformat()} to {LATEST.isoformat()}"
# The calendar's years in the published pattern, so that a client or a fuzzer reading only
# the schema never sends a well-formed date outside it (format: date alone allows 0001).
CALENDAR_PATTERN = r"^(19[0-9]{2}|2[01][0-9]{2})-[0-9]{2}-[0-9]{2}$"
DATE_SCHEMA: dict[str, Any] = {
    "pattern": CALENDAR_PATTERN,
    "x-minimum": EARLIEST.isoformat(),
    "x-maximum": LATEST.isoformat(),
}


# -- dates ------------------------------------------------------------------------------------
def parse_date(value: object) -> date:
    """`YYYY-MM-DD`, a real day, in the calendar; no timestamps, no other spellings."""
    if isinstance(value, date):
        text = value.isoformat()
    elif isinstance(value, str):
        text = value
    else:
        raise PydanticCustomError(INVALID_DATE, "must be a date written as YYYY-MM-DD")
    if not re.fullmatch(DATE_PATTERN, text, flags=re.ASCII):
        raise PydanticCustomError(INVALID_DATE, "must be a date written as YYYY-MM-DD")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise PydanticCustomError(
            INVALID_DATE, "{text} is not a day of the calendar", {"text": text}
        ) from None
    if not in_calendar(day):
        raise PydanticCustomError(
            INVALID_DATE,
            "must be between {earliest} and {latest}",
            {"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
        )
    return day


CalendarDate = Annotated[
    date,
    BeforeValidator(parse_date),
    Field(description=f"YYYY-MM-DD, {CALENDAR}", json_schema_extra=DATE_SCHEMA),
]


# -- numbers ----------------------------------------------------------------------------------
def _json_number(value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("must be a JSON number")
    return value


def _json_integer(value: object) -> object:
    """6 or 6.0 (JSON Schema's `integer` includes both), never 6.5, "6" or true."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("must be a whole JSON number such as 6")
    return value


def decimal_places(places: int) -> AfterValidator:
    """At most `places` decimal places (as the number was written); -0 becomes 0."""

    def check(value: float) -> float:
        # repr is the shortest text that reads back as this float: what the client wrote,
        # less trailing zeros (45.50 -> "45.5", 1e-40 -> "1e-40")
        exponent = Decimal(repr(value)).as_tuple().exponent
        if isinstance(exponent, int) and -exponent > places:
            raise PydanticCustomError(
                "too_many_decimals",
                "must have at most {places} decimal places",
                {"places": places},
            )
        return 0.0 if value == 0 else value  # -0 is 0

    return AfterValidator(check)


def bounded(*, ge: float, le: float, places: int, unit: str) -> Any:
    """The schema side of a number: its range and how many decimal places it may have."""
    return Field(
        ge=ge,
        le=le,
        allow_inf_nan=False,
        description=f"{unit}, {ge:g}-{le:g}, at most {places} decimal places",
        # multipleOf states the places to any JSON Schema reader (a fuzzer generates exact
        # multiples such as 0.57); x-decimal-places says it plainly.
        json_schema_extra={"x-decimal-places": places, "multipleOf": float(f"1e-{places}")},
    )


JsonNumber = BeforeValidator(_json_number)
JsonInteger = BeforeValidator(_json_integer)


def to_decimal(value: float) -> Decimal:
    """The shortest decimal that reads back as the same float: 45.5 stays 45.5."""
    return Decimal(repr(value))


Rpe = Annotated[
    int,
    Field(ge=1, le=10, description="Session RPE on the CR-10 scale, 1-10"),
    BeforeValidator(_json_integer),
]


# -- text -------------------------------------------------------------------------------------
# Joiners Persian, Indic scripts and emoji need inside words; every other format character
# (direction overrides and isolates, zero-width space, BOM, soft hyphen, ...) is refused.
NAME_FORMAT_ALLOWED = frozenset("\u200c\u200d")
# Letters that draw nothing: a name made of them (or of spaces) is blank.
INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
NOTES_CONTROL_ALLOWED = frozenset("\n\t")


def _no_surrogates(value: str) -> None:
    if any(unicodedata.category(c) == "Cs" for c in value):
        raise PydanticCustomError(
            "invalid_text", "must be valid Unicode (a lone surrogate was sent)"
        )


def _sound_text(value: object) -> object:
    """Before the length check, which would refuse a lone surrogate less clearly."""
    if isinstance(value, str):
        _no_surrogates(value)
    return value


def _name(value: str) -> str:
    _no_surrogates(value)
    value = unicodedata.normalize("NFC", value).strip()
    for c in value:
        category = unicodedata.category(c)
        if category in ("Cc", "Zl", "Zp") or (category == "Cf" and c not in NAME_FORMAT_ALLOWED):
            raise PydanticCustomError(
                "invalid_text",
                "must not contain control or format characters (found {code})",
                {"code": f"U+{ord(c):04X}"},
            )
        if category in ("Co", "Cn"):
            raise PydanticCustomError(
                "invalid_text",
                "must not contain private-use or unassigned characters (found {code})",
                {"code": f"U+{ord(c):04X}"},
            )
    if all(c.isspace() or c in INVISIBLE_LETTERS or c in NAME_FORMAT_ALLOWED for c in value):
        raise PydanticCustomError("invalid_text", "must not be blank")
    return value


def _notes(value: str) -> str:
    _no_surrogates(value)
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    for c in value:
        if unicodedata.category(c) == "Cc" and c not in NOTES_CONTROL_ALLOWED:
            raise PydanticCustomError(
                "invalid_text",
                "must not contain control characters other than newline and tab (found {code})",
                {"code": f"U+{ord(c):04X}"},
            )
    return value


def _character_class(points: list[int]) -> str:
    """A regex character class of these code points (ascending), as ranges."""
    ranges: list[list[int]] = []
    for point in points:
        if ranges and ranges[-1][1] == point - 1:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])

    def spell(point: int) -> str:
        return f"\\u{point:04x}" if point <= 0xFFFF else chr(point)

    return "[" + "".join(spell(a) if a == b else f"{spell(a)}-{spell(b)}" for a, b in ranges) + "]"


@lru_cache(maxsize=1)
def name_pattern() -> str:
    """What `_name` accepts, as a pattern: whitespace of any kind at the ends (it is trimmed),
    allowed characters between, at least one of them visible."""
    spaces, allowed, visible = [], [], []
    for point in (*range(0xD800), *range(0xE000, sys.maxunicode + 1)):
        c = chr(point)
        category = unicodedata.category(c)
        if c.isspace():
            spaces.append(point)
        if category in ("Cc", "Zl", "Zp", "Co", "Cn") or (
            category == "Cf" and c not in NAME_FORMAT_ALLOWED
        ):
            continue
        allowed.append(point)
        if not (c.isspace() or c in INVISIBLE_LETTERS or c in NAME_FORMAT_ALLOWED):
            visible.append(point)
    ends, inside = _character_class(spaces), _character_class(allowed)
    return f"^{ends}*{inside}*{_character_class(visible)}{inside}*{ends}*$"


def _publish_name_pattern(schema: dict[str, Any]) -> None:
    schema["pattern"] = name_pattern()


# The lengths apply to the name as sent (what the schema's maxLength counts), then it is
# trimmed and normalised.
Name = Annotated[
    str,
    Field(
        min_length=1,
        max_length=200,
        description="1-200 characters; trimmed and NFC-normalised; no control or format "
        "characters (zero-width joiner and non-joiner allowed)",
        json_schema_extra=_publish_name_pattern,
    ),
    AfterValidator(_name),
    BeforeValidator(_sound_text),
]
Notes = Annotated[
    str,
    Field(
        max_length=1000,
        description="At most 1000 characters; NFC-normalised, line breaks stored as \\n; no "
        "control characters but newline and tab",
        json_schema_extra={"pattern": r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"},
    ),
    AfterValidator(_notes),
    BeforeValidator(_sound_text),
]
