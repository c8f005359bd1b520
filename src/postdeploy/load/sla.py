"""The SLA gate's judgement: run statistics in, one verdict per threshold out (pure, no Locust)."""

from __future__ import annotations

from dataclasses import dataclass, field

from postdeploy.load.config import Metric, SlaSpec, Thresholds

OVERALL = "overall"


@dataclass(frozen=True)
class EndpointStats:
    name: str
    method: str
    requests: int
    failures: int
    p95_ms: float
    p99_ms: float
    avg_ms: float
    rps: float

    @property
    def error_ratio(self) -> float:
        return self.failures / self.requests if self.requests else 0.0


@dataclass(frozen=True)
class RunStats:
    overall: EndpointStats
    endpoints: list[EndpointStats] = field(default_factory=list)
    duration_s: float = 0.0
    dropped_ratio: float | None = None  # open model only


@dataclass(frozen=True)
class SlaVerdict:
    metric: Metric
    scope: str  # "overall" or a request name
    limit: float
    actual: float | None  # None: nothing was measured for this scope
    passed: bool

    def line(self) -> str:
        what = _LABELS[self.metric]
        where = "" if self.scope == OVERALL else f" of {self.scope}"
        if self.actual is None:
            state = "SLA not measured" if self.passed else "SLA broken"
            return f"{state}: {what}{where}: no requests were made"
        state = "ok" if self.passed else "SLA broken"
        relation = ">=" if self.metric == "min_rps" else "<="
        return (
            f"{state}: {what}{where} is {_fmt(self.metric, self.actual)} "
            f"(limit {relation} {_fmt(self.metric, self.limit)})"
        )


_LABELS: dict[Metric, str] = {
    "p95_ms": "p95 latency",
    "p99_ms": "p99 latency",
    "error_ratio": "error ratio",
    "min_rps": "throughput",
    "max_dropped_ratio": "dropped iterations",
}


def _fmt(metric: Metric, value: float) -> str:
    if metric in ("p95_ms", "p99_ms"):
        return f"{value:.0f} ms"
    if metric == "min_rps":
        return f"{value:.1f} req/s"
    return f"{value * 100:.2f}%"


def _actual(metric: Metric, stats: EndpointStats, run: RunStats | None) -> float | None:
    if metric == "max_dropped_ratio":
        return run.dropped_ratio if run is not None else None
    if stats.requests == 0:
        return None
    return {
        "p95_ms": stats.p95_ms,
        "p99_ms": stats.p99_ms,
        "error_ratio": stats.error_ratio,
        "min_rps": stats.rps,
    }[metric]


def _judge(thresholds: Thresholds, scope: str, stats: EndpointStats, run: RunStats | None) -> list[SlaVerdict]:
    verdicts = []
    for metric in ("p95_ms", "p99_ms", "error_ratio", "min_rps", "max_dropped_ratio"):
        limit = getattr(thresholds, metric)
        if limit is None or (metric == "max_dropped_ratio" and (run is None or run.dropped_ratio is None)):
            continue  # dropped iterations exist only in the open model
        actual = _actual(metric, stats, run)
        if actual is None:
            # No requests at all overall is a broken run; an endpoint nobody called is only noted.
            passed = scope != OVERALL or metric == "max_dropped_ratio"
        elif metric == "min_rps":
            passed = actual >= limit
        else:
            passed = actual <= limit
        verdicts.append(SlaVerdict(metric, scope, float(limit), actual, passed))
    return verdicts


def _matching(key: str, endpoints: list[EndpointStats]) -> list[EndpointStats]:
    method, _, name = key.partition(" ")
    if name and method.isupper():
        return [e for e in endpoints if e.method == method and e.name == name]
    return [e for e in endpoints if e.name == key]


def _merge(key: str, entries: list[EndpointStats]) -> EndpointStats:
    """Several methods under one name: sum counts, keep the worst latency (an upper bound)."""
    if len(entries) == 1:
        return entries[0]
    if not entries:
        return EndpointStats(key, "", 0, 0, 0.0, 0.0, 0.0, 0.0)
    requests = sum(e.requests for e in entries)
    return EndpointStats(
        name=key,
        method="",
        requests=requests,
        failures=sum(e.failures for e in entries),
        p95_ms=max(e.p95_ms for e in entries),
        p99_ms=max(e.p99_ms for e in entries),
        avg_ms=sum(e.avg_ms * e.requests for e in entries) / requests if requests else 0.0,
        rps=sum(e.rps for e in entries),
    )


def check_sla(run: RunStats, sla: SlaSpec) -> list[SlaVerdict]:
    """Every threshold in `sla` judged against `run`: overall first, then each named endpoint."""
    verdicts = _judge(sla, OVERALL, run.overall, run)
    for key, thresholds in sla.endpoints.items():
        verdicts += _judge(thresholds, key, _merge(key, _matching(key, run.endpoints)), None)
    return verdicts


def abort_breaches(run: RunStats, sla: SlaSpec, metrics: list[Metric], elapsed_s: float) -> list[SlaVerdict]:
    """Overall thresholds marked abort that are already broken, once there is enough evidence."""
    if elapsed_s < sla.abort_after_s or run.overall.requests < sla.abort_min_requests:
        return []
    return [
        verdict
        for verdict in _judge(sla, OVERALL, run.overall, run)
        if verdict.metric in metrics and verdict.actual is not None and not verdict.passed
    ]


def broken(verdicts: list[SlaVerdict]) -> list[SlaVerdict]:
    return [v for v in verdicts if not v.passed]
