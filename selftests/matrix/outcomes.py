"""A tiny pytest plugin for the matrix's child runs: writes {node id: outcome} as JSON.

Loaded with `-p selftests.matrix.outcomes`; the file path comes from POSTDEPLOY_OUTCOMES.
"""

from __future__ import annotations

import json
import os

import pytest

_outcomes: dict[str, str] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call" or report.outcome != "passed":
        # A setup/teardown error counts as the test failing; a call outcome is the verdict.
        outcome = "failed" if report.failed else report.outcome
        if _outcomes.get(report.nodeid) != "failed":
            _outcomes[report.nodeid] = outcome


def pytest_sessionfinish(session: pytest.Session) -> None:
    path = os.environ.get("POSTDEPLOY_OUTCOMES")
    if path:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(_outcomes, handle, indent=1)
