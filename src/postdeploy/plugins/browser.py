"""pytest wiring for the browsers the suite starts: the system Chromium (never Playwright's own
downloads), a private CA it trusts, and the [access] headers in every Playwright context."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import types
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from postdeploy.access import TargetAccess, access_for
from postdeploy.browser_trust import TrustError, browser_home
from postdeploy.plugins.keys import loaded_profile, run_env
from postdeploy.tools import CHROMIUM_FLAGS, ToolMissing, require_chromium

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

    from postdeploy.profile import TargetProfile

LATE_PLUGIN = "postdeploy-late-overrides"


@dataclass(frozen=True)
class BrowserAccess:
    """What opens the target's wall for a browser context (see postdeploy.browser_access)."""

    access: TargetAccess
    bypass_cookies: tuple[tuple[str, str], ...] = field(repr=False)  # cookie values open the wall

    def attach(self, context: BrowserContext) -> None:
        from postdeploy.browser_access import attach_target_headers

        attach_target_headers(context, self.access, self.bypass_cookies)


def pytest_configure(config: pytest.Config) -> None:
    register_late_overrides(config)
    # Playwright's own requests (route.fetch, context.request) run in its Node driver, which does not
    # read Chromium's NSS database: it needs the private CA too.
    ca_bundle = loaded_profile(config).tls.ca_bundle(run_env(config))
    # A bundle that is not a file is the core plugin's usage error (one line, exit 4), not ours.
    if ca_bundle and os.path.isfile(ca_bundle):
        os.environ["NODE_EXTRA_CA_CERTS"] = node_extra_ca_certs(ca_bundle, os.environ.get("NODE_EXTRA_CA_CERTS"))


def node_extra_ca_certs(ca_bundle: str, already: str | None) -> str:
    """Node reads one file of extra CAs: the bundle, or the bundle after the file already named
    (a machine may set NODE_EXTRA_CA_CERTS to its own roots), joined into a file of this run."""
    if not already or not os.path.isfile(already):
        return ca_bundle
    handle, joined = tempfile.mkstemp(prefix="postdeploy-node-ca-", suffix=".pem")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        for source in (already, ca_bundle):
            out.write(Path(source).read_text(encoding="utf-8", errors="replace").rstrip() + "\n")
    atexit.register(os.remove, joined)
    return joined


@pytest.fixture(scope="session")
def browser_access(
    base_url: str | None, target_profile: TargetProfile, target_env: Mapping[str, str]
) -> BrowserAccess | None:
    """The target's access for browsers, the bypass cookie fetched once per run; None without a target."""
    if not base_url:
        return None
    access = access_for(target_profile, target_env, base_url)
    return BrowserAccess(access, tuple(access.bypass_cookies()))


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


def target_new_context(new_context: Callable[..., Any], browser_access: BrowserAccess | None) -> Callable[..., Any]:
    """pytest-playwright's `new_context` (and so `context` and `page`), with the target's [access]
    on the target's origin only (see postdeploy.browser_access)."""
    if browser_access is None:
        return new_context
    wall = browser_access

    def make(**kwargs: Any) -> Any:
        context = new_context(**kwargs)
        wall.attach(context)
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
