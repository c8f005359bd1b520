"""A protected deployment (the demo's Vercel-style wall) without the bypass secret: each layer stops
at once with one line naming the env var to set (pytest exit 4, load exit 2), never as N unrelated
check failures; doctor says the same. With the secret, the whole main job passes through the wall:
that is the redaction audit's run (selftests/audit)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from postdeploy.demo.launch import RunningDemo, running_demo

ROOT = Path(__file__).resolve().parents[2]
SECRET_ENV = "VERCEL_AUTOMATION_BYPASS_SECRET"
WALL_LINE = "answered 401: the deployment is protected; set VERCEL_AUTOMATION_BYPASS_SECRET"


@pytest.fixture(scope="module")
def protected_demo() -> Iterator[RunningDemo]:
    with running_demo(protect=True) as demo:
        yield demo


def _run(cmd: list[str], demo: RunningDemo, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **demo.env}
    env.pop(SECRET_ENV, None)  # the suite comes without the wall's secret (unless `extra` brings one)
    env.update(extra)
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("layer", ["smoke", "security", "e2e", "perf"])
def test_pytest_layer_stops_with_one_line(layer: str, protected_demo: RunningDemo) -> None:
    done = _run(
        [sys.executable, "-m", "pytest", f"tests/{layer}", "-m", layer, f"--base-url={protected_demo.base_url}",
         "--target=targets/demo.toml", "-q", "-p", "no:randomly"],
        protected_demo,
    )  # fmt: skip
    assert done.returncode == 4, done.stdout[-2000:] + done.stderr[-2000:]
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert lines == [f"ERROR: {protected_demo.base_url}/ {WALL_LINE} (Vercel's protection bypass) "
                     "or POSTDEPLOY_AUTH_HEADER (an Authorization header value)"]  # fmt: skip
    assert "passed" not in done.stdout and "failed" not in done.stdout


def test_load_run_refuses_with_one_line(protected_demo: RunningDemo) -> None:
    done = _run(
        [sys.executable, "-m", "locust", "-f", "load/", "--headless", "--host", protected_demo.base_url,
         "--shape", "smoke", "--target", "targets/demo.toml"],
        protected_demo,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr[-2000:]
    ours = [line for line in done.stderr.splitlines() if line.startswith("postdeploy load:")]
    assert len(ours) == 1 and WALL_LINE in ours[0], done.stderr[-2000:]


def test_a_wrong_secret_is_named(protected_demo: RunningDemo) -> None:
    done = _run(
        [sys.executable, "-m", "pytest", "tests/smoke", "-m", "smoke", f"--base-url={protected_demo.base_url}",
         "--target=targets/demo.toml", "-q"],
        protected_demo, **{SECRET_ENV: "not-the-secret"},
    )  # fmt: skip
    assert done.returncode == 4
    assert "the deployment is protected; it refused the value of VERCEL_AUTOMATION_BYPASS_SECRET" in done.stderr


def test_doctor_names_the_wall(protected_demo: RunningDemo) -> None:
    done = _run(
        [sys.executable, "-m", "postdeploy", "doctor", "--base-url", protected_demo.base_url,
         "--target", "targets/demo.toml", "--layers", "smoke"],
        protected_demo,
    )  # fmt: skip
    target = next(line for line in done.stdout.splitlines() if line.split()[1:2] == ["target"])
    assert target.startswith("FAIL") and WALL_LINE in target, done.stdout
