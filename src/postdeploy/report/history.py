""" "Failing since": how many earlier runs (Allure 3 history, one JSON line per run) a check failed in."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from postdeploy.report.results import Outcome

BAD = ("failed", "broken")


@dataclass(frozen=True)
class Streak:
    earlier_runs: int  # consecutive earlier runs that also failed (0: new failure)
    since_ms: int | None  # when the streak started

    def describe(self) -> str:
        if self.earlier_runs == 0 or self.since_ms is None:
            return "new"
        since = datetime.fromtimestamp(self.since_ms / 1000, tz=UTC).strftime("%Y-%m-%d %H:%M UTC")
        return f"failing since {since}, {self.earlier_runs + 1} runs"


def read_history(path: Path) -> list[dict[str, object]]:
    """Runs, newest first; unreadable lines are skipped (a history must never sink a report)."""
    runs: list[dict[str, object]] = []
    if not path.is_file():
        return runs
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            run = json.loads(line)
        except ValueError:
            continue
        if isinstance(run, dict) and isinstance(run.get("testResults"), dict):
            runs.append(run)
    return sorted(runs, key=lambda r: int(r.get("timestamp") or 0), reverse=True)  # type: ignore[call-overload]


def streaks(history: list[dict[str, object]], failures: list[Outcome]) -> dict[tuple[str, str], Streak]:
    """For each failure (by full name and name), how long it has been failing before this run."""
    statuses: list[dict[tuple[str, str], str]] = []
    for run in history:
        results = run["testResults"]
        assert isinstance(results, dict)
        statuses.append({(str(r.get("fullName")), str(r.get("name"))): str(r.get("status")) for r in results.values()})
    found: dict[tuple[str, str], Streak] = {}
    for outcome in failures:
        key = (outcome.full_name, outcome.name)
        count, since = 0, None
        for run, run_statuses in zip(history, statuses, strict=True):
            if run_statuses.get(key) not in BAD:
                break
            count += 1
            since = int(run.get("timestamp") or 0)  # type: ignore[call-overload]
        found[key] = Streak(count, since)
    return found
