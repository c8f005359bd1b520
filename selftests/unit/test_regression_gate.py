"""The gate around the comparison: baseline folder, what becomes the next baseline, fail/warn/off, the
samples file format, the budgets file, `postdeploy compare`, the table, the plot and the summary lines."""

from __future__ import annotations

import json
import random
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from postdeploy.load.regression import MAX_PER_ENDPOINT, SampleRecorder
from postdeploy.regression.cli import main as compare_main
from postdeploy.regression.compare import compare
from postdeploy.regression.gate import run_gate
from postdeploy.regression.plot import svg
from postdeploy.regression.render import since_last_deploy, table
from postdeploy.regression.rules import GateRules, RulesError, load_rules
from postdeploy.regression.samples import Samples, SamplesError, read_samples, write_samples
from postdeploy.regression.store import baseline_file


def run(lcp: float = 900.0, n: int = 10, version: str = "v1") -> Samples:
    rng = random.Random(lcp + n)
    samples = Samples("perf", "shop", "staging", version, settings={"preset": "desktop"})
    for _ in range(n):
        samples.scope("/").add({"lcp": rng.gauss(lcp, 40), "fcp": rng.gauss(500, 40), "bytes.script": 2048})
    return samples


def test_first_run_becomes_the_baseline_then_is_compared(tmp_path: Path) -> None:
    baseline, reports = tmp_path / "baseline", tmp_path / "reports"
    first = run_gate(run(), baseline, GateRules(), "warn", reports)
    assert first is not None and first.status == "no baseline"
    assert baseline_file(baseline, "shop", "staging", "perf") == baseline / "shop" / "staging" / "perf.json"
    assert read_samples(baseline / "shop" / "staging" / "perf.json").version == "v1"
    second = run_gate(run(version="v2"), baseline, GateRules(), "warn", reports)
    assert second is not None and second.status == "passed"
    assert second.headline().startswith("perf: no regression since v1 (")
    assert read_samples(baseline / "shop" / "staging" / "perf.json").version == "v2"
    assert json.loads((reports / "regression" / "perf.json").read_text())["status"] == "passed"
    assert (reports / "regression" / "perf.samples.json").is_file()


def test_warn_passes_and_moves_on_fail_keeps_the_last_good_baseline(tmp_path: Path) -> None:
    baseline, reports = tmp_path / "baseline", tmp_path / "reports"
    run_gate(run(version="good"), baseline, GateRules(), "fail", reports)
    failed = run_gate(run(lcp=1400, version="slow"), baseline, GateRules(), "fail", reports)
    assert failed is not None and failed.failed and not failed.warned
    assert failed.headline() == "perf REGRESSED since good: LCP on / +57%"
    assert read_samples(baseline / "shop" / "staging" / "perf.json").version == "good"
    assert read_samples(baseline / "shop" / "staging" / "perf.rejected.json").version == "slow"
    warned = run_gate(run(lcp=1400, version="slow"), baseline, GateRules(), "warn", reports)
    assert warned is not None and warned.warned and not warned.failed
    assert read_samples(baseline / "shop" / "staging" / "perf.json").version == "slow"


def test_off_or_no_folder_compares_nothing_but_keeps_the_samples(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    (reports / "regression").mkdir(parents=True)
    (reports / "regression" / "perf.json").write_text("{}")  # a stale verdict from an earlier run
    assert run_gate(run(), tmp_path / "b", GateRules(), "off", reports) is None
    assert run_gate(run(), None, GateRules(), "warn", reports) is None
    assert not (tmp_path / "b").exists() and not (reports / "regression" / "perf.json").exists()
    assert (reports / "regression" / "perf.samples.json").is_file()


def test_a_short_run_does_not_replace_a_complete_baseline(tmp_path: Path) -> None:
    baseline, reports = tmp_path / "baseline", tmp_path / "reports"
    run_gate(run(version="full"), baseline, GateRules(), "warn", reports)
    outcome = run_gate(run(n=2, version="short"), baseline, GateRules(), "warn", reports)
    assert outcome is not None and "too few samples for the gate in / (2 of 10)" in outcome.notes[-1]
    assert read_samples(baseline / "shop" / "staging" / "perf.json").version == "full"


def test_unreadable_or_incomparable_baselines_are_replaced_with_a_note(tmp_path: Path) -> None:
    baseline, reports = tmp_path / "baseline", tmp_path / "reports"
    path = baseline / "shop" / "staging" / "perf.json"
    path.parent.mkdir(parents=True)
    path.write_text("not json")
    outcome = run_gate(run(), baseline, GateRules(), "fail", reports)
    assert outcome is not None and outcome.status == "not comparable" and not outcome.failed
    assert "not JSON" in outcome.notes[0]
    mobile = run()
    mobile.settings["preset"] = "mobile"
    outcome = run_gate(mobile, baseline, GateRules(), "fail", reports)
    assert outcome is not None and outcome.status == "not comparable"
    assert outcome.notes == ["the baseline was measured with preset 'desktop', this run with 'mobile'; "
                             "this run becomes the new baseline"]  # fmt: skip


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "not JSON"),
        ('{"format": "other"}', "not a postdeploy samples file"),
        ('{"format": "postdeploy.samples/1", "layer": "e2e", "scopes": {}}', "unknown layer 'e2e'"),
        ('{"format": "postdeploy.samples/1", "layer": "perf", "scopes": {"/": {"metrics": {"lcp": ["x"]}}}}',
         "/ lcp: values must be a list of numbers"),
        ('{"format": "postdeploy.samples/1", "layer": "load", "scopes": {"GET /": {"metrics": {}, "requests": 1, '
         '"failures": 2}}}', "failures <= requests"),
    ],
)  # fmt: skip
def test_bad_samples_files_are_one_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "s.json"
    path.write_text(content)
    with pytest.raises(SamplesError, match=message) as caught:
        read_samples(path)
    assert "\n" not in str(caught.value)


def test_samples_round_trip_and_skip_unknown_metrics(tmp_path: Path) -> None:
    samples = run()
    samples.scope("GET /x").requests, samples.scope("GET /x").failures = 10, 1
    data = samples.to_json()
    data["scopes"]["/"]["metrics"]["metric-of-the-future"] = [1.0]
    (tmp_path / "s.json").write_text(json.dumps(data))
    again = read_samples(tmp_path / "s.json")
    assert again.scopes["/"].metrics == samples.scopes["/"].metrics
    assert (again.scopes["GET /x"].requests, again.scopes["GET /x"].failures) == (10, 1)


def test_budgets_file_overrides_key_by_key(tmp_path: Path) -> None:
    path = tmp_path / "regression.toml"
    path.write_text("alpha = 0.01\n[perf]\nmin_samples = 12\ntiming = { min_absolute = 80 }\n"
                    "[perf.metrics]\nttfb = { min_relative = 0.5 }\n"
                    "[load]\nerrors = { min_absolute = 0.02 }\n")  # fmt: skip
    rules = load_rules(path)
    assert rules.alpha == 0.01 and rules.perf.min_samples == 12
    assert (rules.perf.timing.min_relative, rules.perf.timing.min_absolute) == (0.10, 80)  # the rest kept
    assert rules.perf.metrics["ttfb"].min_relative == 0.5
    assert rules.load.timing.min_absolute == 10 and rules.load.errors.min_absolute == 0.02
    assert rules.load.relative_to_site and not rules.perf.relative_to_site
    assert load_rules(Path("budgets/regression.toml")) == GateRules()  # the shipped file says the defaults
    path.write_text("[perf]\nmin_sample = 3\n")
    with pytest.raises(RulesError, match=r"regression.toml: perf.min_sample: unknown key"):
        load_rules(path)


def test_compare_command_exit_codes_and_one_line_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_samples(run(), tmp_path / "base" / "perf.json")
    write_samples(run(version="v2"), tmp_path / "same.json")
    write_samples(run(lcp=1500, version="v3"), tmp_path / "slow.json")
    assert compare_main([str(tmp_path / "base"), str(tmp_path / "same.json")]) == 0
    assert compare_main([str(tmp_path / "base"), str(tmp_path / "slow.json"), "--plots", str(tmp_path / "p")]) == 1
    out = capsys.readouterr().out
    assert "| / | LCP |" in out and "▲ regressed" in out and "perf: regressed: LCP on /" in out
    assert (tmp_path / "p" / "perf-home.svg").is_file()
    assert compare_main([str(tmp_path / "nope.json"), str(tmp_path / "same.json")]) == 2
    assert capsys.readouterr().err == f"postdeploy compare: {tmp_path / 'nope.json'}: no such file or folder\n"
    assert compare_main([str(tmp_path / "same.json"), str(tmp_path / "slow.json"), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)[0]["counts"]["regressed"] == 1


def test_table_plot_and_summary_lines(tmp_path: Path) -> None:
    comparison = compare(run(), run(lcp=1400), GateRules())
    text = table(comparison.results)
    assert text.splitlines()[0].startswith("| metric | baseline median | current median | change |")
    assert "| LCP |" in text and "(+5" in text
    ET.fromstring(svg(comparison.results, "/ since v1"))  # well-formed
    assert "LCP" in svg(comparison.results, "t") and "script bytes" not in svg(comparison.results, "t")
    run_gate(run(), tmp_path / "b", GateRules(), "warn", tmp_path / "r")
    run_gate(run(lcp=1400, version="v2"), tmp_path / "b", GateRules(), "warn", tmp_path / "r")
    section = since_last_deploy(tmp_path / "r").splitlines()
    assert section[:3] == ["", "### Since last deploy", ""]
    assert section[3] == "- ⚠️ perf regressed (warn) since v1: LCP on / +57%"
    assert section[4].startswith("  - LCP on /: median 8") and "minimum ≥ 10% and ≥ 50 ms" in section[4]
    assert since_last_deploy(tmp_path / "nothing") == ""


def test_load_recorder_keeps_a_uniform_reservoir_and_merges_workers() -> None:
    recorder = SampleRecorder()
    for index in range(MAX_PER_ENDPOINT * 2):
        recorder.record("GET /", float(index), failed=index % 100 == 0)
    endpoint = recorder.endpoints["GET /"]
    assert len(endpoint.times) == MAX_PER_ENDPOINT and endpoint.requests == MAX_PER_ENDPOINT * 2
    assert endpoint.failures == MAX_PER_ENDPOINT * 2 // 100
    assert 0.4 < sum(t >= MAX_PER_ENDPOINT for t in endpoint.times) / MAX_PER_ENDPOINT < 0.6  # both halves kept
    worker = SampleRecorder()
    worker.record("GET /a", 5.0, failed=False, into=worker.pending)
    worker.record("GET /a", 7.0, failed=True, into=worker.pending)
    master = SampleRecorder()
    master.merge(worker.drain())
    assert worker.drain() == {}
    assert (master.endpoints["GET /a"].times, master.endpoints["GET /a"].requests) == ([5.0], 2)
