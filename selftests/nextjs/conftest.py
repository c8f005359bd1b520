"""One healthy Loomhall (targets/nextjs-app under `next start`) shared by the tests of this folder."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from selftests.nextjs_target import RunningNext, running_nextjs


@pytest.fixture(scope="module")
def app() -> Iterator[RunningNext]:
    with running_nextjs() as running:
        yield running
