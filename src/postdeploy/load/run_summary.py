"""What the end of a load run needs to know about it, as one plain value: the session builds it when
Locust quits, and the report and the regression gate read it (neither needs the live session)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from postdeploy.load.arrival import ArrivalReport
from postdeploy.load.config import Shape, SlaSpec
from postdeploy.load.sla import SlaVerdict
from postdeploy.load.stages import StageRecorder
from postdeploy.profile.load import LoadSettings


@dataclass(frozen=True)
class RunSummary:
    shape_name: str
    shape: Shape
    sla: SlaSpec
    recorder: StageRecorder  # per-stage snapshots; the report closes the last stage
    reports_dir: Path
    started_at: float | None = None  # monotonic; None when no user ever started
    started_wall: float = 0.0
    arrival: ArrivalReport | None = None  # open model only
    aborted: list[SlaVerdict] = field(default_factory=list)
    # For the regression gate: where and what was measured, and what to do with a regression.
    target: str = "generic"
    environment: str = "production"
    version: str | None = None
    settings: LoadSettings = field(default_factory=LoadSettings)
    baseline: str | None = None  # --baseline DIR
