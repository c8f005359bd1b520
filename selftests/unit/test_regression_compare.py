"""The comparison's verdicts on made-up samples: regressed needs significance AND a practical change,
deterministic metrics are a plain delta, too few runs say so, many metrics are Holm-corrected."""

from __future__ import annotations

import numpy as np
import pytest

from postdeploy.regression.compare import NotComparable, compare
from postdeploy.regression.rules import Change, GateRules, LayerRules
from postdeploy.regression.samples import Samples

RNG = np.random.default_rng(11)


def perf_run(n: int = 10, lcp_shift: float = 0.0, script: float = 1075, cls: float = 0.0, score: float = 0.98,
             preset: str = "desktop", noise: float = 60.0) -> Samples:  # fmt: skip
    samples = Samples("perf", "site", "staging", "v1", settings={"preset": preset, "throttling_method": "simulate"})
    for path in ("/", "/browse"):
        scope = samples.scope(path)
        for _ in range(n):
            values = {"ttfb": RNG.normal(120, 15), "fcp": RNG.normal(600, noise)}
            values["lcp"] = RNG.normal(900, noise) + lcp_shift
            values |= {"tbt": 0.0, "cls": cls, "score.performance": score, "score.seo": 1.0, "bytes.font": 0.0}
            values |= {"bytes.script": script if path == "/" else 1075, "requests.script": 1.0}
            scope.add(values)
    return samples


def verdicts(comparison: object) -> dict[str, str]:
    return {r.subject("perf"): r.verdict for r in comparison.results}  # type: ignore[attr-defined]


def test_the_same_site_twice_flags_nothing() -> None:
    comparison = compare(perf_run(), perf_run(), GateRules())
    assert not comparison.regressions
    assert set(verdicts(comparison).values()) <= {"unchanged", "improved"}
    assert "font bytes on /" not in verdicts(comparison)  # a resource type nobody uses is not a row


def test_a_practical_significant_slowdown_regresses_and_only_it() -> None:
    comparison = compare(perf_run(), perf_run(lcp_shift=250), GateRules())
    assert [r.subject("perf") for r in comparison.regressions] == ["LCP on /", "LCP on /browse"]
    lcp = comparison.regressions[0]
    assert lcp.relative == pytest.approx(250 / lcp.base_median, rel=0.35)
    assert lcp.low is not None and lcp.low > 0 and lcp.p_adjusted is not None and lcp.p_adjusted < 0.05


def test_significant_but_small_is_unchanged_with_the_reason() -> None:
    base, current = perf_run(noise=5), perf_run(lcp_shift=30, noise=5)  # +3%: significant, under 10% and 50 ms
    result = next(r for r in compare(base, current, GateRules()).results if r.subject("perf") == "LCP on /")
    assert result.verdict == "unchanged"
    assert result.reason.startswith("significant but below the minimum practical change (≥ 10% and ≥ 50 ms)")


def test_sizes_are_a_plain_delta_against_the_practical_minimum() -> None:
    comparison = compare(perf_run(), perf_run(script=1075 + 80_000), GateRules())
    script = next(r for r in comparison.results if r.subject("perf") == "script bytes on /")
    assert script.verdict == "regressed" and script.change == 80_000 and script.p_value is None
    # 10% of a 1 KiB script is 107 bytes, under the 1 KiB floor: unchanged.
    small = compare(perf_run(), perf_run(script=1075 + 500), GateRules())
    assert verdicts(small)["script bytes on /"] == "unchanged"
    assert verdicts(compare(perf_run(script=80_000), perf_run(), GateRules()))["script bytes on /"] == "improved"


def test_metrics_constant_on_both_sides_are_compared_as_they_are() -> None:
    comparison = compare(perf_run(), perf_run(cls=0.2, score=0.9), GateRules())
    found = verdicts(comparison)
    assert found["CLS on /"] == "regressed" and found["performance score on /"] == "regressed"
    assert found["seo score on /"] == "unchanged"


def test_too_few_runs_say_so_instead_of_pretending() -> None:
    rules = GateRules()  # perf needs 10 runs per side by default
    comparison = compare(perf_run(n=3), perf_run(n=3, lcp_shift=400), rules)
    lcp = next(r for r in comparison.results if r.subject("perf") == "LCP on /")
    assert lcp.verdict == "not enough samples" and "needs 10 per side" in lcp.reason
    assert verdicts(comparison)["script bytes on /"] == "unchanged"  # deterministic: one run is enough
    # Even when allowed, 3 against 3 cannot reach significance over several metrics (floor 0.05 × m).
    loose = GateRules(perf=LayerRules(min_samples=3))
    lcp = next(r for r in compare(perf_run(n=3), perf_run(n=3, lcp_shift=400), loose).results
               if r.subject("perf") == "LCP on /")  # fmt: skip
    assert lcp.verdict == "not enough samples" and "cannot reach p < 0.05" in lcp.reason


def test_holm_keeps_noise_across_many_metrics_from_flagging() -> None:
    # 20 healthy pairs, 6 tested metrics each, no practical floor: Holm keeps the family-wise rate low.
    rules = GateRules(perf=LayerRules(timing=Change(), score=Change(), cls=Change()))
    flagged = sum(bool(compare(perf_run(), perf_run(), rules).regressions) for _ in range(20))
    assert flagged <= 3


def test_per_metric_thresholds_override_the_kind() -> None:
    rules = GateRules(perf=LayerRules(metrics={"lcp": Change(min_relative=0.5)}))
    assert not compare(perf_run(), perf_run(lcp_shift=250), rules).regressions


def test_different_settings_are_not_comparable() -> None:
    with pytest.raises(NotComparable, match="preset 'mobile'"):
        compare(perf_run(preset="mobile"), perf_run(), GateRules())


def test_error_ratios_use_counts_and_need_enough_requests() -> None:
    base, current = Samples("load", settings={"shape": "smoke"}), Samples("load", settings={"shape": "smoke"})
    for samples, failures in ((base, 0), (current, 40)):
        scope = samples.scope("GET /api")
        scope.metrics["latency"] = list(RNG.normal(50, 5, 400))
        scope.requests, scope.failures = 400, failures
        few = samples.scope("POST /book")
        few.metrics["latency"] = [30.0] * 5
        few.requests, few.failures = 5, failures // 10
    comparison = compare(base, current, GateRules())
    found = {r.subject("load"): (r.verdict, r.method) for r in comparison.results}
    assert found["error ratio of GET /api"] == ("regressed", "Fisher's exact test")
    assert found["latency of GET /api"][0] == "unchanged"
    assert found["error ratio of POST /book"][0] == "not enough samples"


def test_new_and_gone_scopes_are_noted() -> None:
    base, current = perf_run(), perf_run()
    current.scopes["/new"] = current.scopes.pop("/browse")
    comparison = compare(base, current, GateRules())
    assert comparison.notes == ["/new: new since the baseline, nothing to compare with",
                                "/browse: in the baseline, not measured in this run"]  # fmt: skip


def load_run(factor: float = 1.0, slow: str | None = None, extra_ms: float = 0.0) -> Samples:
    samples = Samples("load", "site", "staging", settings={"shape": "smoke"})
    for name in ("GET /", "GET /api/a", "GET /api/b", "GET /api/c"):
        scope = samples.scope(name)
        scope.metrics["latency"] = [
            v * factor + (extra_ms if name == slow else 0) for v in RNG.lognormal(2.5, 0.4, 150)
        ]
        scope.requests, scope.failures = 150, 0
    return samples


def test_load_endpoints_are_judged_against_the_rest_of_the_site() -> None:
    busier = compare(load_run(), load_run(factor=2.5), GateRules())  # a slower generator: every endpoint ×2.5
    assert not busier.regressions
    assert busier.notes[0].startswith("the whole site's latency changed ×2.")
    one = compare(load_run(), load_run(factor=2.5, slow="GET /api/b", extra_ms=60), GateRules())
    assert [r.subject("load") for r in one.regressions] == ["latency of GET /api/b"]
    assert "relative to the other endpoints" in one.regressions[0].method
    plain = GateRules(load=LayerRules(min_samples=30, timing=Change(min_relative=0.1, min_absolute=10)))
    assert len(compare(load_run(), load_run(factor=2.5), plain).regressions) == 4
