"""Hooks on the DynamoDB client that charge each call to the request that made it.

Inside a request, every DynamoDB call asks for `ReturnConsumedCapacity=TOTAL` and its
operation, outcome, consumed capacity units and SDK retries go into the request's
`StoreUsage`; outside one (CLI commands, start-up) the hooks change nothing.
"""

from __future__ import annotations

from typing import Any

from training_tracker.ops.request_context import current

# Operations that accept ReturnConsumedCapacity.
CAPACITY_OPERATIONS = frozenset(
    {
        "GetItem",
        "PutItem",
        "UpdateItem",
        "DeleteItem",
        "Query",
        "Scan",
        "BatchGetItem",
        "BatchWriteItem",
        "TransactGetItems",
        "TransactWriteItems",
    }
)


def _ask_for_capacity(params: dict[str, Any], model: Any, **_: Any) -> None:
    if current() is not None and model.name in CAPACITY_OPERATIONS:
        params.setdefault("ReturnConsumedCapacity", "TOTAL")


def capacity_units(parsed: dict[str, Any]) -> float:
    """The capacity a response says it consumed (one entry, or one per table)."""
    consumed = parsed.get("ConsumedCapacity")
    entries = consumed if isinstance(consumed, list) else [consumed] if consumed else []
    return float(sum(float(entry.get("CapacityUnits", 0)) for entry in entries))


def _after_call(http_response: Any, parsed: dict[str, Any], model: Any, **_: Any) -> None:
    context = current()
    if context is None:
        return
    status = getattr(http_response, "status_code", 0)
    outcome = "ok" if status < 300 else parsed.get("Error", {}).get("Code") or f"http_{status}"
    retries = int(parsed.get("ResponseMetadata", {}).get("RetryAttempts", 0))
    context.store.record(model.name, str(outcome), capacity_units(parsed), retries)


def _after_error(exception: Exception, event_name: str, **_: Any) -> None:
    """No HTTP answer at all (connection refused, timeout): still a call the request made."""
    context = current()
    if context is not None:
        operation = event_name.rsplit(".", 1)[-1]
        context.store.record(operation, type(exception).__name__, 0.0, 0)


def instrument_client(client: Any) -> Any:
    events = client.meta.events
    events.register("provide-client-params.dynamodb", _ask_for_capacity)
    events.register("after-call.dynamodb", _after_call)
    events.register("after-call-error.dynamodb", _after_error)
    return client
