"""The pytest plugin: options, the loaded profile, the HTTP client, browser args and the safety gate.

Registered by entry point, so `pytest -m smoke --base-url=…` works from any folder that has tests.
This is the only core-adjacent module that imports pytest; checks stay in the core library.
"""

from __future__ import annotations

import os
import re
import shutil
import ssl
import sys
import time
import types
from collections.abc import Generator, Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from postdeploy.browser_trust import TrustError, browser_home
from postdeploy.evidence import Evidence
from postdeploy.http import describe_transport_error, make_client, verification
from postdeploy.profile import ProfileError, TargetProfile, load_profile, merged_environment
from postdeploy.redact import Redactor, secret_values

# Layer wiring lives in its own modules, one per layer, so each can grow without touching this one.
pytest_plugins = [
    "postdeploy.plugins.smoke",
    "postdeploy.plugins.security",
    "postdeploy.plugins.e2e",
    "postdeploy.plugins.perf",
    "postdeploy.plugins.regression",
    "postdeploy.plugins.report",
]

LAYERS = ("smoke", "security", "e2e", "perf")
MARKERS = {
    "smoke": "post-deploy verdict: health, version, pages, redirects, TLS, caching",
    "security": "headers, CSP, cookies, CORS, exposure, auth guards, webhooks, rate limits",
    "e2e": "Playwright critical flows in a real Chromium",
    "perf": "Lighthouse runs checked against budgets",
    "destructive": "writes data on the target; skipped on production without --allow-destructive",
}
MARK_EXPRESSION_WORDS = frozenset({"and", "or", "not"})
PROFILE_KEY = pytest.StashKey[TargetProfile]()
ENV_KEY = pytest.StashKey[dict[str, str]]()
REDACTOR_KEY = pytest.StashKey[Redactor]()

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = [
    "--no-sandbox",  # CI and these machines run as root
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",  # no phoning home: the network is closed here
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("postdeploy", "post-deploy verification")
    group.addoption(
        "--target",
        default=os.environ.get("POSTDEPLOY_TARGET"),
        metavar="PATH",
        help="target profile (TOML); default: $POSTDEPLOY_TARGET, else a built-in generic profile",
    )
    group.addoption(
        "--allow-destructive",
        action="store_true",
        default=os.environ.get("POSTDEPLOY_ALLOW_DESTRUCTIVE", "") in ("1", "true", "yes"),
        help="run tests that write data (signup, booking, checkout) even when the target is production",
    )
    group.addoption(
        "--wait-ready",
        type=float,
        default=float(os.environ.get("POSTDEPLOY_WAIT_READY", "0") or 0),
        metavar="SECONDS",
        help="poll the health endpoint for up to SECONDS before any check runs (replaces `sleep 60`)",
    )
    group.addoption(
        "--chromium",
        default=os.environ.get("POSTDEPLOY_CHROMIUM") or os.environ.get("CHROME_PATH"),
        metavar="PATH",
        help="Chromium executable for e2e and perf (default: $POSTDEPLOY_CHROMIUM, $CHROME_PATH, then PATH)",
    )


@pytest.hookimpl(trylast=True)  # after other plugins registered their markers
def pytest_configure(config: pytest.Config) -> None:
    # Registered here too (not only in the suite's pyproject) so any project using the plugin has them.
    for name, description in MARKERS.items():
        config.addinivalue_line("markers", f"{name}: {description}")
    check_mark_expression(config)
    register_system_chromium(config)
    env = merged_environment()
    try:
        profile = load_profile(config.getoption("target"), env=env)
    except ProfileError as exc:
        raise pytest.UsageError(str(exc)) from None
    config.stash[PROFILE_KEY] = profile
    config.stash[ENV_KEY] = env
    names = [profile.e2e.password_env, profile.security.webhook_secret_env, profile.auth_header_env]
    config.stash[REDACTOR_KEY] = Redactor(secret_values(env, names))

    base_url = config.getoption("base_url", default=None)
    if base_url:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise pytest.UsageError(
                f"--base-url {base_url!r} is not an absolute http(s) URL (did you mean https://{base_url}?)"
            )


def check_mark_expression(config: pytest.Config) -> None:
    """`-m smok` would silently select nothing (exit 5); a typo deserves one clear line instead."""
    expression = config.getoption("markexpr", default="") or ""
    if not expression:
        return
    known = {line.split(":")[0].split("(")[0].strip() for line in config.getini("markers")}
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", expression)) - MARK_EXPRESSION_WORDS
    unknown = sorted(words - known)
    if unknown:
        raise pytest.UsageError(
            f"unknown marker {unknown[0]!r} in -m {expression!r} (known: {', '.join(sorted(MARKERS))})"
        )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    layered = [item for item in items if any(item.get_closest_marker(m) for m in LAYERS)]
    if layered and not config.getoption("base_url", default=None):
        raise pytest.UsageError("no target: pass --base-url=https://your.site or set PYTEST_BASE_URL")


def tls_verification(profile: TargetProfile, env: Mapping[str, str]) -> bool | ssl.SSLContext:
    """A private CA (the demo's HTTPS variant, an internal staging CA) is trusted when the profile's
    env var names a bundle; otherwise the system store decides."""
    return verification(profile.tls.ca_bundle(env))


def pytest_sessionstart(session: pytest.Session) -> None:
    config = session.config
    seconds = config.getoption("wait_ready")
    base_url = config.getoption("base_url", default=None)
    if seconds and base_url:
        profile = config.stash[PROFILE_KEY]
        env: dict[str, str] = config.stash[ENV_KEY]
        verify = tls_verification(profile, env)
        wait_until_ready(base_url, profile.health.path, seconds, verify=verify)


def wait_until_ready(base_url: str, health_path: str, seconds: float, verify: bool | ssl.SSLContext = True) -> bool:
    """Poll the health endpoint until it answers 200 or `seconds` pass; progress goes to stderr."""
    deadline = time.monotonic() + seconds
    attempt = 0
    with make_client(base_url, timeout=5.0, connect_retries=0, verify=verify) as client:
        while True:
            attempt += 1
            try:
                status = client.get(health_path).status_code
                reason = f"HTTP {status}"
                if status == 200:
                    print(f"postdeploy: {base_url} ready after {attempt} poll(s)", file=sys.stderr)
                    return True
            except httpx.TransportError as exc:
                reason = describe_transport_error(exc)
            left = deadline - time.monotonic()
            if left <= 0:
                print(f"postdeploy: {base_url} not ready after {seconds:.0f}s ({reason})", file=sys.stderr)
                return False
            print(f"postdeploy: waiting for {base_url}{health_path}: {reason}", file=sys.stderr)
            time.sleep(min(2.0, left))


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("destructive") is None:
        return
    profile = item.config.stash[PROFILE_KEY]
    if profile.environment == "production" and not item.config.getoption("allow_destructive"):
        pytest.skip(
            f"destructive test skipped: target {profile.name!r} is production (pass --allow-destructive to opt in)"
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    # A target that never answered is a failed check with one line, not a traceback.
    if report.failed and call.excinfo is not None and isinstance(call.excinfo.value, httpx.TransportError):
        report.longrepr = describe_transport_error(call.excinfo.value)
    return report


# -- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def target_profile(pytestconfig: pytest.Config) -> TargetProfile:
    """The loaded target profile (the built-in generic one when no --target is given)."""
    return pytestconfig.stash[PROFILE_KEY]


@pytest.fixture(scope="session")
def target_env(pytestconfig: pytest.Config) -> Mapping[str, str]:
    """The process environment over `.env`: where credentials and the expected version come from."""
    env: dict[str, str] = pytestconfig.stash[ENV_KEY]
    return env


@pytest.fixture(scope="session")
def redactor(pytestconfig: pytest.Config) -> Redactor:
    return pytestconfig.stash[REDACTOR_KEY]


@pytest.fixture(scope="session")
def evidence(redactor: Redactor) -> Evidence:
    """Attach redacted evidence (exchanges, findings, text) to the report."""
    return Evidence(redactor)


@pytest.fixture(scope="session")
def tls_verify(target_profile: TargetProfile, target_env: Mapping[str, str]) -> bool | ssl.SSLContext:
    """How every client that sends credentials or judges the target verifies its certificate:
    the system store, or the profile's CA bundle. One context for the run (loading one costs ~70 ms)."""
    return tls_verification(target_profile, target_env)


@pytest.fixture(scope="session")
def http(
    base_url: str, target_profile: TargetProfile, target_env: Mapping[str, str], tls_verify: bool | ssl.SSLContext
) -> Iterator[httpx.Client]:
    """An httpx client bound to the target; connection set-up retried, redirects not followed."""
    with make_client(base_url, timeout=target_profile.http_timeout_s, verify=tls_verify) as client:
        if auth := target_env.get(target_profile.auth_header_env):
            client.headers["Authorization"] = auth
        yield client


@pytest.fixture(scope="session")
def chromium_path(pytestconfig: pytest.Config) -> str:
    """The system Chromium; Playwright's own browser downloads are not used."""
    given = pytestconfig.getoption("chromium")
    found = given if given and os.path.exists(given) else None
    if not given:
        found = next((p for p in map(shutil.which, CHROMIUM_CANDIDATES) if p), None)
    if not found:
        where = f" at {given}" if given else " on PATH"
        pytest.exit(
            f"postdeploy: Chromium not found{where}: install it (apt-get install chromium) "
            "or set POSTDEPLOY_CHROMIUM=/path/to/chromium",
            returncode=4,
        )
    return str(found)


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
    browser_type_launch_args: dict[str, Any], chromium_path: str, chromium_env: dict[str, str]
) -> dict[str, Any]:
    """pytest-playwright's launch args, pointed at the system Chromium with flags that work as root."""
    args = list(browser_type_launch_args.get("args", []))
    args += [flag for flag in CHROMIUM_FLAGS if flag not in args]
    launch = {**browser_type_launch_args, "executable_path": chromium_path, "args": args}
    if chromium_env:
        launch["env"] = {**os.environ, **browser_type_launch_args.get("env", {}), **chromium_env}
    return launch


SYSTEM_CHROMIUM_PLUGIN = "postdeploy-system-chromium"


def register_system_chromium(config: pytest.Config) -> None:
    """Override pytest-playwright's `browser_type_launch_args` from a plugin registered late.

    A fixture defined in this module would lose to pytest-playwright's whenever its entry point
    loads after ours (that order is not fixed); a plugin registered during configure comes after
    every entry point, so the override always applies.
    """
    if config.pluginmanager.has_plugin(SYSTEM_CHROMIUM_PLUGIN):
        return
    holder = types.ModuleType(SYSTEM_CHROMIUM_PLUGIN)
    fixture = pytest.fixture(scope="session", name="browser_type_launch_args")(system_chromium_launch_args)
    holder.browser_type_launch_args = fixture  # type: ignore[attr-defined]
    config.pluginmanager.register(holder, SYSTEM_CHROMIUM_PLUGIN)
