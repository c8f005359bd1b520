"""Pure pieces of the report layer on saved inputs: labels, categories, run context, summary, JUnit."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from postdeploy.findings import Finding, Severity, describe
from postdeploy.report.categories import (
    ASSERTION_ERROR_PATTERNS,
    CATEGORIES,
    TRANSIENT_ERROR_PATTERNS,
    allure2_categories,
    allure3_categories,
)
from postdeploy.report.context import RunContext, executor_from_env, read_properties, write_environment_properties
from postdeploy.report.junit import merge_junit
from postdeploy.report.labels import area_title, check_title, default_severity, severity_from_failure
from postdeploy.report.results import fold, read_results
from postdeploy.report.summary import MAX_FAILURE_LINES, Summary, render


def test_labels_read_like_a_person_wrote_them() -> None:
    assert area_title("csp_policy") == "CSP policy"
    assert area_title("health") == "Health"
    assert check_title("test_health_status") == "health status"
    assert check_title("test_page[/browse]") == "page [/browse]"
    assert default_severity("health") == "blocker"
    assert default_severity("headers") == "normal"
    assert default_severity("something_new") == "normal"


def test_failure_severity_is_the_worst_finding() -> None:
    findings = [
        Finding("headers.permissions-policy", Severity.LOW, "missing"),
        Finding("csp.unsafe-inline", Severity.HIGH, "script-src allows 'unsafe-inline'"),
    ]
    assert severity_from_failure(f"AssertionError: {describe(findings)}") == "critical"
    assert severity_from_failure("E   AssertionError: [low] headers.permissions-policy: missing") == "minor"
    assert severity_from_failure("assert 503 == 200") is None


def _rerun_match(patterns: tuple[str, ...], error: str) -> bool:
    return any(re.search(p, error) for p in patterns)


@pytest.mark.parametrize(
    "error",
    [
        "ReadTimeout: timed out",
        "ReadError: [Errno 104] Connection reset by peer",
        "ConnectionResetError: [Errno 104] Connection reset by peer",
        "RemoteProtocolError: Server disconnected without sending a response.",
        "Error: page.goto: net::ERR_CONNECTION_RESET at http://127.0.0.1:8000/",
    ],
)
def test_transient_network_errors_are_retried(error: str) -> None:
    assert _rerun_match(TRANSIENT_ERROR_PATTERNS, error)
    assert not _rerun_match(ASSERTION_ERROR_PATTERNS, error)


@pytest.mark.parametrize(
    "error",
    [
        "AssertionError: Connection reset by peer (an assertion that mentions the network)",
        "AssertionError: ReadTimeout: the check said so",
        "ConnectError: [Errno 111] Connection refused",  # a target that is down stays down
        "TimeoutError: Locator.click: Timeout 5000ms exceeded.",  # a missing element is a product defect
        "Failed: health endpoint answered 503",
    ],
)
def test_assertions_and_real_outages_are_not_retried(error: str) -> None:
    assert not _rerun_match(TRANSIENT_ERROR_PATTERNS, error) or _rerun_match(ASSERTION_ERROR_PATTERNS, error)


def _category_allure2(status: str, message: str, trace: str = "", flaky: bool = False) -> str | None:
    """Allure 2 semantics: regexes must match the whole text (Java `matches`)."""
    for entry in allure2_categories():
        if status not in entry["matchedStatuses"]:
            continue
        if "flaky" in entry and entry["flaky"] != flaky:
            continue
        if "messageRegex" in entry and not re.fullmatch(entry["messageRegex"], message):
            continue
        if "traceRegex" in entry and not re.fullmatch(entry["traceRegex"], trace):
            continue
        return str(entry["name"])
    return None


def test_categories_separate_the_kinds_of_failure() -> None:
    assert _category_allure2("broken", "httpx.ReadTimeout: timed out") == "Network flakiness"
    assert _category_allure2("passed", "", flaky=True) == "Network flakiness"
    assert _category_allure2("broken", "httpx.ConnectError: [Errno 111] Connection refused") == "Target is broken"
    assert _category_allure2("failed", "AssertionError: x", trace="tests/perf/test_lh.py:3") == "Budget exceeded"
    assert _category_allure2("failed", "AssertionError: x", trace="tests/security/test_csp.py:9") == "Security finding"
    assert _category_allure2("failed", "AssertionError: 503", trace="tests/smoke/test_h.py:1") == "Target is broken"
    assert _category_allure2("broken", "KeyError: 'x'") == "Suite or set-up error"


def test_allure3_rules_merge_by_name_and_keep_the_order() -> None:
    rules = allure3_categories()
    names = [rule["name"] for rule in rules]
    assert names == list(dict.fromkeys(c.name for c in CATEGORIES))
    assert names.index("Security finding") < names.index("Target is broken")
    security = rules[names.index("Security finding")]
    assert security["matchers"] == [{"statuses": ["failed"], "labels": {"epic": "^(?:security)$"}}]


def test_environment_properties_merge_across_layers(tmp_path: Path) -> None:
    first = RunContext("demo", "http://127.0.0.1:1", "local", "demo-1.0.0", "demo-1.0.0", layers=("smoke",))
    second = RunContext("demo", "http://127.0.0.1:1", "local", None, "demo-1.0.0", "Chromium 1.2.3", layers=("e2e",))
    write_environment_properties(tmp_path, first)
    path = write_environment_properties(tmp_path, second)
    props = read_properties(path)
    assert props["Deployed version"] == "demo-1.0.0"  # the later layer's "unknown" does not erase it
    assert props["Browser"] == "Chromium 1.2.3"
    assert props["Layers"] == "smoke, e2e"
    assert "Base\\ URL=http\\://127.0.0.1\\:1" not in path.read_text()  # values are not over-escaped


def test_executor_only_in_ci() -> None:
    assert executor_from_env({}) is None
    github = executor_from_env(
        {"GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": "o/r", "GITHUB_RUN_ID": "9", "GITHUB_RUN_NUMBER": "4"}
    )
    assert github is not None
    assert github["buildUrl"] == "https://github.com/o/r/actions/runs/9"
    assert github["buildOrder"] == 4


def _result(name: str, status: str, stop: int, message: str = "", layer: str = "smoke") -> dict[str, object]:
    return {
        "name": name,
        "fullName": f"tests.{layer}.test_x#{name}",
        "historyId": f"h-{layer}-{name}",
        "status": status,
        "stop": stop,
        "statusDetails": {"message": message},
        "labels": [{"name": "epic", "value": layer}, {"name": "feature", "value": "Health"}],
    }


def test_retries_fold_into_one_flaky_outcome() -> None:
    outcome = fold([_result("t", "passed", 2), _result("t", "broken", 1, "ReadTimeout")])
    assert outcome.status == "passed"
    assert outcome.flaky
    assert outcome.attempts == 2


def test_summary_fits_a_job_summary(tmp_path: Path) -> None:
    results = [_result(f"t{i}", "failed", i, f"AssertionError: broke {i}\nmore") for i in range(60)]
    results += [_result("ok", "passed", 1, layer="security")]
    for i, result in enumerate(results):
        (tmp_path / f"{i}-result.json").write_text(json.dumps(result))
    (tmp_path / "junk-result.json").write_text("{half")
    summary = Summary(tuple(read_results(tmp_path)))
    markdown = render(summary, report_path="reports/allure-report/index.html")
    assert summary.verdict == "FAILED"
    assert "| smoke | 0 | 60 | 0 | 0 | 0 |" in markdown
    assert "| security | 1 | 0 | 0 | 0 | 0 |" in markdown
    assert markdown.count("`AssertionError: broke") == MAX_FAILURE_LINES
    assert "… and 10 more" in markdown
    assert "more\n" not in markdown  # one line per failure
    assert len(markdown.encode()) < 64 * 1024


def test_junit_files_merge_into_one(tmp_path: Path) -> None:
    for layer, failures in (("smoke", 1), ("security", 0)):
        (tmp_path / f"junit-{layer}.xml").write_text(
            f'<?xml version="1.0"?><testsuites><testsuite name="pytest" tests="3" failures="{failures}" '
            f'errors="0" skipped="0" time="1.5"><testcase name="a"/></testsuite></testsuites>'
        )
    merged = merge_junit(tmp_path)
    assert merged is not None
    text = merged.read_text()
    assert 'tests="6"' in text
    assert 'failures="1"' in text
    assert 'name="smoke"' in text
    assert 'name="security"' in text


def test_failing_since_counts_the_streak() -> None:
    from postdeploy.report.history import Streak, streaks

    def run(ts: int, status: str) -> dict[str, object]:
        return {"timestamp": ts, "testResults": {"k": {"fullName": "f", "name": "t", "status": status}}}

    outcome = fold([_result("t", "failed", 5, "AssertionError: x")])
    outcome = type(outcome)(**{**outcome.__dict__, "full_name": "f"})
    history = [run(3_000, "failed"), run(2_000, "broken"), run(1_000, "passed")]
    streak = streaks(history, [outcome])[("f", "t")]
    assert streak == Streak(2, 2_000)
    assert streak.describe() == "failing since 1970-01-01 00:00 UTC, 3 runs"
    assert streaks([run(1_000, "passed")], [outcome])[("f", "t")].describe() == "new"


def test_one_line_names_the_first_finding() -> None:
    outcome = fold(
        [_result("t", "failed", 1, "Failed: CSP policy: 1 finding(s)\n[medium] csp.unsafe-eval: / allows it")]
    )
    assert outcome.one_line() == "Failed: CSP policy: 1 finding(s) — [medium] csp.unsafe-eval: / allows it"


def test_base_url_credentials_stay_out_of_the_report(tmp_path: Path) -> None:
    context = RunContext("site", "https://deploy:hunter2-pass@staging.example.com/", "staging")
    text = write_environment_properties(tmp_path, context).read_text()
    assert "hunter2-pass" not in text
    assert "staging.example.com/" in text


def test_summary_masks_secrets_from_the_environment(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    results = tmp_path / "reports" / "allure-results"
    results.mkdir(parents=True)
    leaked = _result("t", "failed", 1, "AssertionError: login with sk_test_abcdefgh12345678 and pilot-pass-XYZ failed")
    (results / "1-result.json").write_text(json.dumps(leaked))
    env = {**os.environ, "POSTDEPLOY_TEST_PASSWORD": "pilot-pass-XYZ"}
    done = subprocess.run(
        [sys.executable, "-m", "postdeploy", "report", "--summary-only"], cwd=tmp_path, env=env, capture_output=True
    )
    assert done.returncode == 0
    summary = (tmp_path / "reports" / "summary.md").read_text()
    assert "pilot-pass-XYZ" not in summary
    assert "sk_test_abcdefgh12345678" not in summary
    assert "[REDACTED]" in summary


def test_a_failure_is_named_by_its_check_not_its_title() -> None:
    result = _result("old version still live: health reports demo-0.9.0", "failed", 1, "Failed: old version")
    labels = result["labels"]
    assert isinstance(labels, list)
    labels.append({"name": "story", "value": "critical page"})
    result["parameters"] = [{"name": "path", "value": "'/browse'"}]
    assert fold([result]).check == "critical page [/browse]"
    result["parameters"] = [{"name": "page", "value": "PageSpec(path='/browse', " + "x" * 60 + ")"}]
    assert fold([result]).check == "critical page"
