"""The perf layer on the real demo, through the real command: Lighthouse runs once per URL for all
of its budget lines, a broken `warn` line passes with a visible warning, and the Lighthouse HTML
report reaches Allure."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from selftests.demo_server import running_demo

ROOT = Path(__file__).resolve().parents[2]


def test_warn_lines_pass_visibly_and_runs_are_shared(tmp_path: Path) -> None:
    assertions = tmp_path / "assertions.json"
    assertions.write_text(
        json.dumps(
            {
                "assertions": {
                    "speed-index": ["warn", {"maxNumericValue": 1}],
                    "first-contentful-paint": ["error", {"maxNumericValue": 60000}],
                    "categories:seo": ["error", {"minScore": 0.5}],
                }
            }
        ),
        encoding="utf-8",
    )
    allure_dir = tmp_path / "allure"
    with running_demo() as demo:
        env = {
            **os.environ, **demo.env, "POSTDEPLOY__PERF__URLS": '["/"]', "POSTDEPLOY__PERF__RUNS": "1",
            "POSTDEPLOY__PERF__ASSERTIONS_FILE": str(assertions), "POSTDEPLOY__PERF__BUDGET_FILE": "null",
            "POSTDEPLOY_REPORTS": str(tmp_path / "reports"),
        }  # fmt: skip
        cmd = [sys.executable, "-m", "pytest", "tests/perf", "-m", "perf", f"--base-url={demo.base_url}",
               "--target=targets/demo.toml", "-q", "-p", "no:randomly", f"--alluredir={allure_dir}"]  # fmt: skip
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=400)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "4 passed" in output
    assert "BudgetWarning" in output and "Speed Index on /" in output
    # One Lighthouse run served the run test and all three budget lines.
    assert output.count("run 1/1") == 1, output

    results = [json.loads(p.read_text()) for p in allure_dir.glob("*-result.json")]
    warned = [r for r in results if r["name"].startswith("⚠")]
    assert [(r["name"], r["status"]) for r in warned] == [("⚠ Speed Index ≤ 1 ms on / (warn)", "passed")]
    html = [a for r in results for a in r.get("attachments", []) if a.get("type") == "text/html"]
    assert html and all((allure_dir / a["source"]).stat().st_size > 10_000 for a in html)
    assert list((tmp_path / "reports" / "lighthouse").glob("*-run1.report.json"))
