"""Per-stage statistics from cumulative snapshots."""

from __future__ import annotations

from postdeploy.load.stages import Snapshot, StageRecorder, percentile


def test_percentile_follows_locusts_rule() -> None:
    histogram = {10: 90, 100: 9, 1000: 1}
    assert percentile(histogram, 100, 0.5) == 10
    assert percentile(histogram, 100, 0.95) == 100
    assert percentile(histogram, 100, 0.999) == 1000
    assert percentile({}, 0, 0.95) == 0


def test_recorder_diffs_each_stage() -> None:
    recorder = StageRecorder([5, 20])
    assert recorder.observe(0, Snapshot(0, 0, 0, {})) is None
    first = recorder.observe(1, Snapshot(10, 100, 1, {10: 100}))
    assert first is not None and (first.index, first.users, first.requests, first.rps) == (0, 5, 100, 10.0)
    second = recorder.close(Snapshot(15, 300, 21, {10: 100, 500: 200}))
    assert second is not None
    assert (second.requests, second.failures, second.p95_ms) == (200, 20, 500)
    assert "stage 2:" in second.line() and [r.index for r in recorder.reports] == [0, 1]
    assert recorder.close(Snapshot(16, 300, 21, {})) is None
