"""Log output, set up the same way in the CLI and in every server worker process."""

from __future__ import annotations

import logging

from rich.console import Console
from rich.logging import RichHandler

console = Console(stderr=True, soft_wrap=True)  # whole lines, also off a terminal


def configure_logging(level: str) -> None:
    """Rich on a terminal, else one unwrapped line per record for log collectors. Does
    nothing when logging is set up already (a worker started by `serve` in this process)."""
    if console.is_terminal:
        logging.basicConfig(
            level=level.upper(),
            format="%(message)s",
            handlers=[RichHandler(console=console, show_path=False)],
        )
    else:
        logging.basicConfig(
            level=level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
