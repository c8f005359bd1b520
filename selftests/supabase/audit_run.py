"""Runs the Supabase audit (tests/security/test_supabase.py) against a running demo, as a user
would, and returns each test's outcome and the findings its failures list."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from postdeploy.demo.launch import RunningDemo

ROOT = Path(__file__).resolve().parents[2]
FINDING_LINE = re.compile(r"^\[(\w+)\] (supabase\.[\w-]+): (.+)$", re.MULTILINE)


@dataclass
class AuditRun:
    exit_code: int
    outcomes: dict[str, str]  # test name → passed | failed | skipped
    findings: list[tuple[str, str, str]]  # (severity, id, message) of the failing findings
    output: str

    def failed(self) -> list[str]:
        return sorted(name for name, outcome in self.outcomes.items() if outcome == "failed")


def run_audit(demo: RunningDemo, workdir: Path, extra_env: dict[str, str] | None = None) -> AuditRun:
    outcomes_file = workdir / "outcomes.json"
    cmd = [
        sys.executable, "-m", "pytest", "tests/security/test_supabase.py", "-m", "security",
        f"--base-url={demo.base_url}", f"--target={ROOT / 'targets' / 'demo.toml'}",
        "-p", "selftests.matrix.outcomes", "-q", "--no-header", f"--alluredir={workdir / 'allure-results'}",
    ]  # fmt: skip
    env = {**os.environ, **demo.env, **(extra_env or {}), "POSTDEPLOY_OUTCOMES": str(outcomes_file)}
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    raw = json.loads(outcomes_file.read_text()) if outcomes_file.exists() else {}
    outcomes = {node.split("::")[-1]: outcome for node, outcome in raw.items()}
    output = proc.stdout + proc.stderr
    return AuditRun(proc.returncode, outcomes, FINDING_LINE.findall(proc.stdout), output[-6000:])
