"""budgets/regression.toml as typed data: the error rate, the samples the gate needs and the minimum
practical change per kind of metric (and per metric), for each layer."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from postdeploy.regression.metrics import Kind, Metric

__all__ = ["Change", "GateRules", "LayerRules", "RulesError", "load_rules"]


class RulesError(Exception):
    """The regression budgets file cannot be used; the message is one line."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Change(_Strict):
    """A change counts only when it is at least both of these (0 = no floor)."""

    min_relative: float = Field(default=0.0, ge=0)  # of the baseline's median: 0.10 = 10%
    min_absolute: float = Field(default=0.0, ge=0)  # in the metric's unit: ms, bytes, requests, ratio

    def describe(self, metric: Metric) -> str:
        parts = []
        if self.min_relative:
            parts.append(f"{self.min_relative:.0%}")
        if self.min_absolute:
            parts.append(metric.format(self.min_absolute))
        return "≥ " + " and ≥ ".join(parts) if parts else "any change"


class LayerRules(_Strict):
    # Per scope and side: Lighthouse runs (perf) or requests (load); fewer → "not enough samples".
    min_samples: int = Field(default=10, ge=1)
    timing: Change = Change(min_relative=0.10, min_absolute=50)
    cls: Change = Change(min_absolute=0.05)
    score: Change = Change(min_absolute=0.05)
    bytes: Change = Change(min_relative=0.10, min_absolute=1024)
    count: Change = Change(min_relative=0.10, min_absolute=1)
    errors: Change = Change(min_absolute=0.01)
    # Per metric key (`lcp`, `bytes.script`, `latency`…), over its kind's default.
    metrics: dict[str, Change] = Field(default_factory=dict)
    # Load: judge each endpoint's latency against the other endpoints' change (needs 3 endpoints).
    relative_to_site: bool = False

    def change(self, metric: Metric) -> Change:
        if metric.key in self.metrics:
            return self.metrics[metric.key]
        by_kind: dict[Kind, Change] = {
            "timing": self.timing, "cls": self.cls, "score": self.score,
            "bytes": self.bytes, "count": self.count, "errors": self.errors,
        }  # fmt: skip
        return by_kind[metric.kind]


def _default_load() -> LayerRules:
    return LayerRules(min_samples=30, timing=Change(min_relative=0.10, min_absolute=10), relative_to_site=True)


class GateRules(_Strict):
    # Family-wise error rate of one comparison (all its metrics together, Holm-corrected).
    alpha: float = Field(default=0.05, gt=0, lt=1)
    perf: LayerRules = Field(default_factory=LayerRules)
    load: LayerRules = Field(default_factory=_default_load)

    def layer(self, name: str) -> LayerRules:
        return self.load if name == "load" else self.perf


def _format(source: str, error: ValidationError) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"]) or "<root>"
        parts.append(f"{where}: {'unknown key' if item['type'] == 'extra_forbidden' else item['msg']}")
    return f"{source}: " + "; ".join(parts)


def _merged(defaults: dict[str, object], given: dict[str, object]) -> dict[str, object]:
    merged = dict(defaults)
    for key, value in given.items():
        base = merged.get(key)
        nested = isinstance(base, dict) and isinstance(value, dict) and key != "metrics"
        merged[key] = {**base, **value} if nested else value  # type: ignore[dict-item]
    return merged


def load_rules(path: str | Path | None) -> GateRules:
    """The rules from a TOML file; None, or the default path when it does not exist, gives the defaults."""
    if path is None:
        return GateRules()
    file = Path(path)
    if not file.is_file():
        raise RulesError(f"{path}: regression budgets file not found")
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise RulesError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"{path}: not valid TOML: {exc}") from None
    for layer, defaults in (("perf", LayerRules()), ("load", _default_load())):
        if isinstance(data.get(layer), dict):
            # Keys the file leaves out keep their defaults, table by table (the load layer has its own).
            data[layer] = _merged(defaults.model_dump(), data[layer])
    try:
        return GateRules.model_validate(data)
    except ValidationError as exc:
        raise RulesError(_format(str(path), exc)) from None
