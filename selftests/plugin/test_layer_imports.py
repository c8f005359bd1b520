"""`pytest -m smoke` (the README's command) collects and imports the smoke layer alone: the other
layers' checks, plugins and machinery stay unimported, and nothing is collected to be deselected."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, sys, pytest
code = pytest.main(sys.argv[1:], plugins=[])
print("MODULES=" + json.dumps(sorted(m for m in sys.modules if m.startswith("postdeploy"))))
sys.exit(code)
"""


def collected(*args: str) -> tuple[str, set[str]]:
    cmd = [sys.executable, "-c", PROBE, "--co", "-q", "-p", "no:randomly", "--base-url=http://127.0.0.1:9",
           "--target=targets/demo.toml", *args]  # fmt: skip
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    line = next(line for line in proc.stdout.splitlines() if line.startswith("MODULES="))
    return proc.stdout, set(json.loads(line.removeprefix("MODULES=")))


@pytest.mark.parametrize(
    ("expression", "absent"),
    [
        ("smoke", ["postdeploy.plugins.e2e", "postdeploy.plugins.security", "postdeploy.lighthouse"]),
        ("security", ["postdeploy.plugins.e2e", "postdeploy.plugins.perf", "postdeploy.plugins.smoke"]),
        ("e2e", ["postdeploy.plugins.perf", "postdeploy.plugins.security", "postdeploy.csp.analyzer"]),
    ],
)
def test_a_layer_run_imports_only_that_layer(expression: str, absent: list[str]) -> None:
    out, modules = collected("-m", expression)
    assert "deselected" not in out, out
    assert not modules & set(absent), sorted(modules & set(absent))


def test_without_a_mark_expression_every_layer_is_collected() -> None:
    out, modules = collected()
    assert {"postdeploy.plugins.e2e", "postdeploy.plugins.perf", "postdeploy.plugins.smoke"} <= modules
    assert " collected" in out  # (the regression gate's checks are deselected without --baseline)
