"""Budget lines (what the perf tests report) and the `lighthouse-assert` command over saved results."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from postdeploy.budgets import evaluate_line, lines_for_url, load_lhrs
from postdeploy.budgets.cli import main

DATA = Path(__file__).parents[1] / "data" / "lhr" / "healthy"
ROOT = Path(__file__).parents[2]


def _lhr(name: str = "home") -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / f"{name}-run1.report.json").read_text(encoding="utf-8"))
    return data


def test_labels_read_like_budgets() -> None:
    options = [
        {
            "assertions": {
                "largest-contentful-paint": ["error", {"maxNumericValue": 2500}],
                "categories:seo": ["error", {"minScore": 0.9}],
                "resource-summary:script:size": ["warn", {"maxNumericValue": 153600}],
                "resource-summary:total:count": ["error", {"maxNumericValue": 30}],
                "cumulative-layout-shift": ["error", {"maxNumericValue": 0.1}],
                "server-response-time": ["error", {"maxNumericValue": 200}],
                "meta-description": "error",
                "network-requests": ["warn", {"maxLength": 40}],
                "interactive": "off",
            }
        }
    ]
    lines = lines_for_url("http://x.test/browse", options, ["a.json"])
    assert [(line.label, line.level) for line in lines] == [
        ("LCP <= 2500 ms", "error"),
        ("seo score >= 0.9", "error"),
        ("script size <= 150 KiB", "warn"),
        ("total count <= 30 requests", "error"),
        ("CLS <= 0.1", "error"),
        ("TTFB <= 200 ms", "error"),
        ("meta-description score >= 0.9", "error"),
        ("network-requests items <= 40", "warn"),
    ]
    assert lines[0].title == "LCP ≤ 2500 ms"


def test_assert_matrix_lines_apply_by_url_pattern() -> None:
    options = [
        {
            "assertMatrix": [
                {"matchingUrlPattern": "/browse", "assertions": {"interactive": ["error", {"maxNumericValue": 1}]}},
                {"assertions": {"speed-index": ["warn", {"maxNumericValue": 1}]}},
            ]
        }
    ]
    assert [line.key for line in lines_for_url("http://x.test/", options, ["m"])] == ["speed-index"]
    assert [line.key for line in lines_for_url("http://x.test/browse", options, ["m"])] == [
        "interactive",
        "speed-index",
    ]


@pytest.mark.parametrize(("level", "status"), [("error", "failed"), ("warn", "warned")])
def test_broken_line_fails_or_warns_by_level(level: str, status: str) -> None:
    options = [{"assertions": {"largest-contentful-paint": [level, {"maxNumericValue": 100}]}}]
    (line,) = lines_for_url("http://127.0.0.1:18080/", options, ["a"])
    verdict = evaluate_line(line, [_lhr()])
    assert verdict.status == status
    assert verdict.message("/").startswith("LCP on /: ")
    assert "budget <= 100 ms" in verdict.message("/")


def test_aggregation_decides_over_runs() -> None:
    slow = copy.deepcopy(_lhr())
    slow["audits"]["largest-contentful-paint"]["numericValue"] = 4000
    fast = _lhr()
    for method, status in (("optimistic", "passed"), ("pessimistic", "failed"), ("median", "failed")):
        options = [
            {
                "assertions": {
                    "largest-contentful-paint": ["error", {"maxNumericValue": 2500, "aggregationMethod": method}]
                }
            }
        ]
        (line,) = lines_for_url("http://127.0.0.1:18080/", options, ["a"])
        assert evaluate_line(line, [fast, slow]).status == status, method


def test_missing_audit_is_a_failed_line_not_a_pass() -> None:
    lhr = _lhr()
    del lhr["audits"]["largest-contentful-paint"]
    (line,) = lines_for_url("http://127.0.0.1:18080/", [{"assertions": {"largest-contentful-paint": "error"}}], ["a"])
    verdict = evaluate_line(line, [lhr])
    assert verdict.status == "failed"
    assert "did not run" in verdict.message("/")


def test_healthy_demo_results_meet_the_shipped_budgets(capsys: pytest.CaptureFixture[str]) -> None:
    budgets, assertions = ROOT / "budgets" / "lighthouse.json", ROOT / "budgets" / "lighthouse-assertions.json"
    code = main(["--lhr", str(DATA), "--budgets", str(budgets), "--assertions", str(assertions)])
    assert code == 0, capsys.readouterr()
    assert "0 failed" in capsys.readouterr().err


def test_cli_fails_with_exit_1_and_lhci_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.json").write_text(
        json.dumps(
            {
                "assertions": {
                    "largest-contentful-paint": ["error", {"maxNumericValue": 100}],
                    "speed-index": ["warn", {"maxNumericValue": 1}],
                }
            }
        )
    )
    code = main(["--lhr", str(DATA), "--assertions", str(tmp_path / "a.json"), "--json"])
    assert code == 1
    results = json.loads(capsys.readouterr().out)
    assert {(r["auditId"], r["level"], r["passed"]) for r in results} == {
        ("largest-contentful-paint", "error", False),
        ("speed-index", "warn", False),
    }
    assert set(results[0]) >= {"name", "expected", "actual", "values", "operator", "passed", "auditId", "level", "url"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lhr", "/nonexistent-dir", "--assertions", "budgets/lighthouse-assertions.json"], "no such file or folder"),
        (["--lhr", str(DATA), "--budgets", "/nonexistent.json"], "file not found"),
        (["--budgets", "x.json"], "the following arguments are required: --lhr"),
    ],
)
def test_cli_bad_input_is_exit_4_and_one_line(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        try:
            code = main(args)
        except SystemExit as exit_:
            code = int(exit_.code or 0)
    err = capsys.readouterr().err.strip()
    assert code == 4
    assert message in err
    assert len(err.splitlines()) == 1


def test_saved_results_load_from_our_report_layout() -> None:
    lhrs = load_lhrs(DATA)
    assert sorted(lhr["finalUrl"] for lhr in lhrs) == ["http://127.0.0.1:18080/", "http://127.0.0.1:18080/browse"]


def test_preset_expands_into_one_line_per_audit_and_keeps_the_users_overrides() -> None:
    from postdeploy.budgets.presets import preset_assertions

    options = [{"preset": "lighthouse:recommended", "assertions": {"uses-http2": "warn", "bf-cache": "off"}}]
    lines = lines_for_url("http://x.test/", options, ["lighthouserc.json"])
    preset = preset_assertions("lighthouse:recommended")
    on = [k for k, v in preset.items() if (v if isinstance(v, str) else v[0]) != "off" and k != "bf-cache"]
    assert sorted(line.key for line in lines) == sorted({*on, "uses-http2"})
    by_key = {line.key: line for line in lines}
    assert by_key["uses-http2"].source == "lighthouserc.json"
    assert by_key["uses-http2"].level == "warn"
    assert by_key["offscreen-images"].source == "lighthouserc.json (lighthouse:recommended)"
    assert by_key["offscreen-images"].label == "offscreen-images items <= 0"


def test_a_preset_audit_newer_lighthouse_dropped_says_how_to_silence_it() -> None:
    lines = lines_for_url("http://x.test/", [{"preset": "lighthouse:recommended"}], ["lighthouserc.json"])
    line = next(line for line in lines if line.key == "lcp-phases-insight")
    verdict = evaluate_line(line, [_lhr()])
    assert verdict.status == "failed"  # as `lhci assert` judges it on a Lighthouse 12.8 result
    assert "has no audit 'lcp-phases-insight'" in verdict.message("/")
    assert "set it to 'off'" in verdict.message("/")


def test_cli_reads_the_lighthouserc_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    rc = {"ci": {"assert": {"assertions": {"categories:performance": ["error", {"minScore": 0.1}]}}}}
    (tmp_path / "lighthouserc.json").write_text(json.dumps(rc), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["--lhr", str(DATA), "--include-passed"]) == 0
    assert "categories.performance" in capsys.readouterr().out
