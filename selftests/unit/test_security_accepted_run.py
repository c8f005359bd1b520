"""The profile's `accepted` list, end to end: the real demo with 'unsafe-eval' fails the CSP check
until the profile accepts `csp.unsafe-eval` on `script-src` — and only there."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from selftests.demo_server import RunningDemo, running_demo

ROOT = Path(__file__).resolve().parents[2]
PROFILE = """
name = "accepting"
environment = "local"
[security]
pages = ["/"]
{accepted}
"""


def run_csp_check(base_url: str, env: dict[str, str], profile: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pytest", "tests/security/test_csp.py::test_csp_policy", "-m", "security",
               "--base-url", base_url, "--target", str(profile), "-q", "-p", "no:cacheprovider"]  # fmt: skip
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def unsafe_eval_demo() -> Iterator[RunningDemo]:
    with running_demo(faults=["csp-unsafe-eval"]) as demo:
        yield demo


@pytest.mark.parametrize(
    ("accepted", "exit_code"),
    [
        ("", 1),
        ('accepted = [{ id = "csp.unsafe-eval", subject = "style-src" }]', 1),  # wrong subject: still fails
        ('accepted = [{ id = "csp.unsafe-eval", subject = "script-src", reason = "legacy widget" }]', 0),
        ('accepted = [{ id = "csp.*" }]', 0),
    ],
    ids=["none", "other-subject", "id-and-subject", "glob"],
)
def test_accepted_findings_by_id_and_subject(
    unsafe_eval_demo: RunningDemo, accepted: str, exit_code: int, tmp_path: Path
) -> None:
    profile = tmp_path / "profile.toml"
    profile.write_text(PROFILE.format(accepted=accepted), encoding="utf-8")
    env = {**os.environ, **unsafe_eval_demo.env}
    done = run_csp_check(unsafe_eval_demo.base_url, env, profile)
    assert done.returncode == exit_code, done.stdout[-2000:]
    if exit_code:
        assert "csp.unsafe-eval" in done.stdout
