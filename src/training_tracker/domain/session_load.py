"""The load of one session: session-RPE or Banister's TRIMP, and the rounding every load
number shares.

Plain Python, no I/O; the formulas and their sources are in docs/training-load.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, localcontext
from enum import StrEnum


class Sport(StrEnum):
    RUN = "run"
    RIDE = "ride"
    SWIM = "swim"
    ROW = "row"
    WALK = "walk"
    HIKE = "hike"
    SKI = "ski"
    STRENGTH = "strength"
    OTHER = "other"


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


class LoadMethod(StrEnum):
    SRPE = "srpe"
    TRIMP = "trimp"


# The longest plausible single session: two weeks non-stop covers the longest continuous
# events people log as one session (multi-day ultra races such as the Race Across America).
MAX_SESSION_MINUTES = 14 * 24 * 60


@dataclass(frozen=True)
class TrimpWeighting:
    """Banister's intensity weighting `factor · e^(exponent · HRr)`."""

    factor: Decimal
    exponent: Decimal


# The curves Morton, Fitz-Clarke and Banister (1990) fitted to men's and women's blood
# lactate response. Unknown sex uses the men's curve, the lower of the two at every
# intensity (docs/training-load.md says why).
TRIMP_WEIGHTING: Mapping[Sex | None, TrimpWeighting] = {
    Sex.MALE: TrimpWeighting(Decimal("0.64"), Decimal("1.92")),
    Sex.FEMALE: TrimpWeighting(Decimal("0.86"), Decimal("1.67")),
    None: TrimpWeighting(Decimal("0.64"), Decimal("1.92")),
}

# All derived arithmetic runs in this context, whatever the caller's global decimal context.
LOAD_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)
_CENT = Decimal("0.01")
# Before the final half-up rounding to cents, values are first rounded to 1e-12. That
# absorbs the last-digit noise of 28-digit arithmetic, so a value that is exactly half a cent
# in real arithmetic (e.g. the first day's ACWR, 29/8 = 3.625) rounds up as it should.
_SETTLE = Decimal("1e-12")


def cents(value: Decimal) -> Decimal:
    """`value` rounded half-up to 2 decimals (after settling the last-digit noise)."""
    with localcontext(LOAD_CONTEXT):
        return value.quantize(_SETTLE).quantize(_CENT, rounding=ROUND_HALF_UP)


def cents_float(value: Decimal) -> float:
    """What a response carries: `cents(value)` as a float."""
    return float(cents(value))


def session_load(
    *,
    duration_minutes: Decimal | int,
    rpe: int | None,
    avg_heart_rate: Decimal | int | None,
    resting_heart_rate: Decimal | int | None,
    max_heart_rate: Decimal | int | None,
    sex: Sex | None,
) -> tuple[Decimal | None, LoadMethod | None]:
    """A session's load and how it was computed, as `(load, method)`.

    - `rpe` given: session-RPE (Foster), `rpe * duration_minutes`, method "srpe".
    - else, when the session's average heart rate and the athlete's resting and maximum heart
      rates are all known and max > rest: Banister's TRIMP,
      `minutes * HRr * a * e^(b·HRr)` with HRr = (avg - rest)/(max - rest) clamped to [0, 1]
      and (a, b) = (0.64, 1.92) for men and when sex is unknown, (0.86, 1.67) for women,
      method "trimp".
    - else `(None, None)`; such a session counts as load 0 in the daily totals.

    The load is a Decimal rounded half-up to 2 decimals. Ranges (rpe 1-10, heart rates
    20-250, duration 0 to MAX_SESSION_MINUTES) are the caller's to validate.
    """
    minutes = Decimal(duration_minutes)
    if rpe is not None:
        return cents(Decimal(rpe) * minutes), LoadMethod.SRPE
    if (
        avg_heart_rate is None
        or resting_heart_rate is None
        or max_heart_rate is None
        or max_heart_rate <= resting_heart_rate
    ):
        return None, None
    with localcontext(LOAD_CONTEXT):
        rest = Decimal(resting_heart_rate)
        reserve = (Decimal(avg_heart_rate) - rest) / (Decimal(max_heart_rate) - rest)
        reserve = min(max(reserve, Decimal(0)), Decimal(1))
        weighting = TRIMP_WEIGHTING[sex]
        trimp = minutes * reserve * weighting.factor * (weighting.exponent * reserve).exp()
    return cents(trimp), LoadMethod.TRIMP
