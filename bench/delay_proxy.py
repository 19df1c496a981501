"""A fixed network delay in front of moto: each request waits `delay` seconds, then goes on.

Moto on loopback answers in well under a millisecond of network time; DynamoDB from an
application in the same region takes about 5-10 ms per call. Putting that delay in front of
moto shows what a request's round trips cost, and what reading independent things at once
saves.
"""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length"}


def _handler(target: str, delay: float) -> type[BaseHTTPRequestHandler]:
    where = urlsplit(target)
    local = threading.local()

    class Delayed(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, like botocore's connection pool

        def _upstream(self) -> http.client.HTTPConnection:
            if not hasattr(local, "connection"):
                local.connection = http.client.HTTPConnection(where.hostname, where.port)
            connection: http.client.HTTPConnection = local.connection
            return connection

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            time.sleep(delay)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            connection = self._upstream()
            connection.request("POST", self.path, body=body, headers=headers)
            answer = connection.getresponse()
            payload = answer.read()
            self.send_response(answer.status)
            for name, value in answer.getheaders():
                if name.lower() not in HOP_BY_HOP:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Delayed


@contextmanager
def delayed(target: str, delay: float) -> Iterator[str]:
    """An endpoint that reaches `target` `delay` seconds late; yields its URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(target, delay))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
