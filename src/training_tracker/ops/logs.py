"""Log records as one JSON object per line (for log collectors), or as plain text.

Records written while a request runs carry its request id; a record's `fields` extra (a
dict) is merged into the JSON object, so the access log's numbers stay machine-readable.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

from training_tracker.ops.request_context import current

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        context = current()
        if context is not None:
            entry["request_id"] = context.request_id
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update(fields)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, separators=(",", ":"))


def configure_logging(level: str, log_format: str) -> None:
    """One handler on the root logger in the chosen format.

    A root logger that already has handlers (the AWS Lambda runtime installs one) keeps them
    and only gets the formatter, so records still reach the platform's log stream.
    """
    root = logging.getLogger()
    root.setLevel(level.upper())
    formatter = JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)
    if not root.handlers:
        root.addHandler(logging.StreamHandler(sys.stderr))
    for handler in root.handlers:
        handler.setFormatter(formatter)
    if log_format == "json":
        # The access log below replaces uvicorn's, which would repeat every request as text.
        logging.getLogger("uvicorn.access").disabled = True


def ensure_logging(level: str, log_format: str) -> None:
    """For a process nobody set logging up in (a `serve --workers` worker, AWS Lambda): the
    configured format. A set-up already in place (the CLI's) stays unless JSON is asked."""
    if log_format == "json" or not logging.getLogger().handlers:
        configure_logging(level, log_format)
