"""Profile section the perf layer reads: Lighthouse URLs, runs, preset and budget files."""

from __future__ import annotations

from pydantic import Field

from postdeploy.profile.smoke import Strict


class PerfSettings(Strict):
    urls: list[str] = Field(default_factory=lambda: ["/"])
    runs: int = Field(default=3, ge=1, le=10)
    preset: str = "desktop"
    throttling_method: str = "simulate"
    budget_file: str | None = "budgets/lighthouse.json"
    assertions_file: str | None = "budgets/lighthouse-assertions.json"
    timeout_s: int = 120
