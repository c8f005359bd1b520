"""The smoke layer as a user runs it, against the real demo: everything passes when healthy (HTTP and
HTTPS), and a few representative faults fail exactly their check (the full matrix is the lead's)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from selftests.demo_server import running_demo

ROOT = Path(__file__).resolve().parents[2]


def run_layer(faults: tuple[str, ...] = (), https: bool = False) -> tuple[int, list[str], str]:
    with running_demo(faults=faults, https=https) as demo:
        cmd = [sys.executable, "-m", "pytest", "tests/smoke", "-m", "smoke", f"--base-url={demo.base_url}",
               "--target=targets/demo.toml", "-q", "--no-header", "-rfE", "-p", "no:randomly"]  # fmt: skip
        env = {**os.environ, **demo.env, "COLUMNS": "300"}
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    failed = [line for line in proc.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    return proc.returncode, failed, proc.stdout[-3000:] + proc.stderr[-2000:]


@pytest.mark.parametrize("https", [False, True], ids=["http", "https"])
def test_healthy_demo_passes(https: bool) -> None:
    code, failed, output = run_layer(https=https)
    assert code == 0 and not failed, output


@pytest.mark.parametrize(
    ("fault", "https", "test_id", "words"),
    [
        ("wrong-version", False, "test_deployed_version", "old version still live"),
        ("redirect-loop", False, "test_no_redirect_loop[/login]", "redirect loop from /login"),
        ("tls-wrong-host", True, "test_certificate_hostname", "not valid for 127.0.0.1"),
    ],
)
def test_fault_fails_its_check_in_words(fault: str, https: bool, test_id: str, words: str) -> None:
    code, failed, output = run_layer((fault,), https)
    assert code == 1, output
    assert any(test_id in line and words in line for line in failed), "\n".join(failed) or output
