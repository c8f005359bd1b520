"""The gate on real samples, recorded once from the demo (`selftests/data/regression`, written by
`bench/regression_record.py`: real Lighthouse runs in blocks of 5 per demo start, real Locust smoke
runs), judged with the shipped budgets/regression.toml at the run count it asks for.

Two consecutive healthy "deploys" flag nothing; each regression fault of the catalogue flags its
metric, and nothing outside the metrics the catalogue lists as moving with it. No browser, no
server: this runs in a second.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from postdeploy.demo.faults import Fault, catalogue
from postdeploy.regression.compare import compare
from postdeploy.regression.rules import GateRules, load_rules
from postdeploy.regression.samples import Samples
from selftests.regression.pool import POOL, lighthouse_blocks, load_runs

ROOT = Path(__file__).resolve().parents[2]
RULES = load_rules(ROOT / "budgets" / "regression.toml")
RUNS = RULES.perf.min_samples
REGRESSION_FAULTS = [f for f in catalogue().values() if f.baseline]


def perf_deploy(*sources: tuple[list[dict[str, list[dict[str, float]]]], str]) -> Samples:
    """`RUNS` runs per path, each path from its own list of blocks (consecutive blocks = one deploy)."""
    samples = Samples("perf", "demo", "local", settings={"preset": "desktop", "throttling_method": "devtools"})
    for blocks, path in sources:
        runs = [metrics for block in blocks for metrics in block.get(path, [])][:RUNS]
        assert len(runs) == RUNS, f"the pool has {len(runs)} runs of {path} here, the gate needs {RUNS}"
        for metrics in runs:
            samples.scope(path).add(metrics)
    return samples


BLOCKS = lighthouse_blocks()
LOAD = load_runs()
PER_DEPLOY = RUNS // 5  # blocks of 5 runs


def healthy_deploy(index: int) -> list[dict[str, list[dict[str, float]]]]:
    return BLOCKS["healthy"][index * PER_DEPLOY : (index + 1) * PER_DEPLOY]


def subjects(base: Samples, current: Samples, rules: GateRules = RULES) -> set[str]:
    return {r.subject(current.layer) for r in compare(base, current, rules).regressions}


def test_two_healthy_deploys_flag_nothing() -> None:
    first, second = healthy_deploy(0), healthy_deploy(1)
    base = perf_deploy((first, "/"), (first, "/browse"))
    assert subjects(base, perf_deploy((second, "/"), (second, "/browse"))) == set()
    assert subjects(LOAD["healthy"][0], LOAD["healthy"][1]) == set()


@pytest.mark.parametrize("fault", REGRESSION_FAULTS, ids=[f.name for f in REGRESSION_FAULTS])
def test_each_regression_fault_flags_its_metric_and_nothing_else(fault: Fault) -> None:
    if fault.layer == "load":
        base, current = LOAD["healthy"][0], LOAD[fault.name][0]
    else:
        first, second = healthy_deploy(0), healthy_deploy(1)
        base = perf_deploy((first, "/"), (first, "/browse"))
        # The fault changes the home page only; the other page comes from the next healthy deploy.
        current = perf_deploy((BLOCKS[fault.name][:PER_DEPLOY], "/"), (second, "/browse"))
    flagged = subjects(base, current)
    assert fault.check in flagged, f"{fault.name}: {fault.check} not flagged (flagged: {sorted(flagged)})"
    assert flagged <= {fault.check, *fault.also}, (
        f"{fault.name}: also flagged {sorted(flagged - {fault.check, *fault.also})}"
    )


def test_the_pool_is_real_and_small() -> None:
    for name in ("lighthouse-pool.jsonl", "load-pool.jsonl"):
        assert (POOL / name).stat().st_size < 600_000, "keep the pool to metrics, not whole results"
    assert len(BLOCKS["healthy"]) >= 2 * PER_DEPLOY
    assert all(len(LOAD[f.name]) >= 1 for f in REGRESSION_FAULTS if f.layer == "load")
