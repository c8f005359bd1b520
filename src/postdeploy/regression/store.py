"""The baseline folder CI caches between deploys: `<DIR>/<target>/<environment>/<layer>.json`, and this
run's own files under `reports/regression/` (its samples, the comparison, the plots)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from postdeploy.regression.samples import Samples, read_samples, write_samples


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.") or "default"


def baseline_file(root: str | Path, target: str, environment: str, layer: str) -> Path:
    """One baseline per target, environment and layer: staging never compares with production."""
    return Path(root) / _slug(target) / _slug(environment) / f"{layer}.json"


def rejected_file(baseline: Path) -> Path:
    """Where a run that may not replace the baseline goes (kept for a look, never compared with)."""
    return baseline.with_name(baseline.stem + ".rejected.json")


def find_baseline(root: str | Path, target: str, environment: str, layer: str) -> Samples | None:
    """The stored run, or None when this target and environment have none yet. SamplesError if unreadable."""
    file = baseline_file(root, target, environment, layer)
    return read_samples(file) if file.is_file() else None


def save_baseline(root: str | Path, samples: Samples) -> Path:
    return write_samples(samples, baseline_file(root, samples.target, samples.environment, samples.layer))


def regression_dir(reports: str | Path) -> Path:
    return Path(reports) / "regression"


def current_samples_file(reports: str | Path, layer: str) -> Path:
    return regression_dir(reports) / f"{layer}.samples.json"


def outcome_file(reports: str | Path, layer: str) -> Path:
    return regression_dir(reports) / f"{layer}.json"


def write_outcome(reports: str | Path, layer: str, data: dict[str, Any]) -> Path:
    file = outcome_file(reports, layer)
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")
    return file


def read_outcomes(reports: str | Path) -> list[dict[str, Any]]:
    """Every layer's gate outcome of this run (for the summary); unreadable files are skipped."""
    outcomes = []
    folder = regression_dir(reports)
    for layer in ("perf", "load"):
        file = folder / f"{layer}.json"
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict):
            outcomes.append(data)
    return outcomes
