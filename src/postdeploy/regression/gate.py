"""The gate around a comparison: find the baseline, compare, decide what a regression does under the
profile's mode (fail, warn, off), and whether this run becomes the next baseline."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from postdeploy.regression.compare import Comparison, NotComparable, compare
from postdeploy.regression.rules import GateRules
from postdeploy.regression.samples import Samples, SamplesError, write_samples
from postdeploy.regression.store import (
    baseline_file,
    current_samples_file,
    find_baseline,
    outcome_file,
    rejected_file,
    save_baseline,
    write_outcome,
)

Mode = Literal["fail", "warn", "off"]
Status = Literal["regressed", "passed", "no baseline", "not comparable"]


@dataclass
class GateOutcome:
    layer: str
    mode: Mode
    status: Status
    comparison: Comparison | None = None
    notes: list[str] = field(default_factory=list)
    baseline: Path | None = None
    saved_to: Path | None = None

    @property
    def failed(self) -> bool:
        return self.status == "regressed" and self.mode == "fail"

    @property
    def warned(self) -> bool:
        return self.status == "regressed" and self.mode == "warn"

    def headline(self) -> str:
        """One line: what the gate found, for the terminal, the Allure message and the summary."""
        comparison = self.comparison
        if self.status == "no baseline":
            return f"{self.layer}: no baseline yet for this target and environment; this run becomes it"
        if self.status == "not comparable" or comparison is None:
            return f"{self.layer}: not compared: {'; '.join(self.notes)}"
        since = f" since {comparison.base.version}" if comparison.base.version else " since the last deploy"
        if comparison.regressions:
            what = ", ".join(r.subject(self.layer) + _change(r) for r in comparison.regressions)
            verb = "REGRESSED" if self.mode == "fail" else "regressed (warn)"
            return f"{self.layer} {verb}{since}: {what}"
        counts = comparison.counts()
        parts = [f"{counts['unchanged']} unchanged"]
        if counts["improved"]:
            parts.append(f"{counts['improved']} improved")
        if counts["not enough samples"]:
            parts.append(f"{counts['not enough samples']} with not enough samples")
        return f"{self.layer}: no regression{since} ({', '.join(parts)})"

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "layer": self.layer,
            "mode": self.mode,
            "status": self.status,
            "failed": self.failed,
            "warned": self.warned,
            "headline": self.headline(),
            "notes": self.notes,
            "baseline": str(self.baseline) if self.baseline else None,
            "saved_to": str(self.saved_to) if self.saved_to else None,
        }
        if self.comparison is not None:
            data["comparison"] = self.comparison.to_json()
        return data


def _change(result: Any) -> str:
    if result.relative is not None and abs(result.relative) != float("inf"):
        return f" {result.relative:+.0%}"
    return f" {result.metric.format(result.change)}" if result.change is not None else ""


def _short_of_samples(samples: Samples, rules: GateRules) -> list[str]:
    needed = rules.layer(samples.layer).min_samples
    short = []
    for name, scope in samples.scopes.items():
        counts = [len(v) for k, v in scope.metrics.items() if k in ("lcp", "latency")]
        if counts and min(counts) < needed:
            short.append(f"{name} ({min(counts)} of {needed})")
    return short


def run_gate(
    current: Samples, baseline_dir: str | Path | None, rules: GateRules, mode: Mode, reports: str | Path
) -> GateOutcome | None:
    """Compare `current` with the stored baseline and store `current` as the next one (unless it failed
    the gate or is too short to judge by). None when the gate is off or no baseline folder was given."""
    write_samples(current, current_samples_file(reports, current.layer))
    if mode == "off" or baseline_dir is None:
        outcome_file(reports, current.layer).unlink(missing_ok=True)  # no stale verdict in the summary
        return None
    path = baseline_file(baseline_dir, current.target, current.environment, current.layer)
    outcome = GateOutcome(current.layer, mode, "no baseline", baseline=path)
    try:
        previous = find_baseline(baseline_dir, current.target, current.environment, current.layer)
    except SamplesError as exc:
        previous = None
        outcome.status = "not comparable"
        outcome.notes.append(f"baseline unreadable ({exc}); this run replaces it")
    if previous is not None:
        try:
            outcome.comparison = compare(previous, current, rules)
        except NotComparable as exc:
            outcome.status = "not comparable"
            outcome.notes.append(f"{exc}; this run becomes the new baseline")
        else:
            outcome.status = "regressed" if outcome.comparison.regressions else "passed"
            outcome.notes += outcome.comparison.notes
    short = _short_of_samples(current, rules)
    if outcome.failed:
        outcome.saved_to = write_samples(current, rejected_file(path))
        kept = previous.describe() if previous else path
        outcome.notes.append(f"the baseline stays {kept}: this run failed the gate")
    elif short and previous is not None and not _short_of_samples(previous, rules):
        outcome.saved_to = write_samples(current, rejected_file(path))
        outcome.notes.append(f"the baseline stays: this run has too few samples for the gate in {', '.join(short)}")
    else:
        outcome.saved_to = save_baseline(baseline_dir, current)
    write_outcome(reports, current.layer, outcome.to_json())
    return outcome
