"""The end of a run on a real (idle) Locust environment: verdict lines, exit codes, report files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PROBE = Path(__file__).with_name("report_probe.py")


def finished(tmp_path: Path, scenario: str) -> tuple[int, list[str]]:
    proc = subprocess.run([sys.executable, str(PROBE), str(tmp_path), scenario], capture_output=True, text=True,
                          timeout=60, check=True)  # fmt: skip
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    return result["code"], result["lines"]


def test_broken_slas_exit_3_each_on_its_own_line(tmp_path: Path) -> None:
    code, lines = finished(tmp_path, "broken")
    assert code == 3
    broken = [line for line in lines if line.startswith("SLA broken:")]
    assert broken == [
        "SLA broken: p95 latency is 400 ms (limit <= 100 ms)",
        "SLA broken: error ratio is 16.67% (limit <= 10.00%)",
        "SLA broken: p95 latency of /slow is 400 ms (limit <= 100 ms)",
    ]
    assert lines[-1] == "postdeploy load: FAILED: 3 SLA(s) broken (exit 3)"
    summary = json.loads((tmp_path / "load" / "summary.json").read_text())
    assert summary["exit_code"] == 3 and {e["name"] for e in summary["endpoints"]} == {"/fast", "/slow"}
    assert "/slow" in (tmp_path / "load" / "stats.csv").read_text()
    assert (tmp_path / "load" / "report.html").read_text().lstrip().startswith("<")


def test_a_saturated_generator_fails_the_run_even_when_slas_hold(tmp_path: Path) -> None:
    code, lines = finished(tmp_path, "saturated")
    assert code == 1
    assert any(line.startswith("FAILED: load generator saturated") for line in lines)
    (result,) = [json.loads(p.read_text()) for p in (tmp_path / "allure-results").glob("*-result.json")]
    assert result["status"] == "broken"


def test_healthy_run_exits_0(tmp_path: Path) -> None:
    code, lines = finished(tmp_path, "healthy")
    assert code == 0 and lines[-1] == "postdeploy load: PASSED (exit 0)"
