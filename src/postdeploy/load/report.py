"""The end of a load run: judge the SLAs, decide the exit code, write HTML/CSV/summary and the Allure result."""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from typing import TYPE_CHECKING

from postdeploy.load import regression
from postdeploy.load.allure import Attachment, LoadResult, write_result
from postdeploy.load.locust_stats import html_report, run_stats, snapshot, stats_csv, write_text
from postdeploy.load.run_summary import RunSummary
from postdeploy.load.sla import broken, check_sla

if TYPE_CHECKING:
    from locust.env import Environment
    from locust.runners import Runner

EXIT_PASSED = 0
EXIT_LOAD_ERROR = 1
EXIT_SLA_BROKEN = 3


def saturated(runner: Runner) -> bool:
    """Locust's CPU warning on this process or on any worker: the figures are then not trustworthy."""
    return runner.cpu_warning_emitted or runner.worker_cpu_warning_emitted


def finish_run(environment: Environment, session: RunSummary) -> tuple[int, list[str]]:
    runner = environment.runner
    assert runner is not None, "Locust quits a run through its runner"
    now = time.monotonic()
    duration = now - session.started_at if session.started_at is not None else 0.0
    # Rates over the shape's own length: stopping users and collecting worker stats is not load time.
    duration = min(duration, session.shape.duration) if duration > 0 else 0.0
    session.recorder.close(snapshot(runner.stats, duration))
    arrival = session.arrival
    stats = run_stats(runner.stats, duration, arrival.dropped_ratio if arrival else None)
    verdicts = check_sla(stats, session.sla)
    problems = []
    if saturated(runner):
        problems.append(
            "load generator saturated (Locust CPU warning above 90%): figures not trustworthy; "
            "spread the load with --processes N or workers"
        )
    failed = broken(verdicts)
    code = EXIT_SLA_BROKEN if failed else (EXIT_LOAD_ERROR if problems else EXIT_PASSED)
    reports = session.reports_dir
    # Since the last deploy (--baseline); None without one. Untrustworthy figures are not compared.
    gate = regression.finish(session, reports, usable=not problems and not session.aborted)
    if gate is not None and gate.failed and code == EXIT_PASSED:
        code = EXIT_SLA_BROKEN  # regression = "fail": a regression fails the run like a broken SLA

    overall = stats.overall
    lines = [
        f"postdeploy load: shape {session.shape_name} on {environment.host}: {duration:.1f} s, "
        f"{overall.requests} requests, {overall.rps:.1f} req/s, {overall.failures} failed, "
        f"p95 {overall.p95_ms:.0f} ms, p99 {overall.p99_ms:.0f} ms"
    ]
    lines += [report.line() for report in session.recorder.reports]
    if arrival is not None:
        lines.append(arrival.line())
    if session.aborted:
        lines.append(f"aborted early: {len(session.aborted)} abort threshold(s) broken")
    lines += [v.line() for v in verdicts if v.passed]
    lines += [v.line() for v in failed]  # each broken SLA on its own line, last so it is seen
    lines += [f"FAILED: {problem}" for problem in problems]
    if gate is not None:
        lines += regression.outcome_lines(gate)

    load_dir = reports / "load"
    summary: dict[str, object] = {
        "shape": session.shape_name,
        "host": environment.host,
        "exit_code": code,
        "duration_s": duration,
        "overall": asdict(overall),
        "endpoints": [asdict(e) for e in stats.endpoints],
        "stages": [asdict(r) for r in session.recorder.reports],
        "arrival": asdict(arrival) | {"dropped_ratio": arrival.dropped_ratio} if arrival else None,
        "verdicts": [asdict(v) | {"line": v.line()} for v in verdicts],
        "aborted": [v.line() for v in session.aborted],
        "problems": problems,
    }
    summary_text = json.dumps(summary, indent=2)
    html = html_report(environment)
    tables = stats_csv(environment)
    write_text(load_dir / "summary.json", summary_text)
    write_text(load_dir / "report.html", html)
    for suffix, text in tables.items():
        write_text(load_dir / f"{suffix}.csv", text)
    stop_ms = int(time.time() * 1000)
    start_ms = int(session.started_wall * 1000) if session.started_wall else stop_ms
    write_result(
        LoadResult(
            shape=session.shape_name,
            host=str(environment.host),
            start_ms=start_ms,
            stop_ms=stop_ms,
            verdicts=verdicts,
            problems=problems,
            stage_lines=[r.line() for r in session.recorder.reports] + ([arrival.line()] if arrival else []),
            attachments=[
                Attachment("load summary", summary_text.encode(), "application/json", "json"),
                Attachment("locust stats", tables["stats"].encode(), "text/csv", "csv"),
                Attachment("locust report", html.encode(), "text/html", "html"),
            ],
        ),
        reports / "allure-results",
    )
    if gate is not None:
        regression.write_allure(gate, session.shape_name, start_ms, stop_ms, reports / "allure-results")
    lines.append(f"reports: {load_dir}/report.html, {load_dir}/stats.csv, {load_dir}/summary.json")
    verdict = {EXIT_PASSED: "PASSED", EXIT_SLA_BROKEN: f"FAILED: {len(failed)} SLA(s) broken"}.get(code, "FAILED")
    if code == EXIT_SLA_BROKEN and not failed:
        verdict = "FAILED: regressed since the last deploy"
    lines.append(f"postdeploy load: {verdict} (exit {code})")
    return code, lines
