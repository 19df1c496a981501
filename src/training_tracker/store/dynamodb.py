"""The Table port on Amazon DynamoDB (or anything speaking its protocol), via boto3's client."""

from __future__ import annotations

import logging
import random
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    NoCredentialsError,
    ReadTimeoutError,
)

from training_tracker.config import Settings
from training_tracker.errors import StoreUnavailableError
from training_tracker.store.codec import from_wire, to_wire
from training_tracker.store.dynamodb_admin import TableAdmin
from training_tracker.store.port import (
    Check,
    Condition,
    ConditionFailedError,
    Delete,
    Item,
    Key,
    Meter,
    Page,
    Put,
    SortKeyCondition,
    TableSchema,
    TransactionCancelledError,
    Update,
    WriteAction,
)

log = logging.getLogger(__name__)

# Errors that mean "DynamoDB is overloaded or unwell", after botocore's own retries.
UNAVAILABLE_CODES = frozenset(
    {
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "RequestLimitExceeded",
        "InternalServerError",
        "ServiceUnavailable",
        "TransactionInProgressException",
    }
)
# Cancellations that a fresh read and another attempt can resolve.
RETRYABLE_CANCELLATIONS = frozenset({None, "ConditionalCheckFailed", "TransactionConflict"})
BATCH_LIMIT = 25
BATCH_ATTEMPTS = 8
# After botocore gave up on a transaction whose outcome it could not learn (an answer lost),
# how many more times the same request, under the same token, is sent to learn it.
TRANSACT_RESENDS = 2


class _UnknownOutcomes:
    """A `needs-retry` hook that notes, per thread, when a TransactWriteItems attempt may have
    reached DynamoDB without its answer coming back (or found its first try still running)."""

    def __init__(self) -> None:
        self._seen = threading.local()

    def __call__(
        self,
        response: tuple[Any, dict[str, Any]] | None = None,
        caught_exception: Exception | None = None,
        **_: Any,
    ) -> None:
        if isinstance(caught_exception, ReadTimeoutError | ConnectionClosedError):
            self._seen.value = True
        elif response is not None:
            http, parsed = response
            code = parsed.get("Error", {}).get("Code")
            if http.status_code >= 500 or code == "TransactionInProgressException":
                self._seen.value = True

    def reset(self) -> None:
        self._seen.value = False

    @property
    def seen(self) -> bool:
        return bool(getattr(self._seen, "value", False))


def build_client(settings: Settings) -> Any:
    """A client whose pool fits the request threadpool and whose retries are bounded."""
    config = Config(
        region_name=settings.aws_region,
        # total_max_attempts counts the first request too (botocore's max_attempts does not)
        retries={"mode": "standard", "total_max_attempts": settings.dynamodb_max_attempts},
        connect_timeout=settings.dynamodb_connect_timeout,
        read_timeout=settings.dynamodb_read_timeout,
        max_pool_connections=max(settings.threadpool_size + 10, 10),
    )
    session = boto3.session.Session()
    key_id = secret = None
    if settings.dynamodb_endpoint and session.get_credentials() is None:
        # Local engines (moto server, DynamoDB Local) accept any credentials.
        key_id = secret = "local"  # noqa: S105
    return session.client(
        "dynamodb",
        endpoint_url=settings.dynamodb_endpoint,
        config=config,
        aws_access_key_id=key_id,
        aws_secret_access_key=secret,
    )


class _Expression:
    """Collects placeholder names and values while an expression is being written."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.values: dict[str, Any] = {}

    def name(self, attr: str) -> str:
        placeholder = f"#n{len(self.names)}"
        self.names[placeholder] = attr
        return placeholder

    def value(self, value: Any) -> str:
        placeholder = f":v{len(self.values)}"
        self.values[placeholder] = value
        return placeholder

    def condition(self, condition: Condition | None, pk: str) -> str | None:
        if condition is None:
            return None
        parts = []
        if condition.exists is True:
            parts.append(f"attribute_exists({self.name(pk)})")
        elif condition.exists is False:
            parts.append(f"attribute_not_exists({self.name(pk)})")
        parts += [f"{self.name(a)} = {self.value(v)}" for a, v in condition.equals.items()]
        parts += [f"{self.name(a)} > {self.value(v)}" for a, v in condition.above.items()]
        return " AND ".join(parts) or None

    def params(self, **expressions: str | None) -> dict[str, Any]:
        result: dict[str, Any] = {k: v for k, v in expressions.items() if v}
        if self.names:
            result["ExpressionAttributeNames"] = self.names
        if self.values:
            result["ExpressionAttributeValues"] = to_wire(self.values)
        return result


class DynamoDBTable(TableAdmin):
    def __init__(
        self, client: Any, table_name: str, schema: TableSchema, endpoint: str | None
    ) -> None:
        self.schema = schema
        self.meter = Meter()
        self.remote_reads = True
        self.table_name = table_name
        self._client = client
        self._endpoint = endpoint
        self._unknown = _UnknownOutcomes()
        client.meta.events.register("needs-retry.dynamodb.TransactWriteItems", self._unknown)

    def describe(self) -> str:
        where = self._endpoint or f"AWS {self._client.meta.region_name}"
        return f"DynamoDB table '{self.table_name}' at {where}"

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            if code in UNAVAILABLE_CODES:
                raise StoreUnavailableError(
                    f"DynamoDB is unavailable ({code}); retry later"
                ) from error
            if code == "ResourceNotFoundException":
                raise StoreUnavailableError(
                    f"DynamoDB table '{self.table_name}' does not exist; run "
                    "'training-tracker create-table'"
                ) from error
            if code in {
                "UnrecognizedClientException",
                "AccessDeniedException",
                "InvalidSignatureException",
            }:
                raise StoreUnavailableError(f"DynamoDB refused the credentials ({code})") from error
            status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
            if status >= 500:
                # A server-side failure without a known code: an HTML page from a proxy, a
                # sick local engine. Still an outage for the client, not a bug to report as 500.
                raise StoreUnavailableError(
                    f"DynamoDB is unavailable (HTTP {status} from the endpoint); retry later"
                ) from error
            raise
        except NoCredentialsError as error:
            raise StoreUnavailableError("no AWS credentials configured for DynamoDB") from error
        except BotoCoreError as error:
            raise StoreUnavailableError(f"DynamoDB unreachable: {error}") from error

    def _call(self, operation: str, **params: Any) -> Any:
        with self._guard():
            return getattr(self._client, operation)(TableName=self.table_name, **params)

    # -- reads --------------------------------------------------------------------------------
    def get(self, key: Key) -> Item | None:
        response = self._call("get_item", Key=to_wire(key), ConsistentRead=True)
        self.meter.record(1 if "Item" in response else 0)
        return from_wire(response["Item"]) if "Item" in response else None

    def query(
        self,
        *,
        partition: str,
        index: str | None = None,
        sort: SortKeyCondition | None = None,
        descending: bool = False,
        limit: int,
        start: Item | None = None,
        keys_only: bool = False,
    ) -> Page:
        spec = self.schema.index(index)
        expr = _Expression()
        key_condition = f"{expr.name(spec.pk)} = {expr.value(partition)}"
        if sort is not None:
            sk = expr.name(spec.sk)
            if sort.begins_with is not None:
                key_condition += f" AND begins_with({sk}, {expr.value(sort.begins_with)})"
            elif sort.low is not None and sort.high is not None:
                key_condition += (
                    f" AND {sk} BETWEEN {expr.value(sort.low)} AND {expr.value(sort.high)}"
                )
            elif sort.low is not None:
                key_condition += f" AND {sk} >= {expr.value(sort.low)}"
            elif sort.high is not None:
                key_condition += f" AND {sk} <= {expr.value(sort.high)}"
        projection = None
        if keys_only:
            attrs = {self.schema.pk, self.schema.sk, spec.pk, spec.sk}
            projection = ", ".join(expr.name(a) for a in sorted(attrs))
        params = expr.params(KeyConditionExpression=key_condition, ProjectionExpression=projection)
        params.update(Limit=limit, ScanIndexForward=not descending)
        if index is None:
            params["ConsistentRead"] = True
        else:
            params["IndexName"] = index
        if start is not None:
            params["ExclusiveStartKey"] = to_wire(start)
        response = self._call("query", **params)
        self.meter.record(response.get("ScannedCount", len(response["Items"])))
        last = response.get("LastEvaluatedKey")
        return Page([from_wire(i) for i in response["Items"]], from_wire(last) if last else None)

    def scan(self, *, start: Item | None = None, limit: int) -> Page:
        params: dict[str, Any] = {"Limit": limit}
        if start is not None:
            params["ExclusiveStartKey"] = to_wire(start)
        response = self._call("scan", **params)
        self.meter.record(response.get("ScannedCount", len(response["Items"])))
        last = response.get("LastEvaluatedKey")
        return Page([from_wire(i) for i in response["Items"]], from_wire(last) if last else None)

    # -- writes -------------------------------------------------------------------------------
    def _action_params(self, action: WriteAction) -> tuple[str, dict[str, Any]]:
        expr = _Expression()
        condition = expr.condition(action.condition, self.schema.pk)
        if isinstance(action, Put):
            return "Put", {
                "Item": to_wire(action.item),
                **expr.params(ConditionExpression=condition),
            }
        if isinstance(action, Delete):
            return "Delete", {
                "Key": to_wire(action.key),
                **expr.params(ConditionExpression=condition),
            }
        if isinstance(action, Check):
            return "ConditionCheck", {
                "Key": to_wire(action.key),
                **expr.params(ConditionExpression=condition),
            }
        clauses = []
        if action.set:
            clauses.append(
                "SET "
                + ", ".join(f"{expr.name(a)} = {expr.value(v)}" for a, v in action.set.items())
            )
        if action.add:
            clauses.append(
                "ADD " + ", ".join(f"{expr.name(a)} {expr.value(v)}" for a, v in action.add.items())
            )
        return "Update", {
            "Key": to_wire(action.key),
            **expr.params(UpdateExpression=" ".join(clauses), ConditionExpression=condition),
        }

    def write(self, action: Put | Delete | Update) -> None:
        kind, params = self._action_params(action)
        operation = {"Put": "put_item", "Delete": "delete_item", "Update": "update_item"}[kind]
        try:
            self._call(operation, **params)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                raise ConditionFailedError(str(params.get("Key") or "")) from error
            raise
        finally:
            self.meter.record(0)

    def transact(self, actions: Sequence[WriteAction]) -> None:
        items = []
        for action in actions:
            kind, params = self._action_params(action)
            items.append({kind: {"TableName": self.table_name, **params}})
        try:
            self._transact_once(items)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") != "TransactionCanceledException":
                raise
            reasons = error.response.get("CancellationReasons") or _reasons_from_message(
                str(error), len(actions)
            )
            codes = [None if r.get("Code") in (None, "None") else r["Code"] for r in reasons]
            if any(code in UNAVAILABLE_CODES for code in codes):
                raise StoreUnavailableError("DynamoDB is throttling; retry later") from error
            if not set(codes) <= RETRYABLE_CANCELLATIONS:
                raise
            raise TransactionCancelledError(codes) from error
        finally:
            self.meter.record(0)

    def _transact_once(self, items: list[dict[str, Any]]) -> None:
        """Applies `items` at most once. One ClientRequestToken for the call: botocore re-sends
        the same serialized request (token included) on its retries, and when it gives up
        without learning the outcome, the request is sent again under that token, which
        DynamoDB answers with the first outcome (for 10 minutes) instead of applying twice."""
        token = str(uuid.uuid4())
        self._unknown.reset()
        for resend in range(TRANSACT_RESENDS + 1):
            try:
                with self._guard():
                    self._client.transact_write_items(TransactItems=items, ClientRequestToken=token)
                return
            except StoreUnavailableError as error:
                if not self._unknown.seen:
                    raise
                if resend == TRANSACT_RESENDS:
                    raise StoreUnavailableError(
                        "DynamoDB did not answer whether a write was applied; retry later "
                        "(with the same Idempotency-Key, to apply it at most once)"
                    ) from error
                log.warning("transaction outcome unknown (%s); asking again", error.message)
                time.sleep(min(1.0, 0.1 * 2**resend) * random.uniform(0.5, 1.0))

    def _batch(self, requests: list[dict[str, Any]]) -> None:
        for first in range(0, len(requests), BATCH_LIMIT):
            pending = requests[first : first + BATCH_LIMIT]
            for attempt in range(BATCH_ATTEMPTS):
                with self._guard():
                    response = self._client.batch_write_item(
                        RequestItems={self.table_name: pending}
                    )
                self.meter.record(0)
                pending = response.get("UnprocessedItems", {}).get(self.table_name, [])
                if not pending:
                    break
                time.sleep(min(2.0, 0.05 * 2**attempt) * random.uniform(0.5, 1.0))
            else:
                raise StoreUnavailableError("DynamoDB kept leaving batch writes unprocessed")

    def batch_delete(self, keys: Sequence[Key]) -> None:
        self._batch([{"DeleteRequest": {"Key": to_wire(key)}} for key in keys])

    def batch_put(self, items: Sequence[Item]) -> None:
        self._batch([{"PutRequest": {"Item": to_wire(item)}} for item in items])

    def close(self) -> None:
        self._client.close()


def _reasons_from_message(message: str, count: int) -> list[dict[str, str]]:
    """Some engines give the reasons only in the message: '... reasons [None, ...]'."""
    if "[" not in message:
        return [{"Code": "Unknown"}] * count
    inner = message[message.rindex("[") + 1 : message.rindex("]")]
    return [{"Code": part.strip()} for part in inner.split(",")]
