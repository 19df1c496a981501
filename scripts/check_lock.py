"""Fails when the installed packages differ from requirements.lock.

`./pw` installs the lock on first use; a lock that changed later (a merge, a re-lock) needs
`./pw --force-install lint` once to rebuild the environment from it. This check says so
instead of letting tests run on versions nobody else has.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker
from packaging.utils import canonicalize_name

LOCK = Path(__file__).resolve().parent.parent / "requirements.lock"
PROJECT = canonicalize_name("training-tracker")
# Installed by the environment tooling itself, not by the project.
TOOLING = {canonicalize_name(n) for n in ("pip", "setuptools", "wheel")}
PIN = re.compile(r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>[^\s;]+)\s*(?:;\s*(?P<marker>.+))?$")


def locked() -> dict[str, str]:
    """Name -> version for every pin whose environment marker holds here."""
    pins: dict[str, str] = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line.strip())
        if match is None:
            continue
        marker = match["marker"]
        if marker is None or Marker(marker).evaluate():
            pins[canonicalize_name(match["name"])] = match["version"]
    return pins


def installed() -> dict[str, str]:
    found = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    return {n: v for n, v in found.items() if n != PROJECT and n not in TOOLING}


def main() -> int:
    pins, present = locked(), installed()
    problems = [
        f"{name}: installed {present.get(name, 'nothing')}, locked {pins.get(name, 'nothing')}"
        for name in sorted(pins.keys() | present.keys())
        if pins.get(name) != present.get(name)
    ]
    if not problems:
        print(f"installed packages match requirements.lock ({len(pins)} pins)")
        return 0
    print(
        "installed packages differ from requirements.lock:", *problems, sep="\n  ", file=sys.stderr
    )
    print("run `./pw --force-install lint` to rebuild the environment from it", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
