"""Runs one layer of the suite against a running target (the demo, or the Next.js app), as a user
would, and reports what failed."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "targets" / "demo.toml"
# Keep matrix runs short: one Lighthouse run per URL is enough to see a broken budget.
MATRIX_ENV = {"POSTDEPLOY__PERF__RUNS": "1"}


class Served(Protocol):
    """What a layer run needs of a started target: its URL and the env vars a suite run reads."""

    base_url: str
    env: dict[str, str]


@dataclass
class LayerRun:
    exit_code: int
    outcomes: dict[str, str]
    output: str
    failed: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.failed = sorted(node for node, outcome in self.outcomes.items() if outcome == "failed")

    def count(self, outcome: str) -> int:
        return sum(1 for value in self.outcomes.values() if value == outcome)


def run_pytest_layer(
    layer: str,
    demo: Served,
    workdir: Path,
    extra_args: tuple[str, ...] = (),
    target: Path = TARGET,
    overrides: dict[str, str] | None = None,
) -> LayerRun:
    """`overrides`: env vars set last, over MATRIX_ENV (e.g. more Lighthouse runs for a noisier target)."""
    outcomes_file = workdir / f"outcomes-{layer}.json"
    cmd = [
        sys.executable, "-m", "pytest", f"tests/{layer}", "-m", layer,
        f"--base-url={demo.base_url}", f"--target={target}",
        "-p", "selftests.matrix.outcomes", "-q", "--no-header", "-p", "no:randomly",
        f"--alluredir={workdir / 'allure-results'}", *extra_args,
    ]  # fmt: skip
    env = {**os.environ, **demo.env, **MATRIX_ENV, **(overrides or {}), "POSTDEPLOY_OUTCOMES": str(outcomes_file)}
    env["POSTDEPLOY_REPORTS"] = str(workdir / "reports")
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    outcomes = json.loads(outcomes_file.read_text()) if outcomes_file.exists() else {}
    return LayerRun(proc.returncode, outcomes, proc.stdout[-6000:] + proc.stderr[-3000:])


def run_load_layer(demo: Served, workdir: Path, target: Path = TARGET) -> LayerRun:
    cmd = [
        sys.executable, "-m", "locust", "-f", "load/", "--headless", "--host", demo.base_url,
        "--shape", "smoke", "--target", str(target),
    ]  # fmt: skip
    env = {**os.environ, **demo.env, "POSTDEPLOY_REPORTS": str(workdir / "reports")}
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    outcomes = {"sla-gate": "failed" if proc.returncode == 3 else ("passed" if proc.returncode == 0 else "error")}
    return LayerRun(proc.returncode, outcomes, proc.stdout[-4000:] + proc.stderr[-4000:])


def matches(node: str, pattern: str) -> bool:
    return pattern in node


def audited_page(check: str) -> str | None:
    """The page a perf check is about (`test_budget[CLS <= 0.1 on /]` or `test_lighthouse_run[/]` ->
    "/"): a perf fault's case audits that page alone, since Lighthouse is the expensive part and the
    healthy case covers the others."""
    match = re.search(r"(?: on |\[)(/[^\]\s]*)\]?$", check)
    return match.group(1) if match else None
