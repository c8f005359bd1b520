"""Suite wiring only: each test under tests/<layer>/ carries the marker named after its folder.

The plugin itself (options, fixtures, safety gate) arrives by entry point from `postdeploy.plugin`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

LAYERS = ("smoke", "security", "e2e", "perf")
TESTS = Path(__file__).parent / "tests"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        try:
            layer = item.path.relative_to(TESTS).parts[0]
        except ValueError:
            continue
        if layer in LAYERS:
            item.add_marker(getattr(pytest.mark, layer))
