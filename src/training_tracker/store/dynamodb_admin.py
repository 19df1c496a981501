"""Creating and checking a DynamoDB table of this design: key schema, indexes and TTL.

Only `create-table`, start-up and `migrate` call these; kept apart from the data path.
"""

from __future__ import annotations

import time
from contextlib import AbstractContextManager
from typing import Any

from botocore.exceptions import ClientError

from training_tracker.errors import StoreUnavailableError, TrackerError
from training_tracker.store.keys import EXPIRES_AT
from training_tracker.store.port import TableSchema


class SchemaMismatchError(TrackerError):
    code = "SCHEMA_MISMATCH"


class TableAdmin:
    """Table management for DynamoDBTable, which supplies the client and error mapping."""

    schema: TableSchema
    table_name: str
    _client: Any

    def _guard(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    def _call(self, operation: str, **params: Any) -> Any:
        raise NotImplementedError

    def _wanted_definition(self, billing_mode: str = "PAY_PER_REQUEST") -> dict[str, Any]:
        attributes = [self.schema.pk, self.schema.sk] + [
            a for spec in self.schema.indexes for a in (spec.pk, spec.sk)
        ]
        return {
            "AttributeDefinitions": [
                {"AttributeName": a, "AttributeType": "S"} for a in attributes
            ],
            "KeySchema": [
                {"AttributeName": self.schema.pk, "KeyType": "HASH"},
                {"AttributeName": self.schema.sk, "KeyType": "RANGE"},
            ],
            "GlobalSecondaryIndexes": [
                {
                    "IndexName": spec.name,
                    "KeySchema": [
                        {"AttributeName": spec.pk, "KeyType": "HASH"},
                        {"AttributeName": spec.sk, "KeyType": "RANGE"},
                    ],
                    "Projection": {"ProjectionType": "ALL"},
                }
                for spec in self.schema.indexes
            ],
            "BillingMode": billing_mode,
        }

    def schema_problems(self, description: dict[str, Any]) -> list[str]:
        """How an existing table differs from the design; empty when it fits."""
        wanted = self._wanted_definition()
        problems = []
        if description.get("KeySchema") != wanted["KeySchema"]:
            problems.append(f"key schema is {description.get('KeySchema')}")
        existing = {
            gsi["IndexName"]: gsi["KeySchema"]
            for gsi in description.get("GlobalSecondaryIndexes", [])
        }
        for gsi in wanted["GlobalSecondaryIndexes"]:
            if existing.get(gsi["IndexName"]) != gsi["KeySchema"]:
                problems.append(f"index {gsi['IndexName']} is missing or has another key schema")
        return problems

    def ensure_table(self, billing_mode: str = "PAY_PER_REQUEST", capacity: int = 5) -> bool:
        try:
            with self._guard():
                description = self._client.describe_table(TableName=self.table_name)["Table"]
        except StoreUnavailableError as error:
            cause = error.__cause__
            if not isinstance(cause, ClientError) or (
                cause.response.get("Error", {}).get("Code") != "ResourceNotFoundException"
            ):
                raise
            definition = self._wanted_definition(billing_mode)
            if billing_mode == "PROVISIONED":
                throughput = {"ReadCapacityUnits": capacity, "WriteCapacityUnits": capacity}
                definition["ProvisionedThroughput"] = throughput
                for gsi in definition["GlobalSecondaryIndexes"]:
                    gsi["ProvisionedThroughput"] = throughput
            self._call("create_table", **definition)
            with self._guard():
                self._client.get_waiter("table_exists").wait(
                    TableName=self.table_name, WaiterConfig={"Delay": 1, "MaxAttempts": 300}
                )
            self.ensure_ttl()
            return True
        problems = self.schema_problems(description)
        if problems:
            raise SchemaMismatchError(
                f"table '{self.table_name}' exists with a different schema: " + "; ".join(problems)
            )
        self.ensure_ttl()
        return False

    def ensure_ttl(self) -> bool:
        """Turn on TTL on `expires_at` (idempotency records) unless it is on; True if turned
        on now. Items past it count as absent anyway; TTL only removes them (within days)."""
        with self._guard():
            current = self._client.describe_time_to_live(TableName=self.table_name)
        status = current.get("TimeToLiveDescription", {})
        if status.get("TimeToLiveStatus") in ("ENABLED", "ENABLING"):
            return False
        self._call(
            "update_time_to_live",
            TimeToLiveSpecification={"Enabled": True, "AttributeName": EXPIRES_AT},
        )
        return True

    def add_missing_indexes(self) -> list[str]:
        """Create the design's indexes a table lacks (for converting a table in place)."""
        with self._guard():
            description = self._client.describe_table(TableName=self.table_name)["Table"]
        present = {gsi["IndexName"] for gsi in description.get("GlobalSecondaryIndexes", [])}
        wanted = self._wanted_definition()
        added = []
        for gsi in wanted["GlobalSecondaryIndexes"]:
            if gsi["IndexName"] in present:
                continue
            spec = self.schema.index(gsi["IndexName"])
            create = dict(gsi)
            if description.get("BillingModeSummary", {}).get("BillingMode") != "PAY_PER_REQUEST":
                throughput = description.get("ProvisionedThroughput", {})
                create["ProvisionedThroughput"] = {
                    "ReadCapacityUnits": throughput.get("ReadCapacityUnits", 5),
                    "WriteCapacityUnits": throughput.get("WriteCapacityUnits", 5),
                }
            self._call(
                "update_table",
                AttributeDefinitions=[
                    {"AttributeName": a, "AttributeType": "S"} for a in (spec.pk, spec.sk)
                ],
                GlobalSecondaryIndexUpdates=[{"Create": create}],
            )
            self._wait_for_index(gsi["IndexName"])
            added.append(gsi["IndexName"])
        return added

    def _wait_for_index(self, name: str, timeout: float = 600) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._guard():
                table = self._client.describe_table(TableName=self.table_name)["Table"]
            status = {
                g["IndexName"]: g.get("IndexStatus")
                for g in table.get("GlobalSecondaryIndexes", [])
            }
            if status.get(name) == "ACTIVE":
                return
            time.sleep(2)
        raise StoreUnavailableError(f"index {name} did not become ACTIVE in {timeout:.0f} s")

    def delete_table(self) -> None:
        self._call("delete_table")

    def table_status(self) -> str:
        """TableStatus (ACTIVE, UPDATING, CREATING, ...), for readiness probes."""
        description = self._call("describe_table")["Table"]
        return str(description.get("TableStatus", "UNKNOWN"))
