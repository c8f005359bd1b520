"""`postdeploy report` on bad input: one clear line, the right exit code, no traceback, no half report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

RESULT = {
    "name": "test_health_status",
    "fullName": "tests.smoke.test_health#test_health_status",
    "historyId": "h1",
    "status": "failed",
    "statusDetails": {"message": "AssertionError: [critical] health.status: /api/health answered 503"},
    "start": 1,
    "stop": 2,
    "labels": [{"name": "epic", "value": "smoke"}, {"name": "feature", "value": "Health"}],
}


def report(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "postdeploy", "report", *args],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def saved_results(root: Path) -> Path:
    results = root / "reports" / "allure-results"
    results.mkdir(parents=True)
    (results / "1-result.json").write_text(json.dumps(RESULT))
    return results


def assert_one_line(stderr: str, *words: str) -> None:
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    for word in words:
        assert word in stderr


def test_no_results_folder(tmp_path: Path) -> None:
    done = report(tmp_path)
    assert done.returncode == 4
    assert_one_line(done.stderr, "no Allure results", "--alluredir=reports/allure-results")
    assert not (tmp_path / "reports" / "allure-report").exists()


def test_empty_results_folder(tmp_path: Path) -> None:
    (tmp_path / "reports" / "allure-results").mkdir(parents=True)
    done = report(tmp_path)
    assert done.returncode == 4
    assert_one_line(done.stderr, "holds no test results")
    assert "NO RESULTS" in (tmp_path / "reports" / "summary.md").read_text()


def test_node_missing(tmp_path: Path) -> None:
    saved_results(tmp_path)
    empty_path = tmp_path / "bin"
    empty_path.mkdir()
    done = report(tmp_path, PATH=str(empty_path))
    assert done.returncode == 4
    assert_one_line(done.stderr, "Node.js not found", "install Node.js 20")
    # The summary does not need Node: CI still gets its verdict.
    assert "[critical] health.status" in (tmp_path / "reports" / "summary.md").read_text()
    assert not (tmp_path / "reports" / "allure-report").exists()


def test_allure_missing(tmp_path: Path) -> None:
    saved_results(tmp_path)
    done = report(tmp_path, POSTDEPLOY_ALLURE=str(tmp_path / "no-allure"))
    assert done.returncode == 4
    assert_one_line(done.stderr, "POSTDEPLOY_ALLURE", "npm ci")


def test_summary_only_needs_no_node(tmp_path: Path) -> None:
    saved_results(tmp_path)
    done = report(tmp_path, "--summary-only", PATH=str(tmp_path))
    assert done.returncode == 0, done.stderr
    summary = (tmp_path / "reports" / "summary.md").read_text()
    assert "## ❌ postdeploy: FAILED" in summary
    assert "- **normal** smoke › Health › test_health_status (new): `AssertionError: [critical]" in summary
