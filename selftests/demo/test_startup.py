"""The demo starts fast: `python -m postdeploy demo serve` to its ready line, plain and HTTPS."""

from __future__ import annotations

import time

import pytest

from selftests.demo_server import running_demo

LIMIT_S = {False: 1.0, True: 1.5}  # HTTPS generates a CA and a leaf certificate first


@pytest.mark.parametrize("https", [False, True], ids=["http", "https"])
def test_startup_time(https: bool, capsys: pytest.CaptureFixture[str]) -> None:
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        with running_demo(https=https):
            timings.append(time.perf_counter() - started)
    best = min(timings)
    with capsys.disabled():
        print(f"\ndemo start-up ({'https' if https else 'http'}): best {best * 1000:.0f} ms of "
              f"{', '.join(f'{t * 1000:.0f}' for t in timings)} ms")  # fmt: skip
    assert best < LIMIT_S[https], timings
