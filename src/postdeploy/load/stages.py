"""Per-stage statistics: snapshots of the aggregated counters at each stage change, diffed per stage."""

from __future__ import annotations

from dataclasses import dataclass


def percentile(histogram: dict[int, int], total: int, percent: float) -> float:
    """The smallest recorded value with at least `percent` of requests at or below it (Locust's rule)."""
    if total <= 0:
        return 0.0
    seen = 0
    needed = total * percent
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= needed:
            return float(value)
    return float(max(histogram))


@dataclass(frozen=True)
class Snapshot:
    at: float
    requests: int
    failures: int
    histogram: dict[int, int]  # rounded response time (ms) -> count, cumulative since the start


@dataclass(frozen=True)
class StageReport:
    index: int
    users: int
    duration_s: float
    requests: int
    failures: int
    rps: float
    p50_ms: float
    p95_ms: float

    def line(self) -> str:
        ratio = self.failures / self.requests * 100 if self.requests else 0.0
        return (
            f"stage {self.index + 1}: {self.users:>4} users {self.duration_s:6.1f} s "
            f"{self.requests:>7} req {self.rps:8.1f} req/s  p50 {self.p50_ms:6.0f} ms  "
            f"p95 {self.p95_ms:6.0f} ms  errors {ratio:5.2f}%"
        )


def diff_stage(index: int, users: int, start: Snapshot, end: Snapshot) -> StageReport:
    histogram = {
        value: count - start.histogram.get(value, 0)
        for value, count in end.histogram.items()
        if count - start.histogram.get(value, 0) > 0
    }
    requests = end.requests - start.requests
    duration = max(end.at - start.at, 1e-9)
    return StageReport(
        index=index,
        users=users,
        duration_s=end.at - start.at,
        requests=requests,
        failures=end.failures - start.failures,
        rps=requests / duration,
        p50_ms=percentile(histogram, requests, 0.50),
        p95_ms=percentile(histogram, requests, 0.95),
    )


class StageRecorder:
    """Fed a snapshot on every shape tick; closes a stage report whenever the stage index changes."""

    def __init__(self, stage_users: list[int]) -> None:
        self.stage_users = stage_users
        self.reports: list[StageReport] = []
        self._current: int | None = None
        self._opened: Snapshot | None = None

    def observe(self, stage: int | None, snapshot: Snapshot) -> StageReport | None:
        closed = None
        if stage != self._current:
            closed = self.close(snapshot)
            self._current = stage
            self._opened = snapshot if stage is not None else None
        return closed

    def close(self, snapshot: Snapshot) -> StageReport | None:
        """End the running stage (at a stage change, or when the run stops early)."""
        if self._current is None or self._opened is None:
            return None
        report = diff_stage(self._current, self.stage_users[self._current], self._opened, snapshot)
        self.reports.append(report)
        self._current = None
        self._opened = None
        return report
