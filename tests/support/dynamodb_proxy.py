"""A DynamoDB-protocol proxy in front of moto server, adding documented behaviour moto lacks.

- `ClientRequestToken` on TransactWriteItems: a request repeating a token that succeeded gets
  the first answer again without being applied again; a token arriving while its request is
  still running gets TransactionInProgressException; a token reused with other parameters gets
  IdempotentParameterMismatchException. A token whose request failed may run again (as on
  DynamoDB, only success is remembered). Tokens are kept for the proxy's lifetime (DynamoDB
  keeps them 10 minutes; no test runs that long).
- Transaction conflicts: while a TransactWriteItems runs, its items are "in flight". Another
  transaction touching one of them is cancelled with TransactionCanceledException whose
  reasons say TransactionConflict for each such action; a PutItem/UpdateItem/DeleteItem on one
  of them fails with TransactionConflictException. `hold_seconds` (and the `released` event)
  keep each transaction in flight a while so overlaps become observable.
- Lost responses: `drop_responses` closes the connection instead of answering, after the
  request was handled (applied, when it succeeded).
- Unprocessed batch writes: with `leave_unprocessed`, BatchWriteItem applies only some of its
  requests and answers 200 with the others under `UnprocessedItems`, in the request's own
  format, as DynamoDB does when a partition is over its throughput. The caller must send
  those again. (If the schedule leaves every request of a call, the proxy still answers 200
  with all of them unprocessed; a provisioned table would throw
  ProvisionedThroughputExceededException instead.)

moto server is not safe for concurrent writes (a transaction that overlaps another request can
fail with a 500, and its rollback can undo the other's write), so requests reach it one at a
time; the overlap tests need happens in the proxy, while transactions are held in flight.

Item identity needs the table's key attributes; they are given (`key_names`), as every table
the tests use has the same ones.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
import uuid
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

ERROR_PREFIX = "com.amazonaws.dynamodb.v20120810#"
PLAIN_WRITES = frozenset({"PutItem", "UpdateItem", "DeleteItem"})
# Headers the proxy sets itself (or that belong to one connection only).
HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "transfer-encoding", "content-length", "server", "date"}
)

ItemId = tuple[str, str]  # table name, canonical JSON of the key


@dataclass(frozen=True)
class Reply:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes

    @property
    def succeeded(self) -> bool:
        return 200 <= self.status < 300


def error_reply(status: int, code: str, message: str, **extra: Any) -> Reply:
    body = json.dumps({"__type": ERROR_PREFIX + code, "Message": message, **extra}).encode()
    headers = (
        ("Content-Type", "application/x-amz-json-1.0"),
        ("x-amzn-RequestId", str(uuid.uuid4())),
    )
    return Reply(status, headers, body)


@dataclass
class _TokenRecord:
    params: dict[str, Any]
    reply: Reply | None = None  # None while the request runs


class DynamoDBProxy:
    """Listens on 127.0.0.1; `url` is the endpoint to give a DynamoDB client."""

    def __init__(
        self,
        upstream: str,
        *,
        key_names: Sequence[str] = ("PK", "SK"),
        hold_seconds: float = 0.0,
        remember_tokens: bool = True,
    ) -> None:
        parts = urlsplit(upstream)
        self._upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.key_names = tuple(key_names)
        self.hold_seconds = hold_seconds
        self.remember_tokens = remember_tokens
        # Cleared: every transaction waits, in flight, until it is set again.
        self.released = threading.Event()
        self.released.set()
        self.stats: Counter[str] = Counter()
        # Items that made a request fail with a conflict, by (table, key as JSON).
        self.conflicted: Counter[ItemId] = Counter()
        self._lock = threading.Lock()
        self._upstream_lock = threading.Lock()  # one request at a time reaches moto
        self._in_flight: dict[ItemId, str] = {}
        self._tokens: dict[str, _TokenRecord] = {}
        self._drop: dict[str, Callable[[int], bool]] = {}
        self._unprocessed: Callable[[int], bool] | None = None
        self._write_requests = 0  # BatchWriteItem requests (puts and deletes) seen
        self._answered: Counter[str] = Counter()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> DynamoDBProxy:
        self._thread.start()
        return self

    def close(self) -> None:
        self.released.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> DynamoDBProxy:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.close()

    def drop_responses(self, operation: str, schedule: Callable[[int], bool] | None) -> None:
        """From now on, the n-th answer (0, 1, ...) to `operation` is lost when schedule(n)."""
        with self._lock:
            self._answered[operation] = 0
            if schedule is None:
                self._drop.pop(operation, None)
            else:
                self._drop[operation] = schedule

    def leave_unprocessed(self, schedule: Callable[[int], bool] | None) -> None:
        """From now on, the n-th write request (0, 1, ...) inside BatchWriteItem calls is left
        unprocessed when schedule(n); numbering goes on across calls, so a retry of what was
        left is numbered afresh."""
        with self._lock:
            self._unprocessed = schedule
            self._write_requests = 0

    def in_flight(self) -> int:
        with self._lock:
            return len(self._in_flight)

    @contextmanager
    def holding(self) -> Iterator[None]:
        """Transactions that start inside this block stay in flight until it ends."""
        self.released.clear()
        try:
            yield
        finally:
            self.released.set()

    # -- request handling ---------------------------------------------------------------------
    def handle(self, operation: str, body: bytes, headers: list[tuple[str, str]]) -> Reply | None:
        """The reply to send, or None to close the connection without one."""
        if operation == "TransactWriteItems":
            reply = self._transact(json.loads(body or b"{}"), body, headers)
        elif operation == "BatchWriteItem":
            reply = self._batch_write(json.loads(body or b"{}"), body, headers)
        elif operation in PLAIN_WRITES:
            reply = self._plain_write(json.loads(body or b"{}"), body, headers)
        else:
            reply = self._forward(body, headers)
        with self._lock:
            n = self._answered[operation]
            self._answered[operation] += 1
            drop = operation in self._drop and self._drop[operation](n)
        if drop:
            self._count("dropped")
            return None
        return reply

    def _count(self, what: str, items: Sequence[ItemId] = ()) -> None:
        with self._lock:
            self.stats[what] += 1
            self.conflicted.update(items)

    def _item_id(self, table: str, attributes: dict[str, Any]) -> ItemId:
        key = {name: attributes[name] for name in self.key_names if name in attributes}
        return table, json.dumps(key, sort_keys=True)

    def _action_items(self, params: dict[str, Any]) -> list[ItemId]:
        found = []
        for action in params.get("TransactItems", []):
            [(kind, spec)] = action.items()
            attributes = spec["Item"] if kind == "Put" else spec["Key"]
            found.append(self._item_id(spec["TableName"], attributes))
        return found

    def _plain_write(
        self, params: dict[str, Any], body: bytes, headers: list[tuple[str, str]]
    ) -> Reply:
        attributes = params.get("Item") or params.get("Key") or {}
        item = self._item_id(params.get("TableName", ""), attributes)
        with self._lock:
            busy = item in self._in_flight
        if busy:
            self._count("conflicts", [item])
            return error_reply(
                400,
                "TransactionConflictException",
                "Transaction is ongoing for the item",
            )
        return self._forward(body, headers)

    def _batch_write(
        self, params: dict[str, Any], body: bytes, headers: list[tuple[str, str]]
    ) -> Reply:
        kept: dict[str, list[Any]] = {}
        left: dict[str, list[Any]] = {}
        with self._lock:
            schedule = self._unprocessed
            if schedule is None:
                kept = params.get("RequestItems", {})
            else:
                for table, requests in params.get("RequestItems", {}).items():
                    for request in requests:
                        chosen = left if schedule(self._write_requests) else kept
                        chosen.setdefault(table, []).append(request)
                        self._write_requests += 1
            self.stats["batch_writes"] += 1
            self.stats["unprocessed"] += sum(len(r) for r in left.values())
        if schedule is None:
            return self._forward(body, headers)
        answer: dict[str, Any] = {"UnprocessedItems": {}}
        reply_headers: tuple[tuple[str, str], ...] = (
            ("Content-Type", "application/x-amz-json-1.0"),
        )
        if kept:
            forwarded = self._forward(
                json.dumps({**params, "RequestItems": kept}).encode(), headers
            )
            if not forwarded.succeeded:
                return forwarded
            answer = json.loads(forwarded.body)
            reply_headers = forwarded.headers
        unprocessed = answer.setdefault("UnprocessedItems", {})
        for table, requests in left.items():
            unprocessed.setdefault(table, []).extend(requests)
        data = json.dumps(answer).encode()
        # botocore checks the body against this header: it must describe the new body.
        kept_headers = tuple((k, v) for k, v in reply_headers if k.lower() != "x-amz-crc32")
        return Reply(200, (*kept_headers, ("x-amz-crc32", str(zlib.crc32(data)))), data)

    def _transact(
        self, params: dict[str, Any], body: bytes, headers: list[tuple[str, str]]
    ) -> Reply:
        token = params.get("ClientRequestToken") if self.remember_tokens else None
        if token is not None:
            with self._lock:
                record = self._tokens.get(token)
                if record is not None and record.params != params:
                    self.stats["mismatches"] += 1
                    return error_reply(
                        400,
                        "IdempotentParameterMismatchException",
                        "ClientRequestToken was used with other parameters",
                    )
                if record is not None and record.reply is None:
                    self.stats["in_progress"] += 1
                    return error_reply(
                        400,
                        "TransactionInProgressException",
                        "A request with this ClientRequestToken is in progress",
                    )
                if record is not None and record.reply is not None and record.reply.succeeded:
                    self.stats["replayed"] += 1
                    return record.reply
                self._tokens[token] = _TokenRecord(params)
        try:
            reply = self._run_transaction(params, body, headers)
        except BaseException:
            if token is not None:  # no outcome to remember: a repeat runs afresh
                with self._lock:
                    self._tokens.pop(token, None)
            raise
        if token is not None:
            with self._lock:
                self._tokens[token].reply = reply
        return reply

    def _run_transaction(
        self, params: dict[str, Any], body: bytes, headers: list[tuple[str, str]]
    ) -> Reply:
        items = self._action_items(params)
        owner = str(uuid.uuid4())
        with self._lock:
            conflicts = [item in self._in_flight for item in items]
            if not any(conflicts):
                for item in items:
                    self._in_flight[item] = owner
        if any(conflicts):
            self._count("conflicts", [i for i, hit in zip(items, conflicts, strict=True) if hit])
            reasons = [
                {"Code": "TransactionConflict", "Message": "Transaction is ongoing for the item"}
                if conflict
                else {"Code": "None"}
                for conflict in conflicts
            ]
            codes = ", ".join(r["Code"] for r in reasons)
            return error_reply(
                400,
                "TransactionCanceledException",
                f"Transaction cancelled, please refer cancellation reasons for specific "
                f"reasons [{codes}]",
                CancellationReasons=reasons,
            )
        try:
            self.released.wait(timeout=30)
            if self.hold_seconds:
                time.sleep(self.hold_seconds)
            reply = self._forward(body, headers)
        finally:
            with self._lock:
                for item in items:
                    if self._in_flight.get(item) == owner:
                        del self._in_flight[item]
        self._count("applied" if reply.succeeded else "failed")
        return reply

    def _forward(self, body: bytes, headers: list[tuple[str, str]]) -> Reply:
        forwarded = {k: v for k, v in headers if k.lower() not in HOP_BY_HOP | {"host"}}
        with self._upstream_lock:
            connection = http.client.HTTPConnection(*self._upstream, timeout=60)
            try:
                connection.request("POST", "/", body=body, headers=forwarded)
                response = connection.getresponse()
                data = response.read()
            finally:
                connection.close()
        kept = tuple((k, v) for k, v in response.getheaders() if k.lower() not in HOP_BY_HOP)
        return Reply(response.status, kept, data)


def _handler_for(proxy: DynamoDBProxy) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as botocore's connection pool expects

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            target = self.headers.get("X-Amz-Target", "")
            operation = target.rsplit(".", 1)[-1]
            reply = proxy.handle(operation, body, list(self.headers.items()))
            if reply is None:
                self.close_connection = True  # the answer is lost on the way back
                return
            self.send_response(reply.status)
            for name, value in reply.headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

        def log_message(self, format: str, *args: Any) -> None:  # quiet test output
            pass

    return Handler
