"""Profile section the perf layer reads: Lighthouse URLs, runs, preset, throttling and budget files."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from postdeploy.profile.smoke import Strict

Category = Literal["performance", "accessibility", "best-practices", "seo"]


class PerfSettings(Strict):
    # Paths (or absolute URLs) Lighthouse audits; each gets its own budget-line test results.
    urls: list[str] = Field(default_factory=lambda: ["/"])
    # Runs per URL; assertions aggregate over them (LHCI's optimistic/pessimistic/median/median-run).
    runs: int = Field(default=3, ge=1, le=30)
    preset: Literal["desktop", "mobile"] = "desktop"
    # `simulate` (Lantern) is the stable choice on shared CI machines; `devtools`/`provided` measure.
    throttling_method: Literal["simulate", "devtools", "provided"] = "simulate"
    # Categories to run; empty means "only the ones the budget lines need".
    categories: list[Category] = Field(default_factory=list)
    budget_file: str | None = "budgets/lighthouse.json"
    assertions_file: str | None = "budgets/lighthouse-assertions.json"
    timeout_s: int = Field(default=120, ge=10)
    # Extra attempts when a run ends in a runtime error (NO_FCP, protocol timeout…).
    retries: int = Field(default=1, ge=0, le=5)
    # One plain GET per URL before its runs, so a cold server start is not what gets measured.
    warm_up: bool = True
    # What a regression since the baseline (`--baseline DIR`) does: fail the test, pass it with a
    # visible warning, or skip the comparison. With a baseline, runs rise to the gate's min_samples.
    regression: Literal["fail", "warn", "off"] = "warn"
    regression_file: str = "budgets/regression.toml"  # minimum practical changes, samples needed
