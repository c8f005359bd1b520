"""Deploy over deploy: each URL's Lighthouse metrics against the last deploy's (`--baseline DIR`).

A metric regressed when the change is significant and at least the minimum practical change of
budgets/regression.toml. The profile's `[perf] regression` decides: "fail" fails the test, "warn"
(the default) passes it with a visible warning. Only collected with `--baseline`.
"""

from __future__ import annotations

import warnings

import allure
import pytest

from postdeploy.evidence import Evidence
from postdeploy.regression.gate import GateOutcome
from postdeploy.regression.plot import svg
from postdeploy.regression.render import scope_report


class RegressionWarning(UserWarning):
    """A metric regressed since the baseline under `regression = "warn"`: reported, not failed."""


def _change(relative: float | None) -> str:
    return f" {relative:+.0%}" if relative is not None and abs(relative) != float("inf") else ""


def test_since_last_deploy(perf_path: str, perf_regression: GateOutcome | None, evidence: Evidence) -> None:
    """This URL's timings, scores and sizes against the baseline: regressed, improved or unchanged."""
    allure.dynamic.title(f"{perf_path} since last deploy")  # type: ignore[no-untyped-call]
    outcome = perf_regression
    assert outcome is not None  # the test is deselected when the gate is off
    comparison = outcome.comparison
    if comparison is None or not comparison.for_scope(perf_path):
        allure.dynamic.description(outcome.headline())  # type: ignore[no-untyped-call]
        for note in outcome.notes:
            evidence.text("regression gate", note)
        return
    results = comparison.for_scope(perf_path)
    evidence.text(f"before and after {perf_path}", scope_report(comparison, perf_path))
    allure.attach(svg(results, f"{perf_path}: baseline against current"), name=f"distributions {perf_path}",
                  attachment_type=allure.attachment_type.SVG)  # fmt: skip
    regressed = [r for r in results if r.verdict == "regressed"]
    if not regressed:
        return
    what = ", ".join(r.subject("perf") + _change(r.relative) for r in regressed)
    message = f"regressed since the last deploy: {what}"
    if outcome.mode == "fail":
        pytest.fail(message, pytrace=False)
    allure.dynamic.title(f"⚠ {perf_path} since last deploy (regressed, warn)")  # type: ignore[no-untyped-call]
    allure.dynamic.tag("regression")  # type: ignore[no-untyped-call]
    allure.dynamic.description(message)  # type: ignore[no-untyped-call]
    warnings.warn(RegressionWarning(message), stacklevel=1)
