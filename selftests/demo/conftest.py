"""A healthy demo shared by the contract tests of this folder."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from postdeploy.demo.launch import RunningDemo
from selftests.demo_server import running_demo


@pytest.fixture(scope="module")
def demo() -> Iterator[RunningDemo]:
    with running_demo() as running:
        yield running
