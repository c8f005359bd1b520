"""`postdeploy report`: the Allure report (single HTML file, history kept), summary.md and merged JUnit.

Exit codes: 0 built (whatever the checks' verdict), 4 no results or a missing tool (one line says
which and how to install it), 1 Allure failed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from postdeploy.profile import merged_environment
from postdeploy.redact import Redactor, secret_values
from postdeploy.regression.render import since_last_deploy
from postdeploy.report.allure import HISTORY_FILE, GenerateError, find_allure, generate
from postdeploy.report.context import ENVIRONMENT_FILE, read_properties
from postdeploy.report.history import read_history, streaks
from postdeploy.report.junit import merge_junit
from postdeploy.report.results import read_results
from postdeploy.report.summary import Summary, append_step_summary, render, write_summary
from postdeploy.tools import ToolMissing


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="postdeploy report",
        description="Build reports/allure-report/index.html (Allure Report 3, one self-contained file, history in "
        "reports/history/), reports/summary.md (appended to $GITHUB_STEP_SUMMARY when set) and reports/junit.xml.",
    )
    parser.add_argument(
        "--reports",
        default=os.environ.get("POSTDEPLOY_REPORTS", "reports"),
        metavar="DIR",
        help="reports folder (default: $POSTDEPLOY_REPORTS or reports/)",
    )
    parser.add_argument(
        "--results",
        action="append",
        metavar="DIR",
        help="Allure results folder, repeatable (default: <reports>/allure-results)",
    )
    parser.add_argument("--output", metavar="DIR", help="report folder (default: <reports>/allure-report)")
    parser.add_argument("--history", metavar="DIR", help="history folder kept across runs (default: <reports>/history)")
    parser.add_argument("--name", help="report title (default: from the run's target and environment)")
    parser.add_argument("--summary-only", action="store_true", help="write summary.md and junit.xml, skip the HTML")
    return parser  # fmt: skip


def report_name(results_dirs: list[Path]) -> str:
    for folder in results_dirs:
        props = read_properties(folder / ENVIRONMENT_FILE)
        if props.get("Target"):
            return f"postdeploy · {props['Target']} ({props.get('Environment', '?')})"
    return "postdeploy"


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    reports = Path(args.reports)
    results_dirs = [Path(p) for p in (args.results or [reports / "allure-results"])]
    missing = [d for d in results_dirs if not d.is_dir()]
    if missing:
        print(
            f"postdeploy report: no Allure results at {missing[0]}: run pytest with --alluredir={missing[0]} first",
            file=sys.stderr,
        )
        return 4
    outcomes = [o for folder in results_dirs for o in read_results(folder)]
    output = Path(args.output) if args.output else reports / "allure-report"
    history = Path(args.history) if args.history else reports / "history"
    name = args.name or report_name(results_dirs)

    junit = merge_junit(reports)
    summary = Summary(tuple(outcomes))
    index = output / "index.html"
    # History holds earlier runs only: this run joins it when Allure generates the report.
    since = streaks(read_history(history / HISTORY_FILE), summary.failures)
    markdown = render(
        summary,
        report_path=None if args.summary_only else str(index),
        junit=[str(junit)] if junit else [],
        title=name,
        history=since,
    )
    markdown += since_last_deploy(reports)  # the regression gate's verdicts, when a layer compared
    # Failure messages are the tests' own words: mask any secret the environment holds, once more.
    markdown = Redactor(secret_values(merged_environment())).text(markdown)
    write_summary(reports / "summary.md", markdown)
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary:
        append_step_summary(step_summary, markdown)
    print(f"postdeploy report: {summary.verdict}: {len(outcomes)} checks, {len(summary.failures)} failed "
          f"→ {reports / 'summary.md'}")  # fmt: skip
    if not outcomes:
        print(f"postdeploy report: {results_dirs[0]} holds no test results: did the run collect any tests?",
              file=sys.stderr)  # fmt: skip
        return 4
    if args.summary_only:
        return 0

    started = time.monotonic()
    try:
        tool = find_allure()
        built = generate(tool, results_dirs, output, history, name)
    except ToolMissing as exc:
        print(f"postdeploy report: {exc}", file=sys.stderr)
        return 4
    except GenerateError as exc:
        print(f"postdeploy report: {exc}", file=sys.stderr)
        return 1
    print(f"postdeploy report: {built} ({built.stat().st_size / 1e6:.1f} MB, {time.monotonic() - started:.1f} s; "
          f"history in {history})")  # fmt: skip
    return 0
