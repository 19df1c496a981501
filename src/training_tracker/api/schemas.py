"""The v1 wire format. Field names, including the mixed naming, are part of the contract.

A field is declared once, under its domain name; its wire name is the camelCase alias
(`resting_heart_rate` is `restingHeartRate`), except where v1 spells it in snake_case
(`athlete_id`, `athlete_name`), which says so with `Field(alias=...)`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal, Self
from zoneinfo import available_timezones

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    model_validator,
)
from pydantic.alias_generators import to_camel

from training_tracker.api.fields import (
    CalendarDate,
    JsonNumber,
    Name,
    Notes,
    Rpe,
    bounded,
    decimal_places,
    to_decimal,
)
from training_tracker.domain.load import LoadMethod, Sex, Sport
from training_tracker.domain.models import MAX_QUANTITY, SessionDetails
from training_tracker.domain.wellness import Flag

# The Field comes first: constraints before a validator would be published as "ge"/"le"
# instead of JSON Schema's minimum/maximum.
Duration = Annotated[
    float,
    bounded(ge=0, le=MAX_QUANTITY, places=2, unit="minutes"),
    JsonNumber,
    decimal_places(2),
]
Distance = Annotated[
    float,
    bounded(ge=0, le=MAX_QUANTITY, places=3, unit="kilometres"),
    JsonNumber,
    decimal_places(3),
]
HeartRate = Annotated[
    float, bounded(ge=20, le=250, places=1, unit="beats per minute"), JsonNumber, decimal_places(1)
]
# A seeded fitness or fatigue (a daily load average): far above any real athlete's.
LoadLevel = Annotated[
    float,
    bounded(ge=0, le=10_000, places=2, unit="load units per day"),
    JsonNumber,
    decimal_places(2),
]


# Read once: the published enum and the check are the same set.
ZONE_NAMES = frozenset(available_timezones())


def _iana_zone(value: str) -> str:
    if value not in ZONE_NAMES:
        raise ValueError("must be an IANA time zone name such as Europe/Paris or UTC")
    return value


TimeZoneName = Annotated[
    str,
    Field(
        max_length=64,
        description="IANA name such as Europe/Paris; null means UTC",
        json_schema_extra={"enum": sorted(ZONE_NAMES)},
    ),
    AfterValidator(_iana_zone),
]


class WireIn(BaseModel):
    """A request body: read by wire name only (a snake_case `resting_heart_rate` is ignored,
    as in v1), dumped by wire name (idempotency fingerprints)."""

    model_config = ConfigDict(alias_generator=to_camel, serialize_by_alias=True)

    def domain_values(self, *, only_sent: bool = False) -> dict[str, Any]:
        """The fields by domain name, numbers as Decimal; `only_sent` leaves out absent ones."""
        values = self.model_dump(by_alias=False, exclude_unset=only_sent)
        return {k: to_decimal(v) if isinstance(v, float) else v for k, v in values.items()}


class WireOut(BaseModel):
    """A response body: built from a domain object's attributes, written by wire name."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        serialize_by_alias=True,
        from_attributes=True,
    )


class AthleteInput(WireIn):
    """On PUT, optional fields absent from the body keep their stored values; null clears."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"name": "Ada Runner"},
                {
                    "name": "Ada Runner",
                    "restingHeartRate": 52,
                    "maxHeartRate": 188,
                    "sex": "female",
                },
            ]
        }
    )
    name: Name
    resting_heart_rate: HeartRate | None = None
    max_heart_rate: HeartRate | None = None
    sex: Sex | None = Field(default=None, description="Chooses TRIMP's weighting")
    timezone: TimeZoneName | None = Field(
        default=None, description="Dates imported files that carry no offset; null means UTC"
    )
    starting_fitness: LoadLevel | None = Field(
        default=None, description="Fitness (CTL) at the start of startingDate; with the others"
    )
    starting_fatigue: LoadLevel | None = Field(
        default=None, description="Fatigue (ATL) at the start of startingDate; with the others"
    )
    starting_date: CalendarDate | None = Field(
        default=None, description="Where the seeded training-load model starts"
    )

    @model_validator(mode="after")
    def _resting_below_max(self) -> Self:
        rest, top = self.resting_heart_rate, self.max_heart_rate
        if rest is not None and top is not None and rest >= top:
            raise ValueError("restingHeartRate must be lower than maxHeartRate")
        return self

    def profile(self) -> dict[str, Any]:
        """The fields this body sets, by domain attribute name (absent ones left out)."""
        return self.domain_values(only_sent=True)


class AthleteOut(WireOut):
    id: str
    name: str
    resting_heart_rate: float | None
    max_heart_rate: float | None
    sex: Sex | None
    timezone: str | None = Field(description="IANA name; null means UTC")
    starting_fitness: float | None
    starting_fatigue: float | None
    starting_date: date | None


class TrainingSessionInput(WireIn):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "athlete_id": "…",
                    "date": "2024-05-01",
                    "duration": 45.5,
                    "distance": 10.2,
                    "notes": "Tempo",
                    "sport": "run",
                    "rpe": 6,
                    "avgHeartRate": 152,
                    "maxHeartRate": 174,
                }
            ]
        }
    )
    athlete_id: str = Field(alias="athlete_id", min_length=1, max_length=128)
    date: CalendarDate
    duration: Duration
    distance: Distance
    notes: Notes | None = None
    sport: Sport | None = None
    rpe: Rpe | None = None
    avg_heart_rate: HeartRate | None = None
    max_heart_rate: HeartRate | None = None

    @model_validator(mode="after")
    def _average_within_max(self) -> Self:
        average, top = self.avg_heart_rate, self.max_heart_rate
        if average is not None and top is not None and average > top:
            raise ValueError("avgHeartRate must not be greater than maxHeartRate")
        return self

    def details(self) -> SessionDetails:
        return SessionDetails(**self.domain_values())


class TrainingSessionOut(WireOut):
    id: str
    athlete_id: str = Field(alias="athlete_id")
    athlete_name: str = Field(alias="athlete_name")
    date: date
    duration: float
    distance: float
    notes: str | None
    created_at: datetime
    updated_at: datetime
    sport: Sport | None
    rpe: int | None
    avg_heart_rate: float | None
    max_heart_rate: float | None
    load: float | None = Field(description="Read-only: sRPE or TRIMP load, see loadMethod")
    load_method: LoadMethod | None
    start_time: datetime | None = Field(
        default=None, description="Read-only, imported sessions: start with the local offset"
    )
    elapsed_time: float | None = Field(
        default=None, description="Read-only, imported sessions: minutes from start to end"
    )
    source_file: str | None = Field(
        default=None, description="Read-only: the file the session was imported from"
    )
    has_original: bool = Field(
        default=False, description="GET /v1/training-sessions/{id}/original serves the file"
    )


class Pagination(WireOut):
    total: int
    limit: int
    offset: int
    has_more: bool


class SessionPagination(Pagination):
    next_cursor: str | None = Field(
        default=None,
        description="Opaque: pass as `cursor` (with the same athleteId, startDate, endDate "
        "and limit) for the next page; null on the last page",
    )


class TrainingSessionListResponse(WireOut):
    data: list[TrainingSessionOut]
    pagination: SessionPagination


class StatisticsOut(WireOut):
    total_sessions: int
    total_duration: float
    total_distance: float
    average_duration: float
    average_distance: float
    average_pace: float


ACWR_ZONE_DESCRIPTION = (
    '"low" < 0.8 ≤ "optimal" ≤ 1.3 < "high" ≤ 1.5 < "very-high"; "building" in the first 27 '
    "days of history; a rule of thumb, not a diagnosis"
)


class DayLoadOut(WireOut):
    date: date
    load: float
    atl: float
    ctl: float
    tsb: float
    acwr: float | None
    ramp_rate: float | None = Field(
        description="CTL today minus CTL 7 days earlier; null for 6 days after a seeded start"
    )
    acwr_zone: str | None = Field(description=ACWR_ZONE_DESCRIPTION)
    projected: bool = Field(description="After today: the load includes planned sessions")


class WeekLoadOut(WireOut):
    week_start: date
    sessions: int
    load: float
    monotony: float | None = Field(description="Foster's monotony, at most 10")
    strain: float | None
    planned_load: float = Field(description="Summed load of the week's planned sessions")
    compliance: float | None = Field(description="load / plannedLoad; null without a plan")


class TrainingLoadOut(WireOut):
    athlete_id: str
    start_date: date
    end_date: date
    days: list[DayLoadOut]
    weeks: list[WeekLoadOut]


class BoardRowOut(WireOut):
    athlete_id: str
    name: str
    atl: float
    ctl: float
    tsb: float
    acwr: float | None
    acwr_zone: str | None = Field(description=ACWR_ZONE_DESCRIPTION)
    ramp_rate: float | None
    projected: bool
    hrv_flag: Flag | None = Field(
        description="HRV's 7-day mean against the athlete's baseline band (docs/wellness.md)"
    )
    resting_heart_rate_flag: Flag | None = Field(
        description="Resting heart rate's 7-day mean against the athlete's baseline band"
    )


class BoardResponse(WireOut):
    data: list[BoardRowOut]
    pagination: Pagination


class ErrorOut(BaseModel):
    """Domain errors: `error`, `message` and extras such as `sessionCount`, again under `detail`."""

    model_config = ConfigDict(extra="allow")
    error: str
    message: str
    detail: dict[str, object]


class SessionRefOut(WireOut):
    id: str
    date: date


class ImportErrorOut(WireOut):
    code: str = Field(description="A stable code such as CORRUPT_FILE, ZIP_BOMB, INVALID_ROW")
    message: str


class ImportItemOut(WireOut):
    """One file, archive entry (`archive.zip/path/in/it`) or CSV row (`file.csv:<line>`)."""

    name: str
    status: Literal["created", "duplicate", "failed"]
    sessions: list[TrainingSessionOut] = Field(description="What a created item made")
    duplicate_of: list[SessionRefOut] = Field(
        description="For a duplicate: the sessions the same file made before"
    )
    error: ImportErrorOut | None = Field(description="Why a failed item failed")
    warnings: list[str]
    line: int | None = Field(description="A CSV row's first line (the header is line 1)")


class ImportCountsOut(WireOut):
    created: int
    duplicate: int
    failed: int
    sessions_created: int


class ImportResponse(WireOut):
    files: list[ImportItemOut]
    counts: ImportCountsOut


_NAME = TypeAdapter(Name)


def athlete_name_problem(name: str) -> str | None:
    """Why the API would refuse `name` for an athlete, or None if it would take it."""
    try:
        _NAME.validate_python(name)
        name.encode("utf-8")  # a lone surrogate cannot be sent as JSON text
    except ValidationError as error:
        return "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in error.errors())
    except UnicodeEncodeError:
        return "contains a lone surrogate"
    return None


class ValidationIssueOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str
    loc: list[str | int]
    msg: str


class ValidationErrorOut(BaseModel):
    """A request that does not fit the schema (v1: FastAPI's standard body)."""

    detail: list[ValidationIssueOut]


class PlainErrorOut(BaseModel):
    """Refused before any route ran, e.g. a body that is not UTF-8 JSON."""

    detail: str
