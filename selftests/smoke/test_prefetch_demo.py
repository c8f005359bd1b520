"""The smoke and security layers' prefetch against the real demo: the same verdicts with it on and
off (healthy, a failing page, a slow page whose limit only a real round trip reveals, an exposed
file), and the planned requests answered from the prefetch (on the smoke client: every request)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from selftests.demo_server import running_demo

ROOT = Path(__file__).resolve().parents[2]
OUTCOME = re.compile(r"^(tests/\S+) (PASSED|FAILED|SKIPPED|ERROR)\b")
PREFETCH = re.compile(
    r"(\w+) prefetch: (\d+) planned, (\d+) answers stored, (\d+) served from them, (\d+) requests to the network"
)


def run_layer(base_url: str, env: dict[str, str], concurrency: int, layer: str = "smoke") -> tuple[dict[str, str], str]:
    cmd = [sys.executable, "-m", "pytest", "-m", layer, f"--base-url={base_url}", "--target=targets/demo.toml",
           "--no-header", "-v", "-rfE", "-p", "no:randomly"]  # fmt: skip
    run_env = {**os.environ, **env, "COLUMNS": "300", "POSTDEPLOY__ACCESS__PREFETCH_CONCURRENCY": str(concurrency)}
    proc = subprocess.run(cmd, cwd=ROOT, env=run_env, capture_output=True, text=True, timeout=300)
    outcomes = {m[1]: m[2] for line in proc.stdout.splitlines() if (m := OUTCOME.match(line))}
    return outcomes, proc.stdout[-3000:] + proc.stderr[-2000:]


@pytest.mark.parametrize(
    ("fault", "failing"),
    [
        (None, []),
        ("page-500", ["tests/smoke/test_pages.py::test_critical_page[/browse]"]),
        ("slow-page", ["tests/smoke/test_pages.py::test_critical_page[/browse]"]),
    ],
)
def test_prefetch_gives_the_same_verdicts_and_answers_every_planned_request(
    fault: str | None, failing: list[str]
) -> None:
    with running_demo(faults=(fault,) if fault else ()) as demo:
        on, output_on = run_layer(demo.base_url, demo.env, 8)
        off, output_off = run_layer(demo.base_url, demo.env, 0)
    assert on == off, f"prefetch on:\n{output_on}\n\nprefetch off:\n{output_off}"
    assert sorted(k for k, v in on.items() if v in ("FAILED", "ERROR")) == failing, output_on
    assert len(on) == 23, output_on
    counts = PREFETCH.search(output_on)
    assert counts is not None, output_on
    planned, stored, served, network = map(int, counts.groups()[1:])
    # Every request the checks made on the smoke client was answered from the prefetch.
    assert planned > 0 and stored == served and served > 15 and network == 0, counts[0]
    assert "prefetch:" not in output_off, output_off


def test_security_layer_gives_the_same_verdicts_with_prefetch() -> None:
    """The security layer's shared client: same outcomes on and off, and its planned GETs served."""
    with running_demo(faults=("env-exposed",)) as demo:
        on, output_on = run_layer(demo.base_url, demo.env, 8, "security")
        off, output_off = run_layer(demo.base_url, demo.env, 0, "security")
    assert on == off, f"prefetch on:\n{output_on}\n\nprefetch off:\n{output_off}"
    failed = sorted(k for k, v in on.items() if v == "FAILED")
    assert failed and all("test_sensitive_path_not_exposed[/.env" in k for k in failed), output_on
    counts = PREFETCH.search(output_on)
    assert counts is not None and counts[1] == "http", output_on
    planned, stored, served, _ = map(int, counts.groups()[1:])
    assert planned == stored and served >= planned - 1, counts[0]  # the nonce re-fetch may go unused
