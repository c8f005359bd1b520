"""What the gate compares: each metric's kind, label and direction, and the metrics of one Lighthouse run."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

# timing: ms, noisy, tested (Mann-Whitney). cls/score: noisy ratios (layout shift, category scores), tested.
# bytes/count: deterministic for a given build, a plain delta. errors: failures out of requests, tested.
# machine: how fast the machine was during the run (Lighthouse's benchmark index), context only.
Kind = Literal["timing", "cls", "score", "bytes", "count", "errors", "machine"]
TESTED: frozenset[Kind] = frozenset({"timing", "cls", "score", "errors"})


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    kind: Kind
    unit: str = ""

    @property
    def higher_is_worse(self) -> bool:
        return self.kind != "score"

    @property
    def tested(self) -> bool:
        return self.kind in TESTED

    def format(self, value: float) -> str:
        if self.kind == "timing":
            return f"{value:,.0f} ms" if abs(value) >= 10 else f"{value:.1f} ms"
        if self.kind == "bytes":
            return f"{value / 1024:,.1f} KiB"
        if self.kind == "count":
            return f"{value:g}"
        if self.kind == "errors":
            return f"{value * 100:.2f}%"
        if self.kind == "machine":
            return f"{value:,.0f}"
        return f"{value:.3f}"


# Lighthouse audits that are timings, with the short names people use.
TIMING_AUDITS = {
    "server-response-time": ("ttfb", "TTFB"),
    "first-contentful-paint": ("fcp", "FCP"),
    "largest-contentful-paint": ("lcp", "LCP"),
    "speed-index": ("speed-index", "Speed Index"),
    "total-blocking-time": ("tbt", "TBT"),
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LATENCY = Metric("latency", "latency", "timing", "ms")
ERRORS = Metric("errors", "error ratio", "errors")
BENCHMARK = Metric("benchmark-index", "benchmark index", "machine")


def metric(key: str) -> Metric:
    """The metric behind a stored key (`lcp`, `bytes.script`, `score.seo`, `latency`…)."""
    for short, label in TIMING_AUDITS.values():
        if key == short:
            return Metric(key, label, "timing", "ms")
    if key == "cls":
        return Metric(key, "CLS", "cls")
    kind, _, name = key.partition(".")
    if kind == "score" and name:
        return Metric(key, f"{name} score", "score")
    if kind == "bytes" and name:
        return Metric(key, f"{name} bytes", "bytes", "B")
    if kind == "requests" and name:
        return Metric(key, f"{name} requests", "count")
    if key == BENCHMARK.key:
        return BENCHMARK
    if key == LATENCY.key:
        return LATENCY
    if key == ERRORS.key:
        return ERRORS
    raise KeyError(key)


def known(key: str) -> bool:
    try:
        metric(key)
    except KeyError:
        return False
    return True


def lighthouse_metrics(lhr: Mapping[str, Any]) -> dict[str, float]:
    """One run's timings, CLS, category scores and transfer sizes/counts per resource type."""
    audits: Mapping[str, Any] = lhr.get("audits") or {}
    values: dict[str, float] = {}
    for audit_id, (key, _) in TIMING_AUDITS.items():
        number = (audits.get(audit_id) or {}).get("numericValue")
        if isinstance(number, int | float):
            values[key] = float(number)
    benchmark = (lhr.get("environment") or {}).get("benchmarkIndex")
    if isinstance(benchmark, int | float):
        values[BENCHMARK.key] = float(benchmark)
    cls = (audits.get("cumulative-layout-shift") or {}).get("numericValue")
    if isinstance(cls, int | float):
        values["cls"] = float(cls)
    for category_id, category in (lhr.get("categories") or {}).items():
        score = (category or {}).get("score")
        if category_id in CATEGORIES and isinstance(score, int | float):
            values[f"score.{category_id}"] = float(score)
    items = (((audits.get("resource-summary") or {}).get("details")) or {}).get("items") or []
    for item in items:
        kind = item.get("resourceType")
        if not isinstance(kind, str):
            continue
        if isinstance(item.get("transferSize"), int | float):
            values[f"bytes.{kind}"] = float(item["transferSize"])
        if isinstance(item.get("requestCount"), int | float):
            values[f"requests.{kind}"] = float(item["requestCount"])
    return values
