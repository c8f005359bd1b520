"""Profile section the load layer reads: allowlisted hosts, bounds, user weights, SLA file and this
target's own SLA thresholds."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from postdeploy.profile.smoke import Strict

# Metrics a threshold can name; `abort` lists refer to these (overall figures only).
Metric = Literal["p95_ms", "p99_ms", "error_ratio", "min_rps", "max_dropped_ratio"]


class Thresholds(Strict):
    p95_ms: float | None = Field(default=None, gt=0)
    p99_ms: float | None = Field(default=None, gt=0)
    error_ratio: float | None = Field(default=None, ge=0, le=1)
    min_rps: float | None = Field(default=None, ge=0)
    max_dropped_ratio: float | None = Field(default=None, ge=0, le=1)


class SlaOverrides(Thresholds):
    """[load.sla]: this target's thresholds, set key by key over the SLA file's [sla]; one SLA file
    (the shapes) can then serve targets that promise different latencies."""

    endpoints: dict[str, Thresholds] = Field(default_factory=dict)


class LoadSettings(Strict):
    # Hosts a load run may target (POSTDEPLOY_LOAD_ALLOWED_HOSTS adds more, comma-separated).
    allowed_hosts: list[str] = Field(default_factory=lambda: ["127.0.0.1", "localhost"])
    max_users: int = Field(default=200, ge=1)
    max_duration_s: int = Field(default=900, ge=1)
    sla_file: str = "budgets/load.toml"
    sla: SlaOverrides = Field(default_factory=SlaOverrides)
    # Relative weights of the user kinds in load/: browser, api, booker (booker writes data).
    weights: dict[str, Annotated[int, Field(ge=0)]] = Field(default_factory=dict)
    # Think time between a browser's or API client's requests (seconds, uniform between the two).
    think_time_s: tuple[Annotated[float, Field(ge=0)], Annotated[float, Field(ge=0)]] = (0.05, 0.25)
    # What anonymous browsers type into the search box.
    search_terms: list[str] = Field(default_factory=lambda: ["design", "photo", "lesson", "repair"])
    # What a regression since the baseline (`--baseline DIR`) does: fail the run (exit 3), warn, or skip it.
    regression: Literal["fail", "warn", "off"] = "warn"
    regression_file: str = "budgets/regression.toml"  # minimum practical changes, samples needed
