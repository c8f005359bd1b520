"""pytest wiring for the perf layer: budget lines as test parameters and one Lighthouse session per run.

Lighthouse runs once per URL per session (lazily, on the first test that needs the URL), so the
many budget-line tests of a URL share its runs. Bad budget files and a missing Lighthouse or
Chromium end the run with one line and exit code 4.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
import pytest

from postdeploy.access import VERCEL_BYPASS_HEADER, TargetAccess
from postdeploy.budgets import BudgetError, BudgetLine, combined_options, lines_for_url, load_assertions, load_budgets
from postdeploy.budgets.assertions import split_assertion_key
from postdeploy.budgets.audits import category_of
from postdeploy.lighthouse import LighthouseSetupError, RunSettings, UrlRuns, find_lighthouse, reports_dir, run_url
from postdeploy.plugins.keys import profile_for
from postdeploy.plugins.regression import gate_runs
from postdeploy.profile import TargetProfile

PLACEHOLDER_BASE = "http://target.invalid/"


@dataclass(frozen=True)
class PerfCase:
    """One budget line on one URL: the parameter of a budget-line test."""

    path: str
    line: BudgetLine

    @property
    def id(self) -> str:
        return f"{self.line.label} on {self.path}"


@dataclass
class BudgetPlan:
    """What the perf layer checks: the lines per URL path, or the reason the budget files are unusable."""

    cases: list[PerfCase]
    categories: tuple[str, ...]
    error: str | None = None


# Plans by profile: one per run, unless a conftest overrides target_profile for some tests.
PLANS_KEY = pytest.StashKey[dict[int, BudgetPlan]]()


def full_url(base_url: str, path: str) -> str:
    return path if urlsplit(path).scheme else urljoin(base_url.rstrip("/") + "/", path.lstrip("/"))


def build_plan(profile: TargetProfile, base_url: str, root: Path) -> BudgetPlan:
    """Budget lines for every profile URL; a bad budget file becomes `error`, not an exception."""
    perf = profile.perf
    try:
        budgets = load_budgets(root / perf.budget_file) if perf.budget_file else None
        assertions = load_assertions(root / perf.assertions_file) if perf.assertions_file else None
    except BudgetError as exc:
        return BudgetPlan([], (), str(exc))
    sources = [s for s, on in ((perf.budget_file, budgets), (perf.assertions_file, assertions)) if on]
    option_sets = combined_options(budgets, assertions)
    cases = [
        PerfCase(path, line)
        for path in perf.urls
        for line in lines_for_url(full_url(base_url, path), option_sets, [str(s) for s in sources])
    ]
    categories = tuple(perf.categories) or _needed_categories(cases)
    return BudgetPlan(cases, categories)


def _needed_categories(cases: list[PerfCase]) -> tuple[str, ...]:
    needed = {"performance"}  # the run test reports Core Web Vitals even with no perf line
    for case in cases:
        audit_id, prop = split_assertion_key(case.line.key)
        needed.add(prop[0] if audit_id == "categories" and prop else category_of(audit_id))
    order = ("performance", "accessibility", "best-practices", "seo")
    return tuple(c for c in order if c in needed)


def plan_of(config: pytest.Config, profile: TargetProfile) -> BudgetPlan:
    plans = config.stash.setdefault(PLANS_KEY, {})
    if id(profile) not in plans:
        base_url = config.getoption("base_url", default=None) or PLACEHOLDER_BASE
        plans[id(profile)] = build_plan(profile, base_url, config.rootpath)
    return plans[id(profile)]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "budget_case" in metafunc.fixturenames:
        cases = plan_of(metafunc.config, profile_for(metafunc)).cases
        metafunc.parametrize("budget_case", cases, ids=[c.id for c in cases])
    if "perf_path" in metafunc.fixturenames:
        paths = profile_for(metafunc).perf.urls
        metafunc.parametrize("perf_path", paths, ids=paths)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # After -m deselection: a broken budget file only matters when perf tests will run.
    uses_budgets = any("budget_case" in getattr(item, "fixturenames", ()) for item in items)
    errors = [plan.error for plan in config.stash.get(PLANS_KEY, {}).values() if plan.error]
    if uses_budgets and errors:
        raise pytest.UsageError(errors[0])


class LighthouseSession:
    """Runs Lighthouse on demand, once per URL path, and remembers the results for the session."""

    def __init__(
        self, exe: list[str], settings: RunSettings, runs: int, base_url: str, env: Mapping[str, str],
        progress: Callable[[str], None], client: httpx.Client,
    ) -> None:  # fmt: skip
        self.exe, self.settings, self.runs, self.base_url, self.env = exe, settings, runs, base_url, env
        self.progress, self.client = progress, client
        self.results: dict[str, UrlRuns] = {}

    def __call__(self, path: str) -> UrlRuns:
        if path not in self.results:
            url = full_url(self.base_url, path)
            try:
                self.results[path] = run_url(
                    self.exe, url, self.runs, self.settings, reports_dir(self.env), self.env, self.progress, self.client
                )
            except LighthouseSetupError as exc:
                pytest.exit(f"postdeploy: {exc}", returncode=4)
        return self.results[path]


def _progress_writer(config: pytest.Config) -> Callable[[str], None]:
    capture = config.pluginmanager.get_plugin("capturemanager")

    def write(line: str) -> None:
        # Live progress, outside pytest's capture: a Lighthouse run takes seconds, not milliseconds.
        if capture is not None:
            with capture.global_and_fixture_disabled():
                print(f"\npostdeploy: {line}", file=sys.stderr, flush=True)
        else:
            print(f"postdeploy: {line}", file=sys.stderr, flush=True)

    return write


@pytest.fixture(scope="session")
def lighthouse_runs(
    pytestconfig: pytest.Config, target_profile: TargetProfile, target_env: Mapping[str, str], base_url: str,
    chromium_path: str, chromium_env: dict[str, str], target_access: TargetAccess,
) -> Iterator[LighthouseSession]:  # fmt: skip
    """`lighthouse_runs("/browse")` → that URL's runs (Lighthouse runs at most once per URL per session)."""
    perf = target_profile.perf
    try:
        exe = find_lighthouse(target_env, pytestconfig.rootpath)
    except LighthouseSetupError as exc:
        pytest.exit(f"postdeploy: {exc}", returncode=4)
    settings = RunSettings(
        chrome_path=chromium_path,
        preset=perf.preset,
        throttling_method=perf.throttling_method,
        categories=plan_of(pytestconfig, target_profile).categories,
        timeout_s=perf.timeout_s,
        retries=perf.retries,
        warm_up=perf.warm_up,
        **lighthouse_access(target_access),
    )
    env = {**target_env, **chromium_env}  # a private CA's browser home reaches Chrome through Lighthouse
    runs = gate_runs(pytestconfig, perf.runs)  # the regression gate may need more runs than the budgets
    with target_access.client(timeout=perf.timeout_s) as client:
        yield LighthouseSession(exe, settings, runs, base_url, env, _progress_writer(pytestconfig), client)


def lighthouse_access(access: TargetAccess) -> dict[str, Any]:
    """How Lighthouse's browser gets through the target's wall. Vercel's bypass becomes a cookie on
    the target's origin (the secret itself never leaves the suite's own request). Any other access
    header can only go through `--extra-headers`, which Lighthouse sends to EVERY origin the page
    loads: documented in the README, and the value is masked in Lighthouse's output."""
    headers = {name: value for name, value in access.headers.items() if name.lower() != VERCEL_BYPASS_HEADER}
    cookies = access.bypass_cookies() if access.vercel_bypass else []
    if access.vercel_bypass and not cookies:
        pytest.exit(f"postdeploy: {access.base_url} set no bypass cookie for Lighthouse's browser", returncode=4)
    return {
        "origin": access.origin,
        "cookies": tuple(cookies),
        "extra_headers": tuple(headers.items()),
        "secrets": tuple([*access.secrets, *(value for _, value in cookies)]),
    }
