"""Self-test wiring: schedules the slow and timing-sensitive tests, and prints the fault matrix as a
table at the end of the run (fault, expected check, caught, other failures). It lives at the top of
selftests/ so the xdist controller loads it too."""

from __future__ import annotations

import json
from typing import Any

import pytest

# Tests that judge real latency (Lighthouse budgets, Locust SLAs, the main job) run one after another
# on one xdist worker (`--dist loadgroup`), so no two of them ever measure each other's load.
TIMING_GROUP = pytest.mark.xdist_group("timing")
# A Lighthouse budget run is one sample of a page on a shared 2-core machine; when it fails, it gets
# one more run before the self-test fails (a fault that is really caught, or a real regression,
# fails twice).
ONE_MORE_LIGHTHOUSE_RUN = pytest.mark.flaky(reruns=1, only_rerun=["AssertionError"], rerun_except=[])
# The redaction audit runs the main job (Lighthouse and Locust included) and needs it to pass; only
# that verdict gets a second run, never a secret found in the reports.
ONE_MORE_MAIN_JOB = pytest.mark.flaky(reruns=1, only_rerun=["main job failed on the healthy demo"], rerun_except=[])


def _matrix_layer(item: pytest.Item) -> str | None:
    params: dict[str, Any] = getattr(getattr(item, "callspec", None), "params", {})
    fault = params.get("fault")
    layer = getattr(fault, "layer", None) or params.get("layer")
    return str(layer) if layer else None


def _expected_seconds(folder: str, layer: str | None, name: str = "") -> float:
    """Rough cost, so the long runs start first and the two workers finish together."""
    if name == "test_nextjs_matrix.py" and layer == "perf":
        return 150  # 2 URLs x 3 Lighthouse runs of a real Next.js app
    if folder == "audit":
        return 100
    if folder == "supabase":  # a demo with PostgreSQL and one or two audit runs per test
        return 20
    if folder == "nextjs":  # e2e flows and load runs on the Next.js app; the first may run `next build`
        return 90
    if folder == "regression" and layer == "live":
        return 90  # the gate live: two Locust runs, four Lighthouse runs
    return {"e2e": 45, "perf": 45, "load": 12}.get(layer or "", 1)


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    costs = {}
    for item in items:
        folder = item.path.parent.name
        layer = _matrix_layer(item) if folder == "matrix" else None
        if item.path.name == "test_live_gate.py":
            layer = "live"
            item.add_marker(TIMING_GROUP)
        if folder in ("perf", "load", "audit") or layer in ("perf", "load"):
            item.add_marker(TIMING_GROUP)
        if layer == "perf":
            item.add_marker(ONE_MORE_LIGHTHOUSE_RUN)
        if folder == "audit":
            item.add_marker(ONE_MORE_MAIN_JOB)
        costs[item.nodeid] = _expected_seconds(folder, layer, item.path.name)
    items.sort(key=lambda item: -costs[item.nodeid])


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    rows = []
    for outcome in ("passed", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            for key, value in getattr(report, "user_properties", []):
                if key == "matrix":
                    rows.append(json.loads(value))
    if not rows:
        return
    rows.sort(key=lambda r: (r["layer"], r["fault"]))
    write = terminalreporter.write_line
    terminalreporter.section("fault matrix")
    write(f"{'fault':<28} {'layer':<9} {'caught':<7} {'expected check':<52} other failures")
    for row in rows:
        others = ", ".join(o.split("::")[-1] for o in row["others"]) or "-"
        caught = "yes" if row["caught"] else "NO"
        write(f"{row['fault']:<28} {row['layer']:<9} {caught:<7} {row['check'][:52]:<52} {others}")
