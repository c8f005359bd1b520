"""Budget lines: each assertion of each budget file, for one URL, named the way a person reads it.

The perf tests report one result per URL and line (`LCP <= 2500 ms on /browse`); this module
expands the option sets into those lines and gives each one a verdict over the URL's runs.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from postdeploy.budgets.assertions import AssertionResult, assert_url, kebab_case, split_assertion_key, with_preset
from postdeploy.budgets.audits import KNOWN_AUDITS, LIGHTHOUSE_VERSION, PSEUDO_AUDITS, SHORT_NAMES, UNITLESS

__all__ = ["BudgetLine", "LineVerdict", "describe_result", "evaluate_line", "lines_for_url"]

BOUNDS = (("maxNumericValue", "<="), ("maxLength", "<="), ("minScore", ">="))


@dataclass(frozen=True)
class BudgetLine:
    """One assertion applied to one URL; `options` is a one-assertion LHCI option set."""

    key: str  # kebab-cased assertion key, e.g. `categories:performance`
    level: str
    options: Mapping[str, Any]
    source: str  # which file the line came from

    @property
    def label(self) -> str:
        """`LCP <= 2500 ms`, `performance score >= 0.9`, `script size <= 150 KiB` (ASCII, for test ids)."""
        return _label(self.key, self._assertion_options())

    @property
    def title(self) -> str:
        return self.label.replace("<=", "≤").replace(">=", "≥")

    def _assertion_options(self) -> Mapping[str, Any]:
        value = self.options["assertions"][self.key]
        return value[1] if isinstance(value, list) and len(value) > 1 and value[1] else {}


@dataclass
class LineVerdict:
    line: BudgetLine
    results: list[AssertionResult] = field(default_factory=list)

    @property
    def broken(self) -> list[AssertionResult]:
        return [r for r in self.results if not r.passed]

    @property
    def status(self) -> str:
        """`passed`, `warned` (a broken warn-level line: reported, not failed) or `failed`."""
        if not self.broken:
            return "passed"
        return "warned" if self.line.level == "warn" else "failed"

    def message(self, path: str) -> str:
        return "; ".join(describe_result(r, path) for r in (self.broken or self.results))


def _subject(key: str) -> str:
    audit_id, prop = split_assertion_key(key)
    if audit_id == "categories" and prop:
        return f"{prop[0]} score"
    if audit_id == "resource-summary" and len(prop) == 2:
        return f"{prop[0]} {prop[1]}"
    if audit_id == "user-timings" and prop:
        return f"user timing {'-'.join(prop)}"
    return SHORT_NAMES.get(audit_id, audit_id)


def _unit(key: str, bound: str) -> str:
    audit_id, prop = split_assertion_key(key)
    if bound != "maxNumericValue":
        return ""
    if audit_id == "resource-summary":
        return " KiB" if prop[-1:] == ["size"] else " requests"
    if audit_id in UNITLESS:
        return ""
    return " ms"


def _number(value: float) -> str:
    if isinstance(value, float) and math.isnan(value):
        return "no value"
    return f"{value:g}" if abs(value) < 1e6 else f"{value:.0f}"


def _shown(key: str, bound: str, value: float) -> str:
    """Sizes are asserted in bytes but budgets speak KiB: show KiB."""
    audit_id, prop = split_assertion_key(key)
    if bound == "maxNumericValue" and audit_id == "resource-summary" and prop[-1:] == ["size"]:
        if isinstance(value, float) and math.isnan(value):
            return "no value"
        return f"{value / 1024:.4g}"
    if bound == "maxNumericValue" and audit_id not in UNITLESS and audit_id != "resource-summary":
        return f"{value:.0f}" if not math.isnan(value) else "no value"
    return _number(value)


def _label(key: str, options: Mapping[str, Any]) -> str:
    subject = _subject(key)
    bounds = [(name, op) for name, op in BOUNDS if options.get(name) is not None]
    if not bounds:
        bounds = [("minScore", ">=")]
        options = {"minScore": 0.9}
    if subject.endswith(" score") or key.startswith("categories"):
        parts = [f"{op} {_shown(key, name, options[name])}{_unit(key, name)}" for name, op in bounds]
        return f"{subject} {' and '.join(parts)}"
    parts = []
    for name, op in bounds:
        what = {"minScore": "score ", "maxLength": "items "}.get(name, "")
        parts.append(f"{what}{op} {_shown(key, name, options[name])}{_unit(key, name)}")
    return f"{subject} {' and '.join(parts)}"


def lines_for_url(url: str, option_sets: Sequence[Mapping[str, Any]], sources: Sequence[str]) -> list[BudgetLine]:
    """Every non-off assertion that applies to `url` (assertMatrix entries filtered by their pattern,
    presets expanded: each of a preset's audits is a line of its own, as lhci reports them)."""
    lines: list[BudgetLine] = []
    for options, source in zip(option_sets, sources, strict=True):
        entries = options.get("assertMatrix") or [options]
        for raw_entry in entries:
            entry = with_preset(raw_entry)
            own = {kebab_case(k) for k in raw_entry.get("assertions") or {}}
            pattern = entry.get("matchingUrlPattern")
            if pattern and not re.search(pattern, url):
                continue
            assertions: Mapping[str, Any] = entry.get("assertions") or {}
            for key in dict.fromkeys(kebab_case(k) for k in assertions):
                value = assertions.get(key)
                level = value if isinstance(value, str) else (value[0] if value else "off")
                if level == "off":
                    continue
                single = {"assertions": {key: value}, "aggregationMethod": entry.get("aggregationMethod")}
                origin = source if key in own or not raw_entry.get("preset") else f"{source} ({raw_entry['preset']})"
                lines.append(BudgetLine(key, level, single, origin))
    return lines


def evaluate_line(line: BudgetLine, lhrs: Sequence[Mapping[str, Any]]) -> LineVerdict:
    """The line's verdict over one URL's runs (all runs share the URL)."""
    return LineVerdict(line, assert_url(line.options, lhrs))


def describe_result(result: AssertionResult, path: str) -> str:
    """`LCP on /browse: 3120 ms, budget <= 2500 ms (optimistic over runs: 3120, 3400)`."""
    key = result.audit_id + (f":{result.audit_property.replace('.', ':')}" if result.audit_property else "")
    subject = _subject(key)
    if result.name == "auditRan":
        why = result.message or "the audit did not run (no value in the Lighthouse result)"
        if result.audit_id not in KNOWN_AUDITS and result.audit_id not in PSEUDO_AUDITS:
            # Lighthouse CI's presets were written for an older Lighthouse; lhci fails these the same way.
            why = (f"Lighthouse {LIGHTHOUSE_VERSION} has no audit {result.audit_id!r} (Lighthouse CI's preset "
                   f"still lists it): set it to 'off' in your assertions")  # fmt: skip
        return f"{subject} on {path}: {why}"
    unit = _unit(key, result.name)
    values = ", ".join(_shown(key, result.name, v) for v in result.values)
    found = _shown(key, result.name, result.actual)
    limit = _shown(key, result.name, result.expected)
    text = f"{subject} on {path}: {found}{unit}, budget {result.operator} {limit}{unit}"
    text += f" (runs: {values})"
    if result.message:
        text += f" — {result.message}"
    return text
