"""pytest wiring for the browsers the suite starts: the system Chromium (never Playwright's own
downloads), a private CA it trusts, and the [access] headers in every Playwright context."""

from __future__ import annotations

import os
import shutil
import types
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import pytest

from postdeploy.access import access_for
from postdeploy.browser_trust import TrustError, browser_home
from postdeploy.tools import CHROMIUM_FLAGS, ToolMissing, require_chromium

if TYPE_CHECKING:
    from postdeploy.profile import TargetProfile

LATE_PLUGIN = "postdeploy-late-overrides"


def pytest_configure(config: pytest.Config) -> None:
    register_late_overrides(config)


@pytest.fixture(scope="session")
def chromium_path(pytestconfig: pytest.Config) -> str:
    """The system Chromium; Playwright's own browser downloads are not used."""
    try:
        return require_chromium(pytestconfig.getoption("chromium"))
    except ToolMissing as exc:
        pytest.exit(f"postdeploy: {exc}", returncode=4)


@pytest.fixture(scope="session")
def chromium_env(target_profile: TargetProfile, target_env: Mapping[str, str]) -> Iterator[dict[str, str]]:
    """Extra environment for every Chromium we start: with a private CA, a HOME whose NSS database
    trusts it (see postdeploy.browser_trust); otherwise nothing."""
    ca_bundle = target_profile.tls.ca_bundle(target_env)
    if ca_bundle is None:
        yield {}
        return
    try:
        home = browser_home(ca_bundle, target_profile.tls.ca_bundle_env)
    except TrustError as exc:
        pytest.exit(f"postdeploy: {exc}", returncode=4)
    try:
        yield {"HOME": str(home)}
    finally:
        shutil.rmtree(home, ignore_errors=True)


def system_chromium_launch_args(
    browser_type_launch_args: dict[str, Any],
    browser_name: str | None,
    request: pytest.FixtureRequest,
) -> dict[str, Any]:
    """pytest-playwright's launch args, pointed at the system Chromium with flags that work as root.
    Another browser (`--browser firefox`) keeps pytest-playwright's own arguments."""
    if browser_name not in (None, "chromium"):
        return browser_type_launch_args
    chromium_path: str = request.getfixturevalue("chromium_path")
    chromium_env: dict[str, str] = request.getfixturevalue("chromium_env")
    args = list(browser_type_launch_args.get("args", []))
    args += [flag for flag in CHROMIUM_FLAGS if flag not in args]
    launch = {**browser_type_launch_args, "executable_path": chromium_path, "args": args}
    if chromium_env:
        launch["env"] = {**os.environ, **browser_type_launch_args.get("env", {}), **chromium_env}
    return launch


def target_new_context(
    new_context: Callable[..., Any], base_url: str | None, target_profile: TargetProfile, target_env: Mapping[str, str]
) -> Callable[..., Any]:
    """pytest-playwright's `new_context` (and so `context` and `page`), with the [access] headers
    added to the target's requests only (see postdeploy.browser_access)."""
    if not base_url:
        return new_context
    from postdeploy.browser_access import attach_target_headers

    access = access_for(target_profile, target_env, base_url)

    def make(**kwargs: Any) -> Any:
        context = new_context(**kwargs)
        attach_target_headers(context, access)
        return context

    return make


def register_late_overrides(config: pytest.Config) -> None:
    """Override pytest-playwright's `browser_type_launch_args` and `new_context` from a plugin
    registered late.

    A fixture defined in a plugin module would lose to pytest-playwright's whenever its entry point
    loads after ours (that order is not fixed); a plugin registered during configure comes after
    every entry point, so the override always applies (and `new_context` can wrap theirs).
    """
    if config.pluginmanager.has_plugin(LATE_PLUGIN):
        return
    holder = types.ModuleType(LATE_PLUGIN)
    launch = pytest.fixture(scope="session", name="browser_type_launch_args")(system_chromium_launch_args)
    holder.browser_type_launch_args = launch  # type: ignore[attr-defined]
    holder.new_context = pytest.fixture(name="new_context")(target_new_context)  # type: ignore[attr-defined]
    config.pluginmanager.register(holder, LATE_PLUGIN)
