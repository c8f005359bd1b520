"""Self-test wiring: prints the fault matrix as a table at the end of the run (fault, expected check,
caught, other failures). It lives at the top of selftests/ so the xdist controller loads it too."""

from __future__ import annotations

import json

import pytest


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
