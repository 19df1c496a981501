"""Who is asking: a role, and for an athlete the one athlete they are."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"  # everything
    COACH = "coach"  # every athlete and session
    ATHLETE = "athlete"  # their own athlete record and sessions only


@dataclass(frozen=True)
class Principal:
    role: Role
    athlete_id: str | None = None
    # The public id of the token that authenticated the request; None when auth is open.
    token_id: str | None = None

    @property
    def scoped(self) -> bool:
        """True when the principal sees one athlete's data only."""
        return self.role is Role.ATHLETE

    def sees(self, athlete_id: str) -> bool:
        return not self.scoped or athlete_id == self.athlete_id


# Who every request is when auth is open: the zero-set-up local default behaves like v1.
ANONYMOUS_ADMIN = Principal(Role.ADMIN)
