"""The Next.js fault matrix: the healthy reference app (targets/nextjs-app, "Loomhall") passes every
check of each layer in NEXTJS_LAYERS with the counts of selftests/matrix/expected.py, and each fault of
its catalogue (faults.json) fails its named check and no unrelated one.

The app is built once per run (`build_nextjs`, cached on its sources' digest); each case serves it
with its own `next start` and runs the layer's real command in a subprocess with targets/nextjs.toml,
exactly as test_fault_matrix.py does for the demo. Scheduling (the timing group for perf and load,
one more Lighthouse run for a perf case) comes from selftests/conftest.py, which reads the `layer`
and `fault` parameters.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from postdeploy.layers import LAYERS
from selftests.matrix.expected import NEXTJS_HEALTHY, NEXTJS_KNOWN_GAPS, NEXTJS_LAYERS, Healthy
from selftests.matrix.runner import ROOT, LayerRun, audited_page, matches, run_load_layer, run_pytest_layer
from selftests.nextjs_target import APP_DIR, BuildResult, NextTargetError, build_nextjs, running_nextjs

TARGET = ROOT / "targets" / "nextjs.toml"
# Lighthouse runs per URL in a perf case: the profile's 3, not the demo matrix's 1. Budget lines take
# the best of the runs (Lighthouse CI's optimistic aggregation); hydrating Next.js's framework chunks
# on this shared machine pushes a single healthy run's TBT over 200 ms about every other time (load
# ~14), while a fault's 700 ms task or 0.3 CLS is in every run. Measured in bench/RESULTS.md.
PERF_RUNS = 3


@dataclass(frozen=True)
class NextFault:
    """One entry of targets/nextjs-app/faults.json (`layer` is what the self-test scheduler reads)."""

    name: str
    layer: str
    check: str
    also: tuple[str, ...]


def catalogue() -> list[NextFault]:
    faults = json.loads((APP_DIR / "faults.json").read_text(encoding="utf-8"))["faults"]
    return [NextFault(f["name"], f["layer"], f["check"], tuple(f.get("also", ()))) for f in faults]


FAULTS = [
    pytest.param(fault, id=fault.name, marks=[pytest.mark.xfail(strict=True, reason=NEXTJS_KNOWN_GAPS[fault.name])]
                 if fault.name in NEXTJS_KNOWN_GAPS else [])
    for fault in catalogue() if fault.layer in NEXTJS_LAYERS
]  # fmt: skip


@pytest.fixture(scope="session")
def nextjs_build() -> BuildResult:
    """`npm ci` + `next build` once per change of the app's sources; a stamp hit costs milliseconds."""
    try:
        return build_nextjs()
    except NextTargetError as exc:
        pytest.fail(f"the Next.js reference app did not build: {exc}", pytrace=False)


def run_case(layer: str, faults: tuple[str, ...], tmp_path: Path, record_property: pytest.RecordProperty) -> LayerRun:
    started = time.monotonic()
    with running_nextjs(faults=faults) as app:
        ready_s = app.ready_s
        layer_started = time.monotonic()
        if layer == "load":
            run = run_load_layer(app, tmp_path, target=TARGET)
        else:
            overrides = {"POSTDEPLOY__PERF__RUNS": str(PERF_RUNS)} if layer == "perf" else {}
            run = run_pytest_layer(layer, app, tmp_path, target=TARGET, overrides=overrides)
        layer_s = time.monotonic() - layer_started
    # What each case costs, for bench/RESULTS.md and the CI budget (`--durations` shows the total).
    record_property("nextjs_cost", json.dumps({"layer": layer, "faults": list(faults), "start_s": round(ready_s, 2),
                                               "layer_s": round(layer_s, 2),
                                               "case_s": round(time.monotonic() - started, 2)}))  # fmt: skip
    return run


def test_matrix_names_real_layers_and_faults() -> None:
    assert set(NEXTJS_LAYERS) <= set(LAYERS)
    assert set(NEXTJS_KNOWN_GAPS) <= {fault.name for fault in catalogue()}


@pytest.mark.parametrize("layer", [pytest.param(layer, id=layer) for layer in NEXTJS_LAYERS])
def test_healthy_nextjs_passes_every_check(
    layer: str, nextjs_build: BuildResult, tmp_path: Path, record_property: pytest.RecordProperty
) -> None:
    run = run_case(layer, (), tmp_path, record_property)
    got = Healthy(passed=run.count("passed"), skipped=run.count("skipped"))
    record_property("matrix", json.dumps({"fault": "next:(healthy)", "layer": layer, "check": "all pass",
                                          "caught": not run.failed, "others": run.failed}))  # fmt: skip
    assert run.exit_code == 0, f"healthy Next.js app: {layer} exited {run.exit_code}, failed {run.failed}\n{run.output}"
    assert got == NEXTJS_HEALTHY[layer], (
        f"healthy Next.js app: {layer} gave {got}, selftests/matrix/expected.py says {NEXTJS_HEALTHY[layer]} "
        f"(a check added, removed or newly skipped?)\n{run.output}"
    )


@pytest.mark.parametrize("fault", FAULTS)
def test_fault_is_caught_by_its_check(
    fault: NextFault, nextjs_build: BuildResult, tmp_path: Path, record_property: pytest.RecordProperty,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    page = audited_page(fault.check) if fault.layer == "perf" else None
    if page is not None:
        # Lighthouse is the expensive part: audit only the page the fault breaks (the healthy case
        # covers the others).
        monkeypatch.setenv("POSTDEPLOY__PERF__URLS", json.dumps([page]))
    run = run_case(fault.layer, (fault.name,), tmp_path, record_property)
    caught = [node for node in run.failed if matches(node, fault.check)]
    related = (fault.check, *fault.also)
    unrelated = [node for node in run.failed if not any(matches(node, p) for p in related)]
    also = [f"{node} (related)" for node in run.failed if node not in caught and node not in unrelated]
    record_property("matrix", json.dumps({"fault": f"next:{fault.name}", "layer": fault.layer, "check": fault.check,
                                          "caught": bool(caught), "others": unrelated + also}))  # fmt: skip
    assert caught, f"{fault.name}: {fault.check} did not fail (failed: {run.failed})\n{run.output}"
    assert not unrelated, f"{fault.name}: unrelated checks failed too: {unrelated}\n{run.output}"
