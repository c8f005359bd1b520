"""One layer run's samples as the gate keeps them: per scope (URL path or endpoint) the values of each
metric, run by run or request by request, and for load the request and failure counts.

Stored as small JSON (`postdeploy.samples/1`), so CI can cache it or keep it as an artifact.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from postdeploy.regression.metrics import known

FORMAT = "postdeploy.samples/1"
LAYERS = ("perf", "load")


class SamplesError(Exception):
    """A samples file that cannot be used; the message is one line naming the file and the problem."""


@dataclass
class Scope:
    """One URL path (perf) or endpoint (load): metric key -> values, plus counts for error ratios."""

    metrics: dict[str, list[float]] = field(default_factory=dict)
    requests: int | None = None
    failures: int | None = None

    def add(self, values: Mapping[str, float]) -> None:
        for key, value in values.items():
            self.metrics.setdefault(key, []).append(float(value))

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"metrics": {key: list(values) for key, values in self.metrics.items()}}
        if self.requests is not None:
            data["requests"], data["failures"] = self.requests, self.failures or 0
        return data


@dataclass
class Samples:
    layer: str
    target: str = "generic"
    environment: str = "production"
    version: str | None = None
    recorded_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    # What must match for two runs to be comparable: preset and throttling, or the load shape.
    settings: dict[str, Any] = field(default_factory=dict)
    scopes: dict[str, Scope] = field(default_factory=dict)
    # Context only (not judged): load throughput and errors per stage, Lighthouse run counts…
    info: dict[str, Any] = field(default_factory=dict)

    def scope(self, name: str) -> Scope:
        return self.scopes.setdefault(name, Scope())

    def describe(self) -> str:
        version = f" version {self.version}" if self.version else ""
        return f"{self.layer} of {self.target} ({self.environment}){version}, {self.recorded_at}"

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "layer": self.layer,
            "target": self.target,
            "environment": self.environment,
            "version": self.version,
            "recorded_at": self.recorded_at,
            "settings": self.settings,
            "scopes": {name: scope.to_json() for name, scope in self.scopes.items()},
            "info": self.info,
        }

    @classmethod
    def from_json(cls, data: Any, source: str = "samples") -> Samples:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise SamplesError(f"{source}: not a postdeploy samples file (expected format {FORMAT!r})")
        if data.get("layer") not in LAYERS:
            raise SamplesError(f"{source}: unknown layer {data.get('layer')!r} (expected perf or load)")
        scopes: dict[str, Scope] = {}
        raw_scopes = data.get("scopes")
        if not isinstance(raw_scopes, dict):
            raise SamplesError(f"{source}: 'scopes' must be an object")
        for name, raw in raw_scopes.items():
            metrics = raw.get("metrics") if isinstance(raw, dict) else None
            if not isinstance(metrics, dict):
                raise SamplesError(f"{source}: scope {name!r} has no 'metrics' object")
            scope = Scope()
            for key, values in metrics.items():
                if not known(key):
                    continue  # a newer postdeploy's metric: skipped, not an error
                if not isinstance(values, list) or not all(isinstance(v, int | float) for v in values):
                    raise SamplesError(f"{source}: {name} {key}: values must be a list of numbers")
                scope.metrics[key] = [float(v) for v in values]
            if "requests" in raw:
                requests, failures = raw.get("requests"), raw.get("failures", 0)
                if not isinstance(requests, int) or not isinstance(failures, int) or not 0 <= failures <= requests:
                    raise SamplesError(f"{source}: {name}: requests and failures must be counts, failures <= requests")
                scope.requests, scope.failures = requests, failures
            scopes[str(name)] = scope
        return cls(
            layer=str(data["layer"]),
            target=str(data.get("target") or "generic"),
            environment=str(data.get("environment") or "production"),
            version=str(data["version"]) if data.get("version") else None,
            recorded_at=str(data.get("recorded_at") or ""),
            settings=dict(data.get("settings") or {}),
            scopes=scopes,
            info=dict(data.get("info") or {}),
        )


def read_samples(path: str | Path) -> Samples:
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SamplesError(f"{path}: no such samples file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SamplesError(f"{path}: cannot read it ({exc.__class__.__name__})") from None
    try:
        data = json.loads(text)
    except ValueError:
        raise SamplesError(f"{path}: not JSON") from None
    return Samples.from_json(data, str(path))


def write_samples(samples: Samples, path: str | Path) -> Path:
    """Written next to its final name first, so an interrupted run never leaves half a baseline."""
    file = Path(path)
    file.parent.mkdir(parents=True, exist_ok=True)
    partial = file.with_name(file.name + ".partial")
    partial.write_text(json.dumps(samples.to_json(), separators=(",", ":")), encoding="utf-8")
    partial.replace(file)
    return file
