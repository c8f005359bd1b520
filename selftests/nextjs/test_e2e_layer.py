"""The e2e layer on the Next.js reference target, run as a user runs it (`pytest -m e2e --target
targets/nextjs.toml --base-url …` in a subprocess): every flow passes on the healthy app through its
profile alone, and each e2e fault of targets/nextjs-app/faults.json fails its named check and
nothing unrelated."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from selftests.nextjs_target import APP_DIR, RunningNext, running_nextjs

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "targets" / "nextjs.toml"
# Every e2e flow runs on Loomhall: the checkout ones too (its Stripe-like server is started beside it).
HEALTHY_PASSED, HEALTHY_SKIPPED = 15, 0
E2E_FAULTS: list[dict[str, Any]] = [
    fault for fault in json.loads((APP_DIR / "faults.json").read_text())["faults"] if fault["layer"] == "e2e"
]


def run_e2e_layer(app: RunningNext, workdir: Path) -> dict[str, str]:
    """{node id: outcome} of the e2e layer against the app; the layer's exit code under "exit"."""
    outcomes_file = workdir / "outcomes.json"
    cmd = [
        sys.executable, "-m", "pytest", "tests/e2e", "-m", "e2e", f"--target={TARGET}",
        f"--base-url={app.base_url}", "-p", "selftests.matrix.outcomes", "-p", "no:randomly", "-q",
        "--no-header", f"--alluredir={workdir / 'allure-results'}",
    ]  # fmt: skip
    env = {**os.environ, **app.env, "POSTDEPLOY_OUTCOMES": str(outcomes_file),
           "POSTDEPLOY_REPORTS": str(workdir / "reports")}  # fmt: skip
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    outcomes: dict[str, str] = json.loads(outcomes_file.read_text()) if outcomes_file.exists() else {}
    outcomes["exit"] = str(proc.returncode)
    outcomes["output"] = proc.stdout[-5000:] + proc.stderr[-2000:]
    return outcomes


def _verdicts(outcomes: dict[str, str], wanted: str) -> list[str]:
    return sorted(node for node, outcome in outcomes.items() if node not in ("exit", "output") and outcome == wanted)


def test_healthy_app_passes_every_flow(tmp_path: Path) -> None:
    with running_nextjs() as app:
        outcomes = run_e2e_layer(app, tmp_path)
    failed, passed, skipped = (_verdicts(outcomes, v) for v in ("failed", "passed", "skipped"))
    assert outcomes["exit"] == "0", f"e2e on the healthy app failed {failed}\n{outcomes['output']}"
    assert (len(passed), len(skipped)) == (HEALTHY_PASSED, HEALTHY_SKIPPED), outcomes["output"]


# Faults that share one app and one e2e run (a run costs a minute or more): their checks, named and
# `also`, are disjoint and none hides another's effect. Each must still fail its own named check, and
# nothing outside the run's related checks may fail (as in selftests/matrix/test_fault_matrix.py).
SHARED_RUNS: tuple[tuple[str, ...], ...] = (("search-inert", "category-inert", "payment-never-confirmed"),)


def runs() -> list[tuple[dict[str, Any], ...]]:
    by_name = {fault["name"]: fault for fault in E2E_FAULTS}
    shared = {name for run in SHARED_RUNS for name in run}
    return [tuple(by_name[name] for name in run) for run in SHARED_RUNS] + [
        (fault,) for fault in E2E_FAULTS if fault["name"] not in shared
    ]


def related(fault: dict[str, Any]) -> tuple[str, ...]:
    return (fault["check"], *fault.get("also", []))


def test_shared_runs_hold_faults_with_disjoint_checks() -> None:
    for run in runs():
        for i, first in enumerate(run):
            for second in run[i + 1 :]:
                overlap = [(a, b) for a in related(first) for b in related(second) if a in b or b in a]
                assert not overlap, f"{first['name']} and {second['name']} share checks {overlap}"


@pytest.mark.parametrize("faults", runs(), ids=["+".join(fault["name"] for fault in run) for run in runs()])
def test_fault_is_caught_by_its_check(faults: tuple[dict[str, Any], ...], tmp_path: Path) -> None:
    with running_nextjs(faults=[fault["name"] for fault in faults]) as app:
        outcomes = run_e2e_layer(app, tmp_path)
    failed = _verdicts(outcomes, "failed")
    missed = [fault["check"] for fault in faults if not any(fault["check"] in node for node in failed)]
    patterns = [pattern for fault in faults for pattern in related(fault)]
    unrelated = [node for node in failed if not any(pattern in node for pattern in patterns)]
    assert not missed, f"{missed} did not fail (failed: {failed})\n{outcomes['output']}"
    assert not unrelated, f"unrelated checks failed too: {unrelated}\n{outcomes['output']}"
