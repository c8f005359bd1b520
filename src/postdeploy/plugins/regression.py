"""pytest wiring of the deploy-over-deploy gate for the perf layer: `--baseline DIR`, the run count the
gate needs, and one comparison of every URL's Lighthouse runs with the stored baseline per session.

Without `--baseline` (or with `[perf] regression = "off"`) the gate's tests are deselected and
nothing changes. A bad regression budgets file ends the run with one line and exit code 4.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from postdeploy.plugins.keys import loaded_profile
from postdeploy.profile import TargetProfile
from postdeploy.regression.gate import GateOutcome, run_gate
from postdeploy.regression.metrics import lighthouse_metrics
from postdeploy.regression.rules import GateRules, RulesError, load_rules
from postdeploy.regression.samples import Samples

DEFAULT_RULES_FILE = "budgets/regression.toml"
RULES_KEY = pytest.StashKey[GateRules]()
GATE_FIXTURE = "perf_regression"


def rules_for(file: str, root: Path) -> GateRules:
    """The profile's regression budgets; the shipped default path may be absent (built-in defaults)."""
    path = Path(file) if Path(file).is_absolute() else root / file
    if file == DEFAULT_RULES_FILE and not path.is_file():
        return GateRules()
    return load_rules(path)


def _profile(config: pytest.Config) -> TargetProfile:
    return loaded_profile(config)


def gate_active(config: pytest.Config) -> bool:
    return bool(config.getoption("baseline", default=None)) and _profile(config).perf.regression != "off"


def gate_rules(config: pytest.Config) -> GateRules:
    if RULES_KEY not in config.stash:
        try:
            config.stash[RULES_KEY] = rules_for(_profile(config).perf.regression_file, config.rootpath)
        except RulesError as exc:
            raise pytest.UsageError(str(exc)) from None
    return config.stash[RULES_KEY]


def gate_runs(config: pytest.Config, runs: int) -> int:
    """Lighthouse runs per URL: the profile's, raised to what the gate needs when it compares."""
    return max(runs, gate_rules(config).perf.min_samples) if gate_active(config) else runs


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    gated = [item for item in items if GATE_FIXTURE in getattr(item, "fixturenames", ())]
    if not gated:
        return
    if not gate_active(config):
        # Inert until asked: no baseline, no comparison tests at all (not even skipped ones).
        config.hook.pytest_deselected(items=gated)
        items[:] = [item for item in items if item not in gated]
    else:
        gate_rules(config)  # a broken budgets file is a usage error before any Lighthouse run


def perf_samples(
    profile: TargetProfile, env: Mapping[str, str], runs: Mapping[str, list[dict[str, object]]]
) -> Samples:
    samples = Samples(
        layer="perf",
        target=profile.name,
        environment=profile.environment,
        version=profile.expected_version(env),
        settings={"preset": profile.perf.preset, "throttling_method": profile.perf.throttling_method},
    )
    for path, lhrs in runs.items():
        scope = samples.scope(path)
        for lhr in lhrs:
            scope.add(lighthouse_metrics(lhr))
    return samples


@pytest.fixture(scope="session")
def perf_regression(
    pytestconfig: pytest.Config, target_profile: TargetProfile, target_env: Mapping[str, str], lighthouse_runs: object
) -> GateOutcome | None:
    """Every URL's runs compared with the baseline, once per session (runs Lighthouse if not done yet)."""
    runs = {path: lighthouse_runs(path).lhrs for path in target_profile.perf.urls}  # type: ignore[operator]
    samples = perf_samples(target_profile, target_env, runs)
    reports = Path(target_env.get("POSTDEPLOY_REPORTS") or "reports")
    return run_gate(
        samples, pytestconfig.getoption("baseline"), gate_rules(pytestconfig), target_profile.perf.regression, reports
    )
