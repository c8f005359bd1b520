"""The comparison: baseline samples and current samples in, one verdict per metric out (pure, no I/O).

A metric regressed when its change is significant (one-sided test, Holm-adjusted over every tested
metric of the comparison, family-wise error `alpha`) AND at least the minimum practical change.
Deterministic metrics (sizes, counts, and any metric constant on both sides) need no test: their
change is the plain difference of medians, judged against the minimum practical change alone.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from typing import Any, Literal

from postdeploy.regression.metrics import BENCHMARK, Metric, metric
from postdeploy.regression.rules import Change, GateRules, LayerRules
from postdeploy.regression.samples import Samples, Scope
from postdeploy.regression.stats import holm, ratio_test, shift_test, smallest_p

Verdict = Literal["regressed", "improved", "unchanged", "not enough samples"]
VERDICTS: tuple[Verdict, ...] = ("regressed", "improved", "unchanged", "not enough samples")
# Settings that make two runs incomparable when they differ (a mobile run is slower than desktop).
COMPARABLE_SETTINGS = ("preset", "throttling_method", "shape")


class NotComparable(Exception):
    """The two runs were measured differently (another preset, throttling or load shape)."""


@dataclass
class MetricComparison:
    scope: str
    metric: Metric
    base: list[float]
    current: list[float]
    verdict: Verdict = "unchanged"
    change: float | None = None  # current minus baseline: Hodges–Lehmann shift, or plain difference
    relative: float | None = None  # change over the baseline's median
    low: float | None = None  # interval of the change (tested metrics)
    high: float | None = None
    p_value: float | None = None  # one-sided, towards worse
    p_adjusted: float | None = None  # Holm
    p_better: float | None = None
    method: str = "difference of medians"
    reason: str = ""
    threshold: Change = field(default_factory=Change)
    site_factor: float | None = None  # load: the other endpoints' change this one was judged against
    base_requests: int | None = None  # error ratios: out of how many requests
    current_requests: int | None = None

    def subject(self, layer: str) -> str:
        """`LCP on /`, `latency of GET /api/listings/[id]`: how faults and messages name a metric."""
        return f"{self.metric.label} {'of' if layer == 'load' else 'on'} {self.scope}"

    @property
    def base_median(self) -> float | None:
        return statistics.median(self.base) if self.base else None

    @property
    def current_median(self) -> float | None:
        return statistics.median(self.current) if self.current else None

    @property
    def worse(self) -> float | None:
        """The change in the bad direction (positive = worse), whatever the metric's direction."""
        if self.change is None:
            return None
        return self.change if self.metric.higher_is_worse else -self.change

    def practical(self, amount: float) -> bool:
        """Is a change of `amount` (towards worse or better, positive) at least the minimum practical one?"""
        if amount <= 0 or amount < self.threshold.min_absolute:
            return False
        base = abs(self.base_median or 0.0)
        return not self.threshold.min_relative or base == 0 or amount / base >= self.threshold.min_relative

    def to_json(self, layer: str) -> dict[str, Any]:
        return {
            "scope": self.scope,
            "metric": self.metric.key,
            "subject": self.subject(layer),
            "kind": self.metric.kind,
            "verdict": self.verdict,
            "base_n": len(self.base),
            "current_n": len(self.current),
            "base_median": self.base_median,
            "current_median": self.current_median,
            "change": self.change,
            "relative": self.relative,
            "low": self.low,
            "high": self.high,
            "p_value": self.p_value,
            "p_adjusted": self.p_adjusted,
            "method": self.method,
            "reason": self.reason,
            "threshold": self.threshold.describe(self.metric),
        }


@dataclass
class Comparison:
    layer: str
    base: Samples
    current: Samples
    alpha: float
    results: list[MetricComparison] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def regressions(self) -> list[MetricComparison]:
        return [r for r in self.results if r.verdict == "regressed"]

    @property
    def improvements(self) -> list[MetricComparison]:
        return [r for r in self.results if r.verdict == "improved"]

    @property
    def short_of_samples(self) -> list[MetricComparison]:
        return [r for r in self.results if r.verdict == "not enough samples"]

    def for_scope(self, scope: str) -> list[MetricComparison]:
        return [r for r in self.results if r.scope == scope]

    def counts(self) -> dict[str, int]:
        return {verdict: sum(r.verdict == verdict for r in self.results) for verdict in VERDICTS}

    def to_json(self) -> dict[str, Any]:
        return {
            "layer": self.layer,
            "base": self.base.describe(),
            "current": self.current.describe(),
            "base_version": self.base.version,
            "current_version": self.current.version,
            "alpha": self.alpha,
            "counts": self.counts(),
            "notes": self.notes,
            "results": [r.to_json(self.layer) for r in self.results],
        }


def check_comparable(base: Samples, current: Samples) -> None:
    if base.layer != current.layer:
        raise NotComparable(f"a {base.layer} baseline cannot be compared with a {current.layer} run")
    for key in COMPARABLE_SETTINGS:
        was, now = base.settings.get(key), current.settings.get(key)
        if was is not None and now is not None and was != now:
            raise NotComparable(f"the baseline was measured with {key} {was!r}, this run with {now!r}")


def _shown(key: str, base: list[float], current: list[float]) -> bool:
    # Resource types a page does not use at all (fonts, media…) add rows of zeros and nothing else;
    # the machine's speed is context for the timings, not a property of the site.
    if metric(key).kind == "machine":
        return False
    return not (key.startswith(("bytes.", "requests.")) and not any(base) and not any(current))


def compare(base: Samples, current: Samples, rules: GateRules) -> Comparison:
    """Every metric both runs measured, scope by scope; raises NotComparable for different settings."""
    check_comparable(base, current)
    layer_rules = rules.layer(current.layer)
    comparison = Comparison(current.layer, base, current, rules.alpha)
    factors = _site_factors(base, current, layer_rules) if layer_rules.relative_to_site else {}
    if factors:
        overall = statistics.median(_ratios(base, current, layer_rules).values())
        comparison.notes.append(
            f"the whole site's latency changed ×{overall:.2f} (median over endpoints): each endpoint is judged "
            "against the others' change, so a busier load generator or server does not flag every endpoint"
        )
    for name, scope in current.scopes.items():
        before = base.scopes.get(name)
        if before is None:
            comparison.notes.append(f"{name}: new since the baseline, nothing to compare with")
            continue
        for key, values in scope.metrics.items():
            if key in before.metrics and _shown(key, before.metrics[key], values):
                factor = factors.get(name) if key == "latency" else None
                comparison.results.append(
                    _measured(name, metric(key), before.metrics[key], values, layer_rules, factor)
                )
        if scope.requests is not None and before.requests is not None:
            comparison.results.append(_errors(name, before, scope, layer_rules))
    gone = sorted(set(base.scopes) - set(current.scopes))
    comparison.notes += [f"{name}: in the baseline, not measured in this run" for name in gone]
    comparison.notes += _machine_speed(base, current)
    _judge(comparison, layer_rules)
    return comparison


def _machine_speed(base: Samples, current: Samples) -> list[str]:
    """Lighthouse's benchmark index on both sides: a much slower machine this time explains slower paints."""
    was = [v for scope in base.scopes.values() for v in scope.metrics.get(BENCHMARK.key, [])]
    now = [v for scope in current.scopes.values() for v in scope.metrics.get(BENCHMARK.key, [])]
    if not was or not now:
        return []
    before, after = statistics.median(was), statistics.median(now)
    return [f"machine speed (Lighthouse benchmark index, median): {before:,.0f} before, {after:,.0f} now "
            f"({after / before - 1:+.0%})"]  # fmt: skip


def _ratios(base: Samples, current: Samples, rules: LayerRules) -> dict[str, float]:
    """Per endpoint with enough requests on both sides: current median latency over the baseline's."""
    ratios = {}
    for name, scope in current.scopes.items():
        before = base.scopes.get(name)
        now, was = scope.metrics.get("latency", []), before.metrics.get("latency", []) if before else []
        if min(len(now), len(was)) >= rules.min_samples and statistics.median(was) > 0:
            ratios[name] = statistics.median(now) / statistics.median(was)
    return ratios


def _site_factors(base: Samples, current: Samples, rules: LayerRules) -> dict[str, float]:
    """For each endpoint, the median change of the OTHER endpoints (at least two of them): what a
    slower machine or a busier server does to every request, which the endpoint is judged against."""
    ratios = _ratios(base, current, rules)
    factors = {}
    for name in ratios:
        others = [ratio for other, ratio in ratios.items() if other != name]
        if len(others) >= 2:
            factors[name] = statistics.median(others)
    return factors


def _measured(
    scope: str, what: Metric, base: list[float], current: list[float], rules: LayerRules, factor: float | None = None
) -> MetricComparison:
    result = MetricComparison(scope, what, base, current, threshold=rules.change(what), site_factor=factor)
    constant = len(set(base)) <= 1 and len(set(current)) <= 1
    if not base or not current:
        result.verdict, result.reason = "not enough samples", "no values on one side"
    elif what.tested and min(len(base), len(current)) < rules.min_samples:
        result.verdict = "not enough samples"
        result.reason = (
            f"{len(base)} baseline and {len(current)} current values; the gate needs {rules.min_samples} per side"
        )
    elif not what.tested or constant:
        # Deterministic for a build: the difference itself is the answer, no test needed.
        base_median, current_median = statistics.median(base), statistics.median(current)
        result.change = current_median - base_median
        result.method = "difference of medians" if what.tested is False else "difference (constant on both sides)"
    else:
        # Relative to the site: the current values are taken back by the other endpoints' change.
        test = shift_test(base, [v / factor for v in current] if factor else current)
        result.change, result.low, result.high, result.method = test.shift, test.low, test.high, test.method
        if factor:
            result.method += f", relative to the other endpoints (×{factor:.2f})"
        worse_p, better_p = (test.p_greater, test.p_less) if what.higher_is_worse else (test.p_less, test.p_greater)
        result.p_value, result.p_better = worse_p, better_p
    base_median = statistics.median(base) if base else 0.0
    if result.change is not None and base_median:
        result.relative = result.change / abs(base_median)
    elif result.change:
        result.relative = math.inf if result.change > 0 else -math.inf
    return result


def _errors(scope: str, before: Scope, now: Scope, rules: LayerRules) -> MetricComparison:
    what = metric("errors")
    base_requests, requests = before.requests or 0, now.requests or 0
    base_failures, failures = before.failures or 0, now.failures or 0
    result = MetricComparison(scope, what, [base_failures / base_requests if base_requests else 0.0],
                              [failures / requests if requests else 0.0], threshold=rules.change(what),
                              base_requests=base_requests, current_requests=requests)  # fmt: skip
    if min(base_requests, requests) < rules.min_samples:
        result.verdict = "not enough samples"
        result.reason = f"{base_requests} baseline and {requests} current requests; the gate needs {rules.min_samples}"
        return result
    test = ratio_test(base_failures, base_requests, failures, requests)
    result.change = test.current_ratio - test.base_ratio
    result.p_value, result.p_better, result.method = test.p_greater, test.p_less, test.method
    return result


def _judge(comparison: Comparison, rules: LayerRules) -> None:
    tested = [r for r in comparison.results if r.p_value is not None and r.verdict != "not enough samples"]
    worse = holm([r.p_value or 1.0 for r in tested])
    better = holm([r.p_better if r.p_better is not None else 1.0 for r in tested])
    alpha = comparison.alpha
    for result, p_worse, p_better in zip(tested, worse, better, strict=True):
        result.p_adjusted = p_worse
        floor = smallest_p(len(result.base), len(result.current)) * len(tested)
        if result.metric.kind != "errors" and floor > alpha:
            result.verdict = "not enough samples"
            result.reason = (
                f"{len(result.base)} against {len(result.current)} values cannot reach p < {alpha} "
                f"over {len(tested)} tested metrics (smallest possible p {floor:.3g} after Holm)"
            )
            continue
        amount = result.worse or 0.0
        if p_worse < alpha and result.practical(amount):
            result.verdict = "regressed"
        elif p_better < alpha and result.practical(-amount):
            result.verdict = "improved"
        else:
            result.verdict = "unchanged"
            if p_worse < alpha:
                minimum = result.threshold.describe(result.metric)
                result.reason = f"significant but below the minimum practical change ({minimum})"
            elif amount > 0:
                result.reason = f"not significant (Holm-adjusted p {p_worse:.3g}, alpha {alpha})"
    for result in comparison.results:
        if result.p_value is None and result.change is not None and result.verdict == "unchanged":
            amount = result.worse or 0.0
            if result.practical(amount):
                result.verdict = "regressed"
            elif result.practical(-amount):
                result.verdict = "improved"
