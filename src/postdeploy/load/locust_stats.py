"""Adapters from Locust's statistics objects to the pure figures the gate judges, and report files."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

from postdeploy.load.sla import EndpointStats, RunStats
from postdeploy.load.stages import Snapshot

if TYPE_CHECKING:
    from locust.env import Environment
    from locust.stats import RequestStats, StatsEntry


def endpoint_stats(entry: StatsEntry, duration_s: float, name: str | None = None) -> EndpointStats:
    """One Locust StatsEntry as EndpointStats; rps over the whole run so endpoints add up."""
    requests = int(entry.num_requests)
    return EndpointStats(
        name=name if name is not None else str(entry.name),
        method=str(entry.method or ""),
        requests=requests,
        failures=int(entry.num_failures),
        p95_ms=float(entry.get_response_time_percentile(0.95) or 0),
        p99_ms=float(entry.get_response_time_percentile(0.99) or 0),
        avg_ms=float(entry.avg_response_time),
        rps=requests / duration_s if duration_s > 0 else 0.0,
    )


def run_stats(request_stats: RequestStats, duration_s: float, dropped_ratio: float | None = None) -> RunStats:
    endpoints = [endpoint_stats(entry, duration_s) for entry in request_stats.entries.values()]
    endpoints.sort(key=lambda e: (e.name, e.method))
    return RunStats(
        overall=endpoint_stats(request_stats.total, duration_s, name="overall"),
        endpoints=endpoints,
        duration_s=duration_s,
        dropped_ratio=dropped_ratio,
    )


def snapshot(request_stats: RequestStats, at: float) -> Snapshot:
    total = request_stats.total
    return Snapshot(at, int(total.num_requests), int(total.num_failures), dict(total.response_times))


def stats_csv(environment: Environment) -> dict[str, str]:
    """Locust's own CSV tables (stats, failures, exceptions) as text, keyed by file suffix."""
    from locust.stats import PERCENTILES_TO_REPORT, StatsCSV

    writer = StatsCSV(environment, PERCENTILES_TO_REPORT)
    tables: dict[str, str] = {}
    for suffix, method in (
        ("stats", writer.requests_csv),
        ("failures", writer.failures_csv),
        ("exceptions", writer.exceptions_csv),
    ):
        buffer = io.StringIO()
        method(csv.writer(buffer))
        tables[suffix] = buffer.getvalue()
    return tables


def html_report(environment: Environment) -> str:
    from locust.html import get_html_report

    return str(get_html_report(environment, show_download_link=False))


def write_text(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
