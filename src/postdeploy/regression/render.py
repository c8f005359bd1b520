"""The comparison in words: a before/after table (Markdown, which also reads well in a terminal) and
the "Since last deploy" lines of reports/summary.md."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from postdeploy.regression.compare import Comparison, MetricComparison
from postdeploy.regression.metrics import known, metric
from postdeploy.regression.store import read_outcomes

MARKS = {"regressed": "▲ regressed", "improved": "▼ improved", "unchanged": "unchanged",
         "not enough samples": "not enough samples"}  # fmt: skip


def _signed(result: MetricComparison, value: float | None) -> str:
    if value is None:
        return ""
    text = result.metric.format(abs(value))
    return ("+" if value > 0 else "−" if value < 0 else "±") + text


def _relative(value: float | None) -> str:
    if value is None:
        return ""
    if math.isinf(value):
        return " (new)"
    return f" ({value:+.1%})".replace("-", "−")


def _side(result: MetricComparison, values: list[float], median: float | None, requests: int | None) -> str:
    if median is None:
        return "–"
    if result.metric.kind == "errors":
        return f"{result.metric.format(median)} of {requests}"
    return f"{result.metric.format(median)} (n={len(values)})"


def row(result: MetricComparison) -> list[str]:
    change = _signed(result, result.change) + _relative(result.relative) if result.change is not None else "–"
    interval = f"{_signed(result, result.low)} … {_signed(result, result.high)}" if result.low is not None else ""
    p = f"{result.p_adjusted:.2g}" if result.p_adjusted is not None else ""
    verdict = MARKS[result.verdict]
    if result.reason and result.verdict != "regressed":
        verdict += f" — {result.reason}"
    return [result.metric.label, _side(result, result.base, result.base_median, result.base_requests),
            _side(result, result.current, result.current_median, result.current_requests),
            change, interval, p, verdict]  # fmt: skip


def table(results: Iterable[MetricComparison], scope_column: str | None = None) -> str:
    """Before/after per metric: medians, Hodges–Lehmann change and interval, Holm-adjusted p, verdict."""
    head = ["metric", "baseline median", "current median", "change", "95% interval", "p (Holm)", "verdict"]
    head = [scope_column, *head] if scope_column else head
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for result in results:
        cells = [result.scope, *row(result)] if scope_column else row(result)
        lines.append("| " + " | ".join(cell.replace("|", "/") for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def _head(comparison: Comparison, what: str) -> str:
    return (f"{what}: baseline {comparison.base.describe()}; "
            f"current {comparison.current.describe()}\n\n")  # fmt: skip


def comparison_report(comparison: Comparison) -> str:
    """The whole comparison in one table (`postdeploy compare`)."""
    column = "endpoint" if comparison.layer == "load" else "page"
    return _head(comparison, comparison.layer) + table(comparison.results, column) + _foot(comparison)


def scope_report(comparison: Comparison, scope: str) -> str:
    """One page's or endpoint's table, with what was compared and how."""
    return _head(comparison, f"{comparison.layer} {scope}") + table(comparison.for_scope(scope)) + _foot(comparison)


def _foot(comparison: Comparison) -> str:
    return (
        "\nChange: Hodges–Lehmann estimate (timings, scores) or difference of medians (sizes, counts, metrics "
        f"constant on both sides). Regressed = one-sided Mann-Whitney U (Fisher's exact test for error "
        f"ratios) significant after Holm over all {sum(r.p_value is not None for r in comparison.results)} "
        f"tested metrics at α = {comparison.alpha}, AND at least the minimum practical change.\n"
    )


def since_last_deploy(reports: str | Path) -> str:
    """The summary's section for this run's gate outcomes (reports/regression/*.json); "" when none ran."""
    lines = summary_section(read_outcomes(reports))
    return "\n".join(lines) + "\n" if lines else ""


def summary_section(outcomes: Iterable[Mapping[str, Any]]) -> list[str]:
    """`### Since last deploy` for reports/summary.md: one line per layer, one per regressed metric."""
    lines: list[str] = []
    for outcome in outcomes:
        status, mode = outcome.get("status"), outcome.get("mode")
        icon = {"regressed": "❌" if mode == "fail" else "⚠️", "passed": "✅"}.get(str(status), "ℹ️")
        lines.append(f"- {icon} {outcome.get('headline', '')}")
        comparison = outcome.get("comparison") or {}
        for result in comparison.get("results", []):
            if result.get("verdict") == "regressed":
                lines.append(f"  - {result['subject']}: {_describe(result)}")
        for note in outcome.get("notes") or []:
            lines.append(f"  - {note}")
    return ["", "### Since last deploy", "", *lines] if lines else []


def _describe(result: Mapping[str, Any]) -> str:
    base, current, relative = result.get("base_median"), result.get("current_median"), result.get("relative")
    text = f"median {_number(base, result)} → {_number(current, result)}"
    if isinstance(relative, int | float) and not math.isinf(relative):
        text += f" ({relative:+.0%})"
    if result.get("p_adjusted") is not None:
        text += f", p {result['p_adjusted']:.2g} (Holm)"
    return text + f", minimum {result.get('threshold')}"


def _number(value: object, result: Mapping[str, Any]) -> str:
    if not isinstance(value, int | float):
        return "–"
    return metric(str(result["metric"])).format(value) if known(str(result.get("metric"))) else f"{value:,.4g}"
