"""Bad input to the gate, through the real commands: one line and the layer's usage exit code before
any page is loaded or any user started; without `--baseline` the gate adds nothing at all."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "targets" / "demo.toml"
UNREACHABLE = "http://127.0.0.1:9"


def run(cmd: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "POSTDEPLOY_REPORTS": str(tmp_path / "reports"), **env}
    full_env.pop("POSTDEPLOY_BASELINE", None)
    return subprocess.run(cmd, cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120)


def perf(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "pytest", "tests/perf", "-m", "perf", f"--base-url={UNREACHABLE}",
           f"--target={TARGET}", "-q", "--no-header", "-p", "no:randomly", *args]  # fmt: skip
    return run(cmd, tmp_path, **env)


def test_perf_refuses_a_broken_regression_budgets_file(tmp_path: Path) -> None:
    bad = tmp_path / "regression.toml"
    bad.write_text("[perf]\nmin_samples = 0\n")
    proc = perf(tmp_path, "--baseline", str(tmp_path / "b"), POSTDEPLOY__PERF__REGRESSION_FILE=str(bad))
    assert proc.returncode == 4, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert f"ERROR: {bad}: perf.min_samples: Input should be greater than or equal to 1" in proc.stderr


def test_without_a_baseline_the_gate_is_not_even_collected(tmp_path: Path) -> None:
    proc = perf(tmp_path, "--collect-only")
    assert "test_since_last_deploy" not in proc.stdout
    assert proc.returncode == 0, proc.stdout + proc.stderr
    gated = perf(tmp_path, "--collect-only", "--baseline", str(tmp_path / "b"))
    assert "tests/perf/test_regression.py::test_since_last_deploy[/]" in gated.stdout
    off = perf(tmp_path, "--collect-only", "--baseline", str(tmp_path / "b"), POSTDEPLOY__PERF__REGRESSION="off")
    assert "test_since_last_deploy" not in off.stdout


def test_load_run_refuses_a_broken_regression_budgets_file(tmp_path: Path) -> None:
    bad = tmp_path / "regression.toml"
    bad.write_text("[load]\ntiming = { min_relative = -1 }\n")
    cmd = [sys.executable, "-m", "locust", "-f", "load/", "--headless", "--host", UNREACHABLE, "--shape", "smoke",
           "--target", str(TARGET), "--baseline", str(tmp_path / "b")]  # fmt: skip
    proc = run(cmd, tmp_path, POSTDEPLOY__LOAD__REGRESSION_FILE=str(bad))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert (
        f"postdeploy load: {bad}: load.timing.min_relative: Input should be greater than or equal to 0" in proc.stderr
    )


def test_compare_command_names_the_problem(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text('{"format": "postdeploy.samples/1", "layer": "perf", "scopes": {}}')
    (tmp_path / "b.json").write_text('{"format": "postdeploy.samples/1", "layer": "load", "scopes": {}}')
    cmd = [sys.executable, "-m", "postdeploy", "compare", str(tmp_path / "a.json"), str(tmp_path / "b.json")]
    proc = run(cmd, tmp_path)
    assert (proc.returncode, proc.stderr) == (
        2,
        "postdeploy compare: a perf baseline cannot be compared with a load run\n",
    )
