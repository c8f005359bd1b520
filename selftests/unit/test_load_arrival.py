"""Open-model pacing on a fake clock: on schedule, falling behind, and never-claimed slots."""

from __future__ import annotations

import pytest

from postdeploy.load.arrival import ArrivalReport, ArrivalSchedule


def test_users_that_keep_up_drop_nothing() -> None:
    schedule = ArrivalSchedule(rate=10, start=0.0)
    now = 0.0
    for _ in range(50):
        now += schedule.claim(now)  # start exactly at the slot, finish instantly
    report = schedule.report(now)
    assert report.started == 50 and report.dropped == 0
    assert report.achieved_rate == pytest.approx(10, rel=0.05)


def test_a_slow_target_shows_as_dropped_iterations_not_a_lower_rate() -> None:
    schedule = ArrivalSchedule(rate=10, start=0.0)  # one user whose iterations take 0.5 s
    now = 0.0
    for _ in range(10):
        now += schedule.claim(now) + 0.5
    report = schedule.report(now)
    assert report.started == 10
    assert report.dropped >= 35  # ~5 s elapsed at 10/s = ~50 slots, only 10 started
    assert report.dropped_ratio > 0.7
    assert "dropped" in report.line()


def test_slots_nobody_claimed_count_at_report_time() -> None:
    schedule = ArrivalSchedule(rate=4, start=0.0)
    schedule.claim(0.0)
    assert schedule.report(10.0).dropped == pytest.approx(39, abs=1)


def test_reports_from_workers_merge() -> None:
    merged = ArrivalReport(5, 10, 40, 10, 0.2).merged(ArrivalReport(5, 11, 50, 0, 0.1))
    assert (merged.rate, merged.started, merged.dropped, merged.max_lag_s) == (10, 90, 10, 0.2)
    assert merged.dropped_ratio == pytest.approx(0.1)


def test_rate_must_be_positive() -> None:
    with pytest.raises(ValueError):
        ArrivalSchedule(rate=0, start=0)
