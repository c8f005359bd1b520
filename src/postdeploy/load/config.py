"""budgets/load.toml as typed data: named load shapes (stages) and the SLA thresholds the gate checks."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import Field, ValidationError, model_validator

from postdeploy.profile.load import Metric, SlaOverrides, Thresholds
from postdeploy.profile.smoke import Strict

__all__ = ["LoadConfig", "LoadConfigError", "Metric", "Shape", "SlaSpec", "Stage", "Thresholds", "load_config"]


class LoadConfigError(Exception):
    """budgets/load.toml (or the chosen shape) cannot be used; the message is one line."""


class Stage(Strict):
    users: int = Field(ge=0)
    spawn_rate: float = Field(gt=0)
    duration: float = Field(gt=0)  # seconds spent in this stage, ramp included


class Shape(Strict):
    description: str = ""
    stages: list[Stage] = Field(min_length=1)
    # Open model: target iterations per second across all users; the stage's users are the pool.
    arrival_rate: float | None = Field(default=None, gt=0)
    # Overall metrics that stop this shape early when broken (e.g. breakpoint); replaces [sla].abort.
    abort: list[Metric] | None = None

    @property
    def duration(self) -> float:
        return sum(stage.duration for stage in self.stages)

    @property
    def max_users(self) -> int:
        return max(stage.users for stage in self.stages)

    def stage_at(self, elapsed: float) -> int | None:
        """Index of the stage running `elapsed` seconds into the run; None once the shape is over."""
        end = 0.0
        for index, stage in enumerate(self.stages):
            end += stage.duration
            if elapsed < end:
                return index
        return None


class SlaSpec(Thresholds):
    # Per request name (route template, optionally prefixed by the method: "POST /api/orders").
    endpoints: dict[str, Thresholds] = Field(default_factory=dict)
    abort: list[Metric] = Field(default_factory=list)
    # Early abort waits for enough evidence: a warm-up time and a minimum number of requests.
    abort_after_s: float = Field(default=5.0, ge=0)
    abort_min_requests: int = Field(default=30, ge=1)


class LoadConfig(Strict):
    shapes: dict[str, Shape] = Field(min_length=1)
    sla: SlaSpec = Field(default_factory=SlaSpec)

    @model_validator(mode="after")
    def _abortable_metrics_have_limits(self) -> LoadConfig:
        lists = [("sla.abort", self.sla.abort)]
        lists += [(f"shapes.{name}.abort", shape.abort or []) for name, shape in self.shapes.items()]
        for where, metrics in lists:
            for metric in metrics:
                if metric == "min_rps":
                    raise ValueError(f"{where}: min_rps can only be judged at the end, not abort a run")
                if getattr(self.sla, metric) is None:
                    raise ValueError(f"{where}: {metric} has no limit in [sla]")
        return self

    def shape(self, name: str) -> Shape:
        try:
            return self.shapes[name]
        except KeyError:
            known = ", ".join(sorted(self.shapes))
            raise LoadConfigError(f"unknown shape {name!r}; known shapes: {known}") from None

    def with_target_sla(self, overrides: SlaOverrides) -> LoadConfig:
        """The SLA with a target profile's [load.sla] keys set over it (endpoints merged by name)."""
        overall = overrides.model_dump(include=overrides.model_fields_set - {"endpoints"})
        endpoints = dict(self.sla.endpoints)
        for name, limits in overrides.endpoints.items():
            base = endpoints.get(name, Thresholds())
            endpoints[name] = base.model_copy(update=limits.model_dump(include=limits.model_fields_set))
        return self.model_copy(update={"sla": self.sla.model_copy(update={**overall, "endpoints": endpoints})})

    def unknown_endpoints(self, requests: set[tuple[str, str]]) -> list[str]:
        """Endpoint SLA keys that name none of these (method, request name) pairs: a typo, or a route
        the journeys no longer visit, would otherwise never be judged."""
        names = {name for _, name in requests}
        unknown = []
        for key in self.sla.endpoints:
            method, _, name = key.partition(" ")
            known = (method, name) in requests if name and method.isupper() else key in names
            if not known:
                unknown.append(key)
        return unknown

    def abort_metrics(self, shape: Shape) -> list[Metric]:
        return list(shape.abort) if shape.abort is not None else list(self.sla.abort)


def _format(source: str, error: ValidationError) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"]) or "<root>"
        message = "unknown key" if item["type"] == "extra_forbidden" else item["msg"]
        parts.append(f"{where}: {message}")
    return f"{source}: " + "; ".join(parts)


def parse_config(text: str, source: str = "budgets/load.toml") -> LoadConfig:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LoadConfigError(f"{source}: not valid TOML: {exc}") from None
    try:
        return LoadConfig.model_validate(data)
    except ValidationError as exc:
        raise LoadConfigError(_format(source, exc)) from None


def load_config(path: str | Path) -> LoadConfig:
    file = Path(path)
    if not file.is_file():
        raise LoadConfigError(f"{path}: SLA/shape file not found")
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise LoadConfigError(f"{path}: not UTF-8 text") from None
    return parse_config(text, str(path))
