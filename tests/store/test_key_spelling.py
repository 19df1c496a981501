"""The single-table design is spelled in store/keys.py only: no other source file writes a key
or index attribute name, a partition name or a key prefix as a string of its own."""

from __future__ import annotations

import ast
from pathlib import Path

from training_tracker.store import keys

SOURCE = Path(keys.__file__).resolve().parents[1]
# The table being migrated from has a layout of its own, spelled where it is read.
OWN_LAYOUT = {SOURCE / "store" / "keys.py", SOURCE / "store" / "seed_layout.py"}

NAMES = {
    keys.PK,
    keys.SK,
    keys.GSI1,
    keys.GSI1PK,
    keys.GSI1SK,
    keys.GSI2,
    keys.GSI2PK,
    keys.GSI2SK,
    keys.ATHLETES_PARTITION,
    keys.TOKENS_PARTITION,
    keys.EVERYONE,
    keys.MAINTENANCE_PARTITION,
    keys.PROFILE,
    keys.LOCATOR,
    keys.TOKEN,
    keys.RECORD,
}
PREFIXES = {
    keys.ATHLETE_PREFIX,
    keys.SESSION_PREFIX,
    keys.SESSIONS_PREFIX,
    keys.DAY_PREFIX,
    keys.MONTH_PREFIX,
    keys.TOKEN_PREFIX,
    keys.IDEMPOTENCY_PREFIX,
}


def spelled_keys(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string constant that is a key name or holds a key prefix;
    docstrings (a string standing alone as a statement) may describe the design."""
    tree = ast.parse(source)
    docstrings = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    return sorted(
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and (node.value in NAMES or any(prefix in node.value for prefix in PREFIXES))
    )


def test_the_checker_finds_what_it_looks_for() -> None:
    source = 'x = {"PK": 1}\ny = f"SESSION#{z}"\n"""DAY# in a docstring"""\nw = "ATHLETES"\n'
    assert spelled_keys(source) == [(1, "PK"), (2, "SESSION#"), (4, "ATHLETES")]


def test_keys_are_spelled_only_in_keys_py() -> None:
    files = sorted(p for p in SOURCE.rglob("*.py") if p not in OWN_LAYOUT)
    assert len(files) > 20  # the walk found the sources
    found = {
        f"{path.relative_to(SOURCE)}:{line}": text
        for path in files
        for line, text in spelled_keys(path.read_text())
    }
    assert found == {}
