"""Where the shipped checks are: the package `postdeploy.suite` (this repository's `tests/`, mapped
into the wheel by setup.py), one folder per pytest layer."""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

from postdeploy.layers import PYTEST_LAYERS

SUITE_PACKAGE = "postdeploy.suite"


@cache
def suite_dir() -> Path | None:
    """The folder of the shipped checks (resolved), or None when the package lacks them."""
    spec = importlib.util.find_spec(SUITE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))).resolve()


def layer_of_path(path: Path) -> str | None:
    """The layer of a shipped check, from its folder (`<suite>/smoke/test_health.py` → smoke)."""
    suite = suite_dir()
    if suite is None:
        return None
    try:
        folder = path.resolve().relative_to(suite).parts[0]
    except (ValueError, IndexError):
        return None
    return folder if folder in PYTEST_LAYERS else None
