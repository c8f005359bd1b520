"""The load layer's core: shapes and SLAs from budgets/load.toml, guard rails, arrival-rate pacing,
per-stage statistics and the SLA gate's verdicts. Locust glue lives in `load/`; nothing here runs load."""

from __future__ import annotations

from postdeploy.load.arrival import ArrivalReport, ArrivalSchedule
from postdeploy.load.config import LoadConfig, LoadConfigError, Shape, SlaSpec, Stage, Thresholds, load_config
from postdeploy.load.guard import Refused, check_guard_rails
from postdeploy.load.sla import EndpointStats, RunStats, SlaVerdict, abort_breaches, check_sla
from postdeploy.load.stages import StageRecorder, StageReport

__all__ = [
    "ArrivalReport",
    "ArrivalSchedule",
    "EndpointStats",
    "LoadConfig",
    "LoadConfigError",
    "Refused",
    "RunStats",
    "Shape",
    "SlaSpec",
    "SlaVerdict",
    "Stage",
    "StageRecorder",
    "StageReport",
    "Thresholds",
    "abort_breaches",
    "check_guard_rails",
    "check_sla",
    "load_config",
]
