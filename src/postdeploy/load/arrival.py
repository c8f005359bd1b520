"""Open-model pacing: iterations start on a fixed arrival schedule, and slots no user was free to take
are counted as dropped, so a slow target cannot lower the load it receives (coordinated omission)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict


class ArrivalPayload(TypedDict):
    """An ArrivalReport as a worker reports it to the master (`dataclasses.asdict` of it)."""

    rate: float
    elapsed_s: float
    started: int
    dropped: int
    max_lag_s: float


@dataclass(frozen=True)
class ArrivalReport:
    rate: float  # target iterations per second
    elapsed_s: float
    started: int
    dropped: int
    max_lag_s: float  # the latest any started iteration began after its slot

    @property
    def target(self) -> int:
        return self.started + self.dropped

    @property
    def dropped_ratio(self) -> float:
        return self.dropped / self.target if self.target else 0.0

    @property
    def achieved_rate(self) -> float:
        return self.started / self.elapsed_s if self.elapsed_s > 0 else 0.0

    def line(self) -> str:
        return (
            f"open model: target {self.rate:.1f} it/s, achieved {self.achieved_rate:.1f} it/s; "
            f"{self.started} started, {self.dropped} dropped ({self.dropped_ratio * 100:.1f}%), "
            f"worst start lag {self.max_lag_s * 1000:.0f} ms"
        )

    def merged(self, other: ArrivalReport) -> ArrivalReport:
        return ArrivalReport(
            rate=self.rate + other.rate,
            elapsed_s=max(self.elapsed_s, other.elapsed_s),
            started=self.started + other.started,
            dropped=self.dropped + other.dropped,
            max_lag_s=max(self.max_lag_s, other.max_lag_s),
        )


class ArrivalSchedule:
    """Slots at start + k/rate, shared by the users of one process (gevent: no locking needed).

    A free user claims the next slot and sleeps until it; a slot already more than `grace_s` in the
    past when claimed had no free user in time and is dropped, like k6's dropped_iterations.
    """

    def __init__(self, rate: float, start: float, grace_s: float | None = None) -> None:
        if rate <= 0:
            raise ValueError("arrival rate must be positive")
        self.rate = rate
        self.start = start
        self.grace_s = grace_s if grace_s is not None else max(1.0 / rate, 0.05)
        self._next = 0
        self.started = 0
        self.dropped = 0
        self.max_lag_s = 0.0

    def _slot_time(self, index: int) -> float:
        return self.start + index / self.rate

    def claim(self, now: float) -> float:
        """Take the next slot; returns how long to wait before starting the iteration."""
        late_by = now - self.grace_s - self._slot_time(self._next)
        if late_by > 0:
            # Skip, in one step, every slot that went by with nobody free to start it.
            skipped = int(late_by * self.rate) + 1
            self.dropped += skipped
            self._next += skipped
        slot = self._slot_time(self._next)
        self._next += 1
        self.started += 1
        self.max_lag_s = max(self.max_lag_s, now - slot)
        return max(0.0, slot - now)

    def report(self, now: float) -> ArrivalReport:
        """Slots that came due by `now` and were never claimed also count as dropped."""
        elapsed = max(0.0, now - self.start)
        overdue_window = elapsed - self.grace_s
        overdue = int(overdue_window * self.rate) + 1 if overdue_window >= 0 else 0
        unclaimed = max(0, overdue - self._next)
        return ArrivalReport(self.rate, elapsed, self.started, self.dropped + unclaimed, self.max_lag_s)
