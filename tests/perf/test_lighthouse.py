"""Lighthouse budgets: one result per URL for the run itself, one per URL and budget line.

Budget lines come from the profile's budget.json and Lighthouse CI-style assertion files
(`budgets/`); a `warn` line that is broken passes with a visible warning, an `error` line fails.
"""

from __future__ import annotations

import warnings

import allure
import pytest

from postdeploy.budgets import evaluate_line
from postdeploy.evidence import Evidence
from postdeploy.plugins.perf import LighthouseSession, PerfCase

VITALS = {
    "first-contentful-paint": ("FCP", "ms"),
    "largest-contentful-paint": ("LCP", "ms"),
    "cumulative-layout-shift": ("CLS", ""),
    "total-blocking-time": ("TBT", "ms"),
    "server-response-time": ("TTFB", "ms"),
    "speed-index": ("Speed Index", "ms"),
}


class BudgetWarning(UserWarning):
    """A warn-level budget line that is broken: reported, not failed."""


def _attach_html(evidence: Evidence, runs_html: object, path: str) -> None:
    if runs_html is not None:
        evidence.file(str(runs_html), f"Lighthouse report {path}", allure.attachment_type.HTML)


def test_lighthouse_run(perf_path: str, lighthouse_runs: LighthouseSession, evidence: Evidence) -> None:
    """Lighthouse audits the page: it paints, no run ends in a runtime error; vitals and scores attached."""
    allure.dynamic.title(f"Lighthouse audits {perf_path}")  # type: ignore[no-untyped-call]
    runs = lighthouse_runs(perf_path)
    _attach_html(evidence, runs.html_report(), perf_path)
    summary = []
    for lhr in runs.lhrs:
        audits = lhr.get("audits", {})
        vitals = {
            short: f"{audits[a]['numericValue']:.3g}{unit}" if unit == "" else f"{audits[a]['numericValue']:.0f} {unit}"
            for a, (short, unit) in VITALS.items()
            if isinstance(audits.get(a, {}).get("numericValue"), int | float)
        }
        scores = {cid: c.get("score") for cid, c in (lhr.get("categories") or {}).items()}
        summary.append({"fetchTime": lhr.get("fetchTime"), "vitals": vitals, "scores": scores})
    evidence.json(f"vitals and scores {perf_path}", summary)
    if runs.run_warnings():
        evidence.text(f"Lighthouse run warnings {perf_path}", "\n".join(runs.run_warnings()))
    if runs.errors:
        evidence.text(f"Lighthouse run errors {perf_path}", "\n".join(runs.errors))
    if runs.errored_audits():
        # An audit in error has no score: say so instead of letting its budget line pass silently.
        evidence.json(f"audits in error {perf_path}", runs.errored_audits())
    assert runs.lhrs, f"Lighthouse could not audit {perf_path}: " + "; ".join(runs.errors)


def test_budget(budget_case: PerfCase, lighthouse_runs: LighthouseSession, evidence: Evidence) -> None:
    """One budget line on one URL, with Lighthouse CI's semantics (level, aggregation over runs)."""
    line, path = budget_case.line, budget_case.path
    allure.dynamic.title(f"{line.title} on {path}")  # type: ignore[no-untyped-call]
    allure.dynamic.tag(line.level)  # type: ignore[no-untyped-call]
    runs = lighthouse_runs(path)
    if not runs.lhrs:
        pytest.fail(f"{line.label} on {path}: no Lighthouse result ({'; '.join(runs.errors)})", pytrace=False)
    verdict = evaluate_line(line, runs.lhrs)
    evidence.json("assertion results", [r.as_lhci() for r in verdict.results])
    errored = runs.errored_audits().get(line.key)
    if errored:
        evidence.text("audit in error", f"{line.key}: {errored}")
    if verdict.status == "warned":
        message = f"budget warning ({line.source}): {verdict.message(path)}"
        allure.dynamic.title(f"⚠ {line.title} on {path} (warn)")  # type: ignore[no-untyped-call]
        allure.dynamic.description(message)  # type: ignore[no-untyped-call]
        evidence.text("budget warning", message)
        warnings.warn(BudgetWarning(message), stacklevel=1)
    if verdict.status == "failed":
        _attach_html(evidence, runs.html_report(), path)
        pytest.fail(f"{verdict.message(path)} [{line.source}]", pytrace=False)
