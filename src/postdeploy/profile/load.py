"""Profile section the load layer reads: allowlisted hosts, bounds, user weights, SLA file."""

from __future__ import annotations

from pydantic import Field

from postdeploy.profile.smoke import Strict


class LoadSettings(Strict):
    allowed_hosts: list[str] = Field(default_factory=lambda: ["127.0.0.1", "localhost"])
    max_users: int = Field(default=200, ge=1)
    max_duration_s: int = Field(default=900, ge=1)
    sla_file: str = "budgets/load.toml"
    weights: dict[str, int] = Field(default_factory=dict)
