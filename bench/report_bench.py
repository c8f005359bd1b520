"""Report generation time for 1,000 results, side by side with plain `allure generate`.

A real pytest run (the postdeploy plugin loaded, allure-pytest writing results) produces 1,000
results across four layers — 90 % passed, 8 % failed with a text and a JSON attachment, 2 % broken.
Then, each timed `--repeat` times (median reported):
  postdeploy report          single-file HTML + history + summary.md + merged JUnit (what CI runs)
  postdeploy report --summary-only   summary.md + JUnit, no Node
  allure generate (plain)    Allure 3 defaults: multi-file report, no history (the baseline)

Usage: .venv/bin/python bench/report_bench.py [--results 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from postdeploy.layers import PYTEST_LAYERS

ROOT = Path(__file__).resolve().parents[1]
LAYERS = PYTEST_LAYERS  # the layers that write Allure results from pytest

TEST_MODULE = """
import allure
import pytest

CASES = {cases}


@pytest.mark.parametrize("case", range(CASES))
def test_check(case, evidence):
    kind = case % 50
    if kind < 4:
        evidence.text("response", "GET /api/health -> 503\\n" + "x" * 400)
        evidence.json("findings", [{{"id": "health.status", "severity": "high", "message": "503"}}])
        assert False, f"[high] health.status: case {{case}} answered 503"
    if kind == 4:
        raise RuntimeError(f"set-up broke in case {{case}}")
"""


def make_suite(folder: Path, total: int) -> None:
    per_layer = total // len(LAYERS)
    for i, layer in enumerate(LAYERS):
        cases = per_layer if i < len(LAYERS) - 1 else total - per_layer * (len(LAYERS) - 1)
        (folder / "tests" / layer).mkdir(parents=True)
        (folder / "tests" / layer / f"test_{layer}_bench.py").write_text(TEST_MODULE.format(cases=cases))


def produce_results(folder: Path) -> float:
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "pytest", "tests", "-q", "-p", "no:cacheprovider", "-p", "no:locust",
         "--base-url=http://127.0.0.1:9", "--alluredir=reports/allure-results",
         "--junitxml=reports/junit-bench.xml", "--network-reruns=0"],
        cwd=folder, capture_output=True, check=False, timeout=900,
    )  # fmt: skip
    return time.monotonic() - started


def timed(cmd: list[str], cwd: Path) -> float:
    started = time.monotonic()
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=900, check=False)
    elapsed = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(f"bench: {' '.join(cmd[:4])} failed (exit {done.returncode}): {done.stderr.strip()[-300:]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    allure = ROOT / "node_modules" / ".bin" / "allure"
    node = shutil.which("node")
    if node is None or not allure.exists():
        print("bench: needs Node and Allure 3 (npm ci)", file=sys.stderr)
        return 4
    with tempfile.TemporaryDirectory(prefix="report-bench-") as scratch:
        folder = Path(scratch)
        make_suite(folder, args.results)
        run_s = produce_results(folder)
        results_dir = folder / "reports" / "allure-results"
        count = len(list(results_dir.glob("*-result.json")))
        size_mb = sum(p.stat().st_size for p in results_dir.iterdir()) / 1e6
        print(f"pytest run: {count} results ({size_mb:.1f} MB) in {run_s:.1f} s")

        report = [sys.executable, "-m", "postdeploy", "report"]
        runs: dict[str, list[float]] = {"postdeploy report": [], "postdeploy report --summary-only": [],
                                        "allure generate (plain)": []}  # fmt: skip
        for _ in range(args.repeat):
            runs["postdeploy report"].append(timed(report, folder))
            runs["postdeploy report --summary-only"].append(timed([*report, "--summary-only"], folder))
            plain = folder / "plain-report"
            shutil.rmtree(plain, ignore_errors=True)
            runs["allure generate (plain)"].append(
                timed([node, str(allure), "generate", "-o", str(plain), str(results_dir)], folder)
            )
        index_mb = (folder / "reports" / "allure-report" / "index.html").stat().st_size / 1e6
        history_lines = len((folder / "reports" / "history" / "history.jsonl").read_text().splitlines())
        plain_mb = sum(p.stat().st_size for p in (folder / "plain-report").rglob("*") if p.is_file()) / 1e6
        plain_files = sum(1 for p in (folder / "plain-report").rglob("*") if p.is_file())
    print(f"machine: {os.cpu_count()} cores (shared); median of {args.repeat}")
    print(f"{'step':<36} {'median s':>9} {'min s':>7} {'max s':>7}")
    for name, times in runs.items():
        print(f"{name:<36} {statistics.median(times):9.2f} {min(times):7.2f} {max(times):7.2f}")
    print(f"single-file report: {index_mb:.1f} MB, 1 HTML file; history entries: {history_lines}")
    print(f"plain report: {plain_mb:.1f} MB in {plain_files} files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
