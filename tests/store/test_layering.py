"""Only store/ knows what a DynamoDB action or a key is; the API layer knows no store at all."""

from __future__ import annotations

import ast
from pathlib import Path

from training_tracker.store import keys

SOURCE = Path(keys.__file__).resolve().parents[1]
STORE = "training_tracker.store"
# Modules whose every name is about items, keys or actions.
STORE_INTERNALS = {f"{STORE}.keys", f"{STORE}.writes", f"{STORE}.items"}
ACTIONS = {
    "Put",
    "Delete",
    "Update",
    "Check",
    "WriteAction",
    "Condition",
    "MUST_EXIST",
    "MUST_NOT_EXIST",
    "Key",
    "SortKeyCondition",
    "query_all",
}


def imports(source: str) -> list[tuple[str, str]]:
    """(module, name) for every `from module import name`, and (module, "") for `import`."""
    found: list[tuple[str, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            found += [(node.module, alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(alias.name, "") for alias in node.names]
    return found


def store_internal(module: str, name: str) -> bool:
    full = f"{module}.{name}" if name else module
    internal = any(full == m or full.startswith(f"{m}.") for m in STORE_INTERNALS)
    return internal or (module == f"{STORE}.port" and name in ACTIONS)


def violations(path: Path) -> list[str]:
    relative = path.relative_to(SOURCE)
    in_api = relative.parts[0] == "api"
    return [
        f"{relative}: {module} {name}".strip()
        for module, name in imports(path.read_text())
        if store_internal(module, name) or (in_api and module.startswith(STORE))
    ]


def test_the_rules_catch_what_they_forbid() -> None:
    assert store_internal(f"{STORE}", "keys")
    assert store_internal(f"{STORE}.port", "Put")
    assert store_internal(f"{STORE}.items.sessions", "session_item")
    assert not store_internal(f"{STORE}.port", "ConditionFailedError")
    assert not store_internal(f"{STORE}.repository", "Repository")


def test_no_module_outside_store_builds_actions_or_spells_keys() -> None:
    outside = sorted(p for p in SOURCE.rglob("*.py") if p.relative_to(SOURCE).parts[0] != "store")
    assert any(p.relative_to(SOURCE).parts[0] == "api" for p in outside)
    assert [v for path in outside for v in violations(path)] == []
