"""Tables in the seed's layout, written the way the seed's own storage code wrote them.

`SeedWriter` reproduces the seed's writes item for item: create and update are one
unconditional put under `ATHLETE#<athlete>` (so a session moved to another athlete leaves its
old item behind), delete removes the copy the seed's by-id lookup found (the first in its
index), a rename rewrites only the athlete item. `raw` writes any item, for the defects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from training_tracker.store.dynamodb import DynamoDBTable
from training_tracker.store.keys import SCHEMA
from training_tracker.store.port import Item, Table

SEED_TABLE = "seed-tracker"


def create_seed_dynamodb_table(client: Any, name: str = SEED_TABLE) -> DynamoDBTable:
    """The seed's table: PK/SK and one GSI on GSI1PK/GSI1SK, nothing else."""
    client.create_table(
        TableName=name,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[
            {"AttributeName": a, "AttributeType": "S"} for a in ("PK", "SK", "GSI1PK", "GSI1SK")
        ],
        KeySchema=[
            {"AttributeName": "PK", "KeyType": "HASH"},
            {"AttributeName": "SK", "KeyType": "RANGE"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "GSI1",
                "KeySchema": [
                    {"AttributeName": "GSI1PK", "KeyType": "HASH"},
                    {"AttributeName": "GSI1SK", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
    )
    return DynamoDBTable(client, name, SCHEMA, endpoint=None)


@dataclass
class SeedSession:
    id: str
    athlete_id: str
    athlete_name: str
    date: date
    duration: float
    distance: float
    notes: str | None
    created_at: datetime
    updated_at: datetime


@dataclass
class SeedWriter:
    table: Table
    clock: datetime = datetime(2025, 10, 20, 8, 0, tzinfo=UTC)
    names: dict[str, str] = field(default_factory=dict)
    sessions: dict[str, SeedSession] = field(default_factory=dict)

    def _now(self) -> datetime:
        self.clock += timedelta(minutes=1)
        return self.clock

    def raw(self, item: Item) -> None:
        self.table.batch_put([item])

    def athlete(self, athlete_id: str, name: str) -> None:
        """Create or rename: the seed put the athlete item and nothing else."""
        self.names[athlete_id] = name
        self.raw(
            {
                "PK": f"ATHLETE#{athlete_id}",
                "SK": f"ATHLETE#{athlete_id}",
                "Type": "ATHLETE",
                "AthleteId": athlete_id,
                "Name": name,
            }
        )

    def _put(self, session: SeedSession) -> None:
        self.sessions[session.id] = session
        self.raw(
            {
                "PK": f"ATHLETE#{session.athlete_id}",
                "SK": f"SESSION#{session.id}",
                "GSI1PK": "SESSION",
                "GSI1SK": f"{session.date.isoformat()}#{session.id}",
                "Type": "SESSION",
                "SessionId": session.id,
                "AthleteId": session.athlete_id,
                "AthleteName": session.athlete_name,
                "Date": session.date.isoformat(),
                "Duration": str(session.duration),
                "Distance": str(session.distance),
                "Notes": session.notes or "",
                "CreatedAt": session.created_at.isoformat(),
                "UpdatedAt": session.updated_at.isoformat(),
            }
        )

    def create(
        self,
        session_id: str,
        athlete_id: str,
        day: str,
        duration: float,
        distance: float,
        notes: str | None = None,
    ) -> None:
        now = self._now()
        self._put(
            SeedSession(
                session_id,
                athlete_id,
                self.names[athlete_id],
                date.fromisoformat(day),
                duration,
                distance,
                notes,
                now,
                now,
            )
        )

    def update(
        self, session_id: str, athlete_id: str, day: str, duration: float, distance: float
    ) -> None:
        """The seed's PUT: a new item under `athlete_id`; the old one stays where it was."""
        old = self.sessions[session_id]
        self._put(
            SeedSession(
                session_id,
                athlete_id,
                self.names[athlete_id],
                date.fromisoformat(day),
                duration,
                distance,
                old.notes,
                old.created_at,
                self._now(),
            )
        )

    def example_data(self) -> None:
        """What the seed wrote at every start: two athletes and four sessions."""
        self.athlete("athlete-1", "John Doe")
        self.athlete("athlete-2", "Jane Smith")
        self.create("a1b2", "athlete-1", "2025-10-20", 45.0, 8.5, "Morning run with intervals")
        self.create("b2c3", "athlete-1", "2025-10-21", 60.0, 12.0, "Long steady run")
        self.create("c3d4", "athlete-2", "2025-10-22", 30.0, 5.0, "Easy recovery run")
        self.create("d4e5", "athlete-2", "2025-10-23", 50.0, 10.0, "Tempo run feeling strong")
