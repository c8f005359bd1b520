"""pytest wiring for the report layer: Allure labels and severities, run context, network retries.

Every test gets epic = layer, feature = area (its module), story = check (its function) and a
severity, unless it declares its own. Only transient network errors are retried
(pytest-rerunfailures), so an assertion never passes by being asked twice.
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path

import allure
import pytest
from allure_commons.model2 import StatusDetails

from postdeploy.access import access_for
from postdeploy.layers import BROWSER_LAYERS, LAYERS
from postdeploy.plugins.keys import loaded_profile, run_env
from postdeploy.report.categories import ASSERTION_ERROR_PATTERNS, TRANSIENT_ERROR_PATTERNS
from postdeploy.report.context import (
    RunContext,
    chromium_version,
    deployed_version,
    git_commit,
    lighthouse_version,
    write_categories_json,
    write_environment_properties,
    write_executor_json,
)
from postdeploy.report.labels import area_key, area_title, check_title, default_severity, severity_from_failure
from postdeploy.tools import find_chromium

LABEL_MARK = "allure_label"
EXPLICIT_SEVERITY = pytest.StashKey[bool]()
CALL_PASSED = pytest.StashKey[bool]()
LAYERS_SEEN = pytest.StashKey[set[str]]()
LAYERS_REPORTED = pytest.StashKey[set[str]]()


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    configure_network_reruns(config)
    config.pluginmanager.register(LayerTracker(config), "postdeploy-report-layers")


def configure_network_reruns(config: pytest.Config) -> None:
    """Turn on pytest-rerunfailures for network errors only, unless the user configured it."""
    option = config.option
    if not hasattr(option, "only_rerun"):
        return  # pytest-rerunfailures is not installed or disabled (-p no:rerunfailures)
    if option.reruns is None and not config.getini("reruns") and option.force_reruns is None:
        option.reruns = max(0, config.getoption("network_reruns"))
        if option.reruns_delay is None and not config.getini("reruns_delay"):
            option.reruns_delay = 1.0
    if option.only_rerun is None and not config.getini("only_rerun"):
        option.only_rerun = list(TRANSIENT_ERROR_PATTERNS)
    if option.rerun_except is None and not config.getini("rerun_except"):
        option.rerun_except = list(ASSERTION_ERROR_PATTERNS)


def layer_of(item: pytest.Item) -> str | None:
    for layer in LAYERS:
        if item.get_closest_marker(layer) is not None:
            return layer
    parts = item.path.parts
    return next((part for part in reversed(parts[:-1]) if part in LAYERS), None)


def _declared_labels(item: pytest.Item) -> set[str]:
    return {str(mark.kwargs.get("label_type")) for mark in item.iter_markers(LABEL_MARK)}


@pytest.hookimpl(trylast=True)  # after the suite's conftest has put the layer markers on
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    seen: set[str] = set()
    for item in items:
        layer = layer_of(item)
        if layer is None:
            continue
        seen.add(layer)
        declared = _declared_labels(item)
        area = area_key(item.path.name)
        function = getattr(item, "originalname", item.name)
        labels = {"epic": layer, "feature": area_title(area), "story": check_title(function)}
        for label_type, value in labels.items():
            if label_type not in declared:
                item.add_marker(pytest.mark.allure_label(value, label_type=label_type))
        item.stash[EXPLICIT_SEVERITY] = "severity" in declared
        if "severity" not in declared:
            item.add_marker(pytest.mark.allure_label(default_severity(area), label_type="severity"))
    config.stash[LAYERS_SEEN] = seen


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    # A check's docstring says what it verifies better than its function name does.
    doc = getattr(getattr(item, "obj", None), "__doc__", None)
    explicit = getattr(getattr(item, "obj", None), "__allure_display_name__", None)
    if doc and not explicit and layer_of(item):
        title = doc.strip().splitlines()[0].strip().rstrip(".")
        params = item.name[len(getattr(item, "originalname", item.name)) :]
        allure.dynamic.title(f"{title} {params}".strip())  # type: ignore[no-untyped-call]
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.failed and call.when == "call" and not item.stash.get(EXPLICIT_SEVERITY, True):
        # A failed check is as severe as the worst finding it reports ("[high] csp.…").
        severity = severity_from_failure(report.longreprtext)
        if severity:
            item.add_marker(pytest.mark.allure_label(severity, label_type="severity"), append=False)
    if call.when == "call":
        item.stash[CALL_PASSED] = report.passed
    attempt = int(getattr(item, "execution_count", 1))
    if call.when == "teardown" and attempt > 1 and item.stash.get(CALL_PASSED, False):
        mark_flaky(item, f"passed on attempt {attempt}, after a transient network error")
    return report


def mark_flaky(item: pytest.Item, message: str) -> None:
    """Flag the Allure result of a retried-then-passed check as flaky (Allure reads statusDetails.flaky).

    allure-pytest has no public API for this, hence the guarded reach into its listener.
    """
    listener = item.config.pluginmanager.get_plugin("allure_listener")
    cache = getattr(listener, "_cache", None)
    logger = getattr(listener, "allure_logger", None)
    if cache is None or logger is None:
        return
    result = logger.get_test(cache.get(item.nodeid))
    if result is not None:
        result.statusDetails = StatusDetails(message=message, flaky=True)


class LayerTracker:
    """Which layers ran, from the test reports: an xdist controller collects nothing itself."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when != "call":
            return
        path_parts = report.nodeid.split("::", 1)[0].split("/")[:-1]
        layer = next((part for part in reversed(path_parts) if part in LAYERS), None)
        if layer:
            self.config.stash.setdefault(LAYERS_REPORTED, set()).add(layer)


def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    results = getattr(config.option, "allure_report_dir", None)
    if not results or hasattr(config, "workerinput"):  # xdist workers leave this to the controller
        return
    write_run_context(config, Path(results))


def write_run_context(config: pytest.Config, results_dir: Path) -> None:
    """environment.properties, executor.json (in CI) and categories.json next to the results."""
    profile = loaded_profile(config)
    env = run_env(config)
    base_url = config.getoption("base_url", default=None) or ""
    seen: set[str] = config.stash.get(LAYERS_SEEN, set())
    reported: set[str] = config.stash.get(LAYERS_REPORTED, set())
    layers = seen | reported
    browser = None
    if layers & BROWSER_LAYERS:
        browser = chromium_version(find_chromium(config.getoption("chromium", default=None)))
    context = RunContext(
        target=profile.name,
        base_url=base_url or "not set",
        environment=profile.environment,
        deployed_version=deployed_version(
            access_for(profile, env, base_url), profile.health.path, version_field=profile.health.version_field
        )
        if base_url
        else None,
        expected_version=profile.expected_version(env),
        browser=browser,
        lighthouse=lighthouse_version(config.rootpath),
        commit=git_commit(env, config.rootpath),
        layers=tuple(layer for layer in LAYERS if layer in layers),
    )
    write_environment_properties(results_dir, context)
    write_executor_json(results_dir, env)
    write_categories_json(results_dir)
