"""Keeps secrets a client put in a URL out of the access log.

Tokens are accepted only in the Authorization header (which no log records), but a client may
still send one in the URL, e.g. `?access_token=...`: the request is refused, and uvicorn's
access log would keep the full URL. This filter blanks every `access_token` value and anything
shaped like one of our tokens before the line is written.
"""

from __future__ import annotations

import logging
import re

from training_tracker.services.tokens import TOKEN_IN_TEXT

# uvicorn's access log (the URL with its query) and the service's own (the path, in `fields`).
ACCESS_LOGGERS = ("uvicorn.access", "training_tracker.access")
REDACTED = "[redacted]"
_URL_TOKEN = re.compile(r"(?i)((?:^|[?&;])access_token=)[^&;#\s]*")


def redact(text: str) -> str:
    return TOKEN_IN_TEXT.sub(REDACTED, _URL_TOKEN.sub(rf"\g<1>{REDACTED}", text))


class RedactTokens(logging.Filter):
    """Rewrites a record's arguments (uvicorn logs the URL as one of them), its message, and
    the text values of its structured `fields` (the service's access log)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            record.fields = {k: redact(v) if isinstance(v, str) else v for k, v in fields.items()}
        return True


def redact_access_log() -> None:
    """Installs the filter on the access loggers, once per process."""
    for name in ACCESS_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
