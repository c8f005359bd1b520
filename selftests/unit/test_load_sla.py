"""The SLA gate's judgement on saved figures: overall and per endpoint, abort rules."""

from __future__ import annotations

from postdeploy.load.config import SlaSpec, Thresholds
from postdeploy.load.sla import EndpointStats, RunStats, abort_breaches, broken, check_sla


def stats(name: str, requests: int = 100, failures: int = 0, p95: float = 50, p99: float = 90, method: str = "GET",
          rps: float = 10.0) -> EndpointStats:  # fmt: skip
    return EndpointStats(name, method, requests, failures, p95, p99, p95 / 2, rps)


def run(overall: EndpointStats, *endpoints: EndpointStats, dropped: float | None = None) -> RunStats:
    return RunStats(overall=overall, endpoints=list(endpoints), duration_s=10, dropped_ratio=dropped)


def test_healthy_run_passes_every_threshold() -> None:
    sla = SlaSpec(p95_ms=100, p99_ms=200, error_ratio=0.01, min_rps=5)
    verdicts = check_sla(run(stats("overall")), sla)
    assert len(verdicts) == 4 and not broken(verdicts)
    assert verdicts[0].line() == "ok: p95 latency is 50 ms (limit <= 100 ms)"


def test_each_broken_threshold_is_its_own_verdict() -> None:
    sla = SlaSpec(p95_ms=40, error_ratio=0.01, min_rps=20)
    lines = [v.line() for v in broken(check_sla(run(stats("overall", failures=5)), sla))]
    assert lines == [
        "SLA broken: p95 latency is 50 ms (limit <= 40 ms)",
        "SLA broken: error ratio is 5.00% (limit <= 1.00%)",
        "SLA broken: throughput is 10.0 req/s (limit >= 20.0 req/s)",
    ]


def test_endpoint_thresholds_match_by_name_or_method_and_name() -> None:
    sla = SlaSpec(endpoints={"/listings/[id]": Thresholds(p95_ms=100), "POST /bookings": Thresholds(p95_ms=100)})
    result = run(
        stats("overall"),
        stats("/listings/[id]", p95=150),
        stats("/bookings", p95=500, method="GET"),
        stats("/bookings", p95=80, method="POST"),
    )
    failed = broken(check_sla(result, sla))
    assert [v.scope for v in failed] == ["/listings/[id]"]
    assert failed[0].actual == 150


def test_endpoint_nobody_called_is_noted_not_failed_but_an_empty_run_fails() -> None:
    sla = SlaSpec(p95_ms=100, endpoints={"/never": Thresholds(p95_ms=10)})
    verdicts = check_sla(run(stats("overall", requests=0)), sla)
    assert [(v.scope, v.passed) for v in verdicts] == [("overall", False), ("/never", True)]
    assert verdicts[0].line() == "SLA broken: p95 latency: no requests were made"


def test_dropped_ratio_is_judged_only_in_the_open_model() -> None:
    sla = SlaSpec(max_dropped_ratio=0.05)
    assert check_sla(run(stats("overall")), sla) == []
    (verdict,) = check_sla(run(stats("overall"), dropped=0.2), sla)
    assert not verdict.passed and "dropped iterations is 20.00%" in verdict.line()


def test_abort_waits_for_warm_up_and_evidence() -> None:
    sla = SlaSpec(error_ratio=0.01, p95_ms=10, abort_after_s=5, abort_min_requests=50)
    bad = run(stats("overall", requests=100, failures=30))
    assert abort_breaches(bad, sla, ["error_ratio"], elapsed_s=2) == []
    assert abort_breaches(run(stats("overall", requests=10, failures=5)), sla, ["error_ratio"], 10) == []
    breaches = abort_breaches(bad, sla, ["error_ratio"], elapsed_s=6)
    assert [v.metric for v in breaches] == ["error_ratio"]  # p95 is broken too but not marked abort
