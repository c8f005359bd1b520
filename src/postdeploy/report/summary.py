"""`reports/summary.md`: the verdict, counts per layer and each failure in one line, for a CI job summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from postdeploy.layers import LAYERS
from postdeploy.report.history import Streak
from postdeploy.report.results import STATUSES, Outcome

MAX_FAILURE_LINES = 50  # a job summary is read, not scrolled; the report has the rest
SEVERITY_ORDER = {"blocker": 0, "critical": 1, "normal": 2, "minor": 3, "trivial": 4}


@dataclass(frozen=True)
class Summary:
    outcomes: tuple[Outcome, ...]

    @property
    def failures(self) -> list[Outcome]:
        failed = [o for o in self.outcomes if o.failed]
        return sorted(failed, key=lambda o: (SEVERITY_ORDER.get(o.severity, 9), o.layer, o.full_name))

    @property
    def flaky(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.flaky]

    @property
    def verdict(self) -> str:
        if not self.outcomes:
            return "NO RESULTS"
        return "FAILED" if self.failures else "PASSED"

    def counts(self) -> dict[str, Counter[str]]:
        per_layer: dict[str, Counter[str]] = {}
        for outcome in self.outcomes:
            per_layer.setdefault(outcome.layer, Counter())[outcome.status] += 1
            if outcome.flaky:
                per_layer[outcome.layer]["flaky"] += 1
        order = {layer: i for i, layer in enumerate(LAYERS)}
        return dict(sorted(per_layer.items(), key=lambda kv: (order.get(kv[0], 99), kv[0])))


def render(
    summary: Summary,
    report_path: str | None = None,
    junit: Sequence[str] = (),
    title: str = "",
    history: Mapping[tuple[str, str], Streak] | None = None,
) -> str:
    """Markdown that reads well in a GitHub job summary and in a terminal."""
    icon = {"PASSED": "✅", "FAILED": "❌"}.get(summary.verdict, "⚠️")
    failures = summary.failures
    total = len(summary.outcomes)
    heading = f"## {icon} postdeploy: {summary.verdict}"
    lines = [heading + (f" — {title}" if title else ""), ""]
    lines.append(f"{total} checks, {len(failures)} failed, {len(summary.flaky)} flaky (passed on retry).")
    lines += ["", "| layer | passed | failed | broken | skipped | flaky |", "|---|---:|---:|---:|---:|---:|"]
    for layer, counts in summary.counts().items():
        cells = " | ".join(str(counts.get(status, 0)) for status in (*STATUSES, "flaky"))
        lines.append(f"| {layer} | {cells} |")
    if failures:
        lines += ["", "### Failures", ""]
        for outcome in failures[:MAX_FAILURE_LINES]:
            # The story (the check) rather than the title: a failed check's title may be its message.
            where = f"{outcome.layer} › {outcome.feature} › {outcome.check}" if outcome.feature else outcome.check
            message = outcome.one_line().replace("`", "'")
            streak = (history or {}).get((outcome.full_name, outcome.name))
            since = f" ({streak.describe()})" if streak else ""
            lines.append(f"- **{outcome.severity}** {where}{since}: `{message}`")
        if len(failures) > MAX_FAILURE_LINES:
            lines.append(f"- … and {len(failures) - MAX_FAILURE_LINES} more (see the report)")
    if summary.flaky:
        lines += ["", "### Flaky (network)", ""]
        lines += [f"- {o.layer} › {o.check} ({o.attempts} attempts)" for o in summary.flaky[:MAX_FAILURE_LINES]]
    extras = []
    if report_path:
        extras.append(f"Report: `{report_path}`")
    if junit:
        extras.append("JUnit: " + ", ".join(f"`{path}`" for path in junit))
    if extras:
        lines += ["", " · ".join(extras)]
    return "\n".join(lines) + "\n"


def write_summary(path: Path, markdown: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown, encoding="utf-8")


def append_step_summary(step_summary: str, markdown: str) -> None:
    """GitHub's job summary file collects every step's markdown: append, never overwrite."""
    with open(step_summary, "a", encoding="utf-8") as handle:
        handle.write(markdown + "\n")
