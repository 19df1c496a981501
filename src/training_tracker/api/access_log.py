"""Keeps secrets a client put in a URL out of the access log.

Tokens are accepted only in the Authorization header (which no log records), but a client may
still send one in the URL, e.g. `?access_token=...`: the request is refused, and uvicorn's
access log would keep the full URL. This filter blanks every `access_token` value and anything
shaped like one of our tokens before the line is written.
"""

from __future__ import annotations

import logging
import re

from training_tracker.store.tokens import TOKEN_PREFIX

ACCESS_LOGGER = "uvicorn.access"
REDACTED = "[redacted]"
_URL_TOKEN = re.compile(r"(?i)((?:^|[?&;])access_token=)[^&;#\s]*")
_TOKEN_SHAPED = re.compile(rf"{TOKEN_PREFIX}[A-Za-z0-9_%-]{{8,}}")


def redact(text: str) -> str:
    return _TOKEN_SHAPED.sub(REDACTED, _URL_TOKEN.sub(rf"\g<1>{REDACTED}", text))


class RedactTokens(logging.Filter):
    """Rewrites a record's arguments (uvicorn logs the URL as one of them) and message."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


def redact_access_log() -> None:
    """Installs the filter on uvicorn's access logger, once per process."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, RedactTokens) for f in logger.filters):
        logger.addFilter(RedactTokens())
