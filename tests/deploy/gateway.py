"""API Gateway HTTP API (payload format 2.0) events and answers, as AWS documents them.

`LambdaClient` turns a request into the event API Gateway would send (lower-case headers,
repeated headers joined with commas, `rawQueryString` as sent plus the decoded
`queryStringParameters`, cookies apart, base64 bodies for binary content) and the function's
answer back into status, headers and body the way API Gateway would.
"""

from __future__ import annotations

import asyncio
import base64
import json
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

API_ID = "a1b2c3d4e5"
DOMAIN = f"{API_ID}.execute-api.us-east-1.amazonaws.com"
TEXT_TYPES = ("text/", "application/json", "application/x-www-form-urlencoded")


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class LambdaContext:
    """The attributes the Lambda runtime's context object carries."""

    function_name: str = "training-tracker-api"
    function_version: str = "$LATEST"
    memory_limit_in_mb: int = 512
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    invoked_function_arn: str = (
        "arn:aws:lambda:us-east-1:123456789012:function:training-tracker-api"
    )
    log_group_name: str = "/aws/lambda/training-tracker-api"
    log_stream_name: str = "2026/12/05/[$LATEST]0123456789abcdef"

    def get_remaining_time_in_millis(self) -> int:
        return 29_000


def http_api_event(
    method: str,
    path: str,
    *,
    query: Sequence[tuple[str, str]] = (),
    headers: Mapping[str, str] | None = None,
    body: bytes | None = None,
    base64_body: bool | None = None,
    source_ip: str = "198.51.100.7",
) -> dict[str, Any]:
    sent = {name.lower(): value for name, value in (headers or {}).items()}
    cookies = [c.strip() for c in sent.pop("cookie", "").split(";") if c.strip()]
    sent.setdefault("host", DOMAIN)
    sent.setdefault("user-agent", "test-client/1.0")
    sent.setdefault("x-forwarded-for", source_ip)
    sent.setdefault("x-forwarded-port", "443")
    sent.setdefault("x-forwarded-proto", "https")
    if body is not None:
        sent["content-length"] = str(len(body))
    raw_query = urlencode(list(query))
    parameters: dict[str, str] = {}
    for name, value in parse_qsl(raw_query, keep_blank_values=True):
        parameters[name] = f"{parameters[name]},{value}" if name in parameters else value
    now = time.time()
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": raw_query,
        "headers": sent,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": API_ID,
            "domainName": DOMAIN,
            "domainPrefix": API_ID,
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": source_ip,
                "userAgent": sent["user-agent"],
            },
            "requestId": base64.b32encode(uuid.uuid4().bytes[:10]).decode().rstrip("="),
            "routeKey": "$default",
            "stage": "$default",
            "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
            "timeEpoch": int(now * 1000),
        },
        "isBase64Encoded": False,
    }
    if cookies:
        event["cookies"] = cookies
    if parameters:
        event["queryStringParameters"] = parameters
    if body is not None:
        content_type = sent.get("content-type", "")
        encode = base64_body if base64_body is not None else not content_type.startswith(TEXT_TYPES)
        event["body"] = base64.b64encode(body).decode() if encode else body.decode()
        event["isBase64Encoded"] = encode
    return event


def answer_of(response: dict[str, Any]) -> Answer:
    """What a client of API Gateway receives for the function's 2.0-format response."""
    headers = {name.lower(): value for name, value in (response.get("headers") or {}).items()}
    if response.get("cookies"):
        headers["set-cookie"] = ", ".join(response["cookies"])
    body = response.get("body") or ""
    raw = base64.b64decode(body) if response.get("isBase64Encoded") else body.encode()
    return Answer(int(response["statusCode"]), headers, raw)


Handler = Callable[[dict[str, Any], Any], dict[str, Any]]

# The Lambda runtime calls the handler on a thread where no event loop is running. A test
# process may have one running on its main thread (Playwright's sync API keeps one open for
# the whole session), so invocations go to a thread of their own, as in the runtime.
_runtime = ThreadPoolExecutor(
    max_workers=1,
    thread_name_prefix="lambda-runtime",
    initializer=lambda: asyncio.set_event_loop(asyncio.new_event_loop()),
)


def invoke(handler: Handler, event: dict[str, Any]) -> Answer:
    """Calls the handler the way the Lambda runtime does and reads its answer."""
    return answer_of(_runtime.submit(handler, event, LambdaContext()).result())


class LambdaClient:
    """Sends requests to a Lambda handler as API Gateway would."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.events: list[dict[str, Any]] = []

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Sequence[tuple[str, str]] = (),
        headers: Mapping[str, str] | None = None,
        json_body: Any = None,
        body: bytes | None = None,
        base64_body: bool | None = None,
    ) -> Answer:
        sent = dict(headers or {})
        if json_body is not None:
            body = json.dumps(json_body).encode()
            sent.setdefault("content-type", "application/json")
        event = http_api_event(
            method, path, query=query, headers=sent, body=body, base64_body=base64_body
        )
        self.events.append(event)
        return invoke(self.handler, event)
