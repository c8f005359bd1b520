"""The fault matrix: every catalogued fault is caught by its named check, and by no unrelated one;
the healthy demo passes every check of every layer.

Each case starts the real demo (uvicorn, SQLite; PostgreSQL for the security layer) on free ports
with one fault (or a few e2e faults that share a run, see SHARED_RUNS) and runs the layer's real
command against it in a subprocess. Run in parallel with `-n 2`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
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


# e2e faults that share one demo and one e2e run: an e2e run costs a minute, and these faults' checks
# (named and `also`) are disjoint and none masks another's effect (a webhook that is never sent would
# hide a wrongly confirmed payment, so webhook-not-sent is not with the two "confirms" faults). Every
# fault of a shared run must still fail its own named check, and no check outside the run's related
# ones may fail. What a shared run cannot show is which of its faults failed a check; the faults'
# behaviour self-tests (selftests/demo/test_faults.py) show each fault's own effect.
SHARED_RUNS: tuple[tuple[str, ...], ...] = (
    ("signup-broken", "wrong-password-accepted", "category-ignored", "search-broken", "logout-keeps-session",
     "webhook-not-sent"),
    ("checkout-decline-confirms", "3ds-fail-confirms"),
    ("console-error", "detail-500"),
)  # fmt: skip


@dataclass(frozen=True)
class Case:
    """One matrix run: a fault, or the faults of a shared run (`layer` is what selftests/conftest.py reads)."""

    faults: tuple[Fault, ...]

    @property
    def layer(self) -> str:
        return self.faults[0].layer

    @property
    def name(self) -> str:
        return "+".join(fault.name for fault in self.faults)


def cases() -> list[Case]:
    by_name = {fault.name: fault for fault in FAULTS}
    shared = {name for run in SHARED_RUNS for name in run}
    return [Case(tuple(by_name[name] for name in run)) for run in SHARED_RUNS] + [
        Case((fault,)) for fault in FAULTS if fault.name not in shared
    ]


def related_patterns(fault: Fault) -> tuple[str, ...]:
    return (fault.check, *fault.also)


def test_shared_runs_hold_faults_with_disjoint_checks() -> None:
    seen = [name for run in SHARED_RUNS for name in run]
    assert len(seen) == len(set(seen)), "a fault is in two shared runs"
    by_name = {fault.name: fault for fault in FAULTS}
    for run in SHARED_RUNS:
        faults = [by_name[name] for name in run]
        assert {fault.layer for fault in faults} == {"e2e"}, run
        for i, first in enumerate(faults):
            for second in faults[i + 1 :]:
                overlap = [
                    (a, b) for a in related_patterns(first) for b in related_patterns(second) if a in b or b in a
                ]
                assert not overlap, (
                    f"{first.name} and {second.name} share checks {overlap}: they need runs of their own"
                )


@pytest.mark.parametrize("case", cases(), ids=[case.name for case in cases()])
def test_fault_is_caught_by_its_check(
    case: Case, tmp_path: Path, record_property: pytest.RecordProperty, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = case.faults[0]
    page = audited_page(first.check) if case.layer == "perf" else None
    if page is not None:  # Lighthouse is the expensive part: audit only the page the fault breaks
        monkeypatch.setenv("POSTDEPLOY__PERF__URLS", json.dumps([page]))
    run = run_layer(case.layer, tuple(fault.name for fault in case.faults), first.tls, tmp_path)
    related = [pattern for fault in case.faults for pattern in related_patterns(fault)]
    unrelated = [node for node in run.failed if not any(matches(node, p) for p in related)]
    missed = []
    for fault in case.faults:
        caught = [node for node in run.failed if matches(node, fault.check)]
        missed += [] if caught else [fault.name]
        # Its related checks (the catalogue's `also`) that failed too are shown, marked, but allowed; in a
        # shared run the other faults' checks are theirs, in their own rows.
        also = [
            f"{node} (related)" for node in run.failed
            if node not in caught and any(matches(node, pattern) for pattern in fault.also)
        ]  # fmt: skip
        record_property("matrix", json.dumps({"fault": fault.name, "layer": fault.layer, "check": fault.check,
                                              "caught": bool(caught), "others": unrelated + also}))  # fmt: skip
    checks = {fault.name: fault.check for fault in case.faults}
    assert not missed, (
        f"{missed}: {[checks[name] for name in missed]} did not fail (failed: {run.failed})\n{run.output}"
    )
    assert not unrelated, f"{case.name}: unrelated checks failed too: {unrelated}"


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
