"""The fault matrix: every catalogued fault is caught by its named check, and by no unrelated one;
the healthy demo passes every check of every layer.

Each case starts the real demo (uvicorn, SQLite; PostgreSQL for the security layer) on free ports
with one fault and runs the layer's real command against it in a subprocess. Run in parallel with `-n 2`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from postdeploy.demo.faults import Fault, catalogue
from postdeploy.demo.launch import running_demo
from postdeploy.layers import LAYERS
from selftests.matrix.expected import DEMO_HEALTHY, Healthy
from selftests.matrix.runner import LayerRun, audited_page, matches, run_load_layer, run_pytest_layer

FAULTS = [fault for fault in catalogue().values() if not fault.baseline]
# Regression faults pass every absolute check; only the gate catches them, against a healthy baseline
# (selftests/regression: recorded samples, and one live run).
REGRESSION_FAULTS = [fault for fault in catalogue().values() if fault.baseline]
# The healthy demo per layer as the local deployment it is, and the security layer again as a
# preview and as production: the environment invariants must pass on a healthy deployment of each.
HEALTHY = [pytest.param(layer, "local", id=layer) for layer in LAYERS] + [
    pytest.param("security", environment, id=f"security-{environment}") for environment in ("preview", "production")
]


def run_layer(layer: str, faults: tuple[str, ...], https: bool, tmp_path: Path, environment: str = "local") -> LayerRun:
    # The security layer runs against the demo's Supabase part (PostgreSQL) too, as in the main job.
    with running_demo(faults=faults, https=https, environment=environment, supabase=layer == "security") as demo:
        if layer == "load":
            return run_load_layer(demo, tmp_path)
        return run_pytest_layer(layer, demo, tmp_path)


@pytest.mark.parametrize(("layer", "environment"), HEALTHY)
def test_healthy_demo_passes_every_check(
    layer: str, environment: str, tmp_path: Path, record_property: pytest.RecordProperty
) -> None:
    run = run_layer(layer, (), False, tmp_path, environment)
    name = "(healthy)" if environment == "local" else f"(healthy {environment})"
    got = Healthy(passed=run.count("passed"), skipped=run.count("skipped"))
    record_property("matrix", json.dumps({"fault": name, "layer": layer, "check": "all pass",
                                          "caught": not run.failed, "others": run.failed}))  # fmt: skip
    assert run.exit_code == 0, f"healthy demo: {layer} failed {run.failed}\n{run.output}"
    case = layer if environment == "local" else f"{layer}-{environment}"
    assert got == DEMO_HEALTHY[case], (
        f"healthy demo: {case} gave {got}, selftests/matrix/expected.py says {DEMO_HEALTHY[case]} "
        f"(a check added, removed or newly skipped?)\n{run.output}"
    )


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_fault_is_caught_by_its_check(
    fault: Fault, tmp_path: Path, record_property: pytest.RecordProperty, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = audited_page(fault.check) if fault.layer == "perf" else None
    if page is not None:  # Lighthouse is the expensive part: audit only the page the fault breaks
        monkeypatch.setenv("POSTDEPLOY__PERF__URLS", json.dumps([page]))
    run = run_layer(fault.layer, (fault.name,), fault.tls, tmp_path)
    caught = [node for node in run.failed if matches(node, fault.check)]
    related = (fault.check, *fault.also)
    unrelated = [node for node in run.failed if not any(matches(node, p) for p in related)]
    # Related checks (the catalogue's `also`) that failed too are shown, marked, but allowed.
    also = [f"{node} (related)" for node in run.failed if node not in caught and node not in unrelated]
    record_property("matrix", json.dumps({"fault": fault.name, "layer": fault.layer, "check": fault.check,
                                          "caught": bool(caught), "others": unrelated + also}))  # fmt: skip
    assert caught, f"{fault.name}: {fault.check} did not fail (failed: {run.failed})\n{run.output}"
    assert not unrelated, f"{fault.name}: unrelated checks failed too: {unrelated}"


@pytest.mark.parametrize("fault", REGRESSION_FAULTS, ids=[f.name for f in REGRESSION_FAULTS])
def test_regression_fault_passes_every_absolute_check(
    fault: Fault, tmp_path: Path, record_property: pytest.RecordProperty, monkeypatch: pytest.MonkeyPatch
) -> None:
    if fault.layer == "perf":
        monkeypatch.setenv("POSTDEPLOY__PERF__URLS", '["/"]')  # the regression faults change the home page only
    run = run_layer(fault.layer, (fault.name,), fault.tls, tmp_path)
    check = f"absolute checks pass (gate: {fault.check})"
    record_property("matrix", json.dumps({"fault": fault.name, "layer": fault.layer, "check": check,
                                          "caught": not run.failed, "others": run.failed}))  # fmt: skip
    assert run.exit_code == 0, f"{fault.name}: an absolute check failed: {run.failed}\n{run.output}"
