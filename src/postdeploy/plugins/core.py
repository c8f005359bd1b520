"""The fixtures and hooks every layer shares: the profile, the environment, evidence, how to reach the
target, the destructive gate, the wall check before the first request. Registered only in a
postdeploy run (see postdeploy.plugin)."""

from __future__ import annotations

import signal
import sys
import threading
import time
from collections.abc import Generator, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from postdeploy.access import ProtectedTarget, TargetAccess, access_for, describe_transport_error
from postdeploy.evidence import Evidence
from postdeploy.layers import PYTEST_LAYERS
from postdeploy.plugins.keys import LAYERS_KEY, loaded_profile, profile_for, redactor_of, run_env
from postdeploy.plugins.prefetching import HTTP_PLANNERS_KEY, prefetching_client, write_summary
from postdeploy.plugins.verdict import Verdict
from postdeploy.prefetch import PlannedFetch
from postdeploy.suite_path import layer_of_path

if TYPE_CHECKING:
    from postdeploy.profile import TargetProfile
    from postdeploy.redact import Redactor


def pytest_configure(config: pytest.Config) -> None:
    stop_on_sigterm()


def stop_on_sigterm() -> None:
    """A CI cancel sends SIGTERM after SIGINT. pytest's default ends the process on the spot, which
    would orphan what the run started (a Lighthouse run in its own session, a browser); as a
    KeyboardInterrupt it unwinds like Ctrl-C, through every clean-up."""
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """A shipped layer that `-m` cannot select is not collected at all (its modules, and what they
    import, stay unloaded), rather than collected and deselected."""
    layer = layer_of_path(collection_path)
    if layer is None or collection_path.is_file() or collection_path.name != layer:
        return None
    return True if layer not in config.stash.get(LAYERS_KEY, frozenset(PYTEST_LAYERS)) else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        layer = layer_of_path(item.path)  # the shipped checks carry their folder's marker
        if layer and item.get_closest_marker(layer) is None:
            item.add_marker(getattr(pytest.mark, layer))
    layered = [item for item in items if any(item.get_closest_marker(m) for m in PYTEST_LAYERS)]
    if layered and not config.getoption("base_url", default=None):
        raise pytest.UsageError("no target: pass --base-url=https://your.site or set PYTEST_BASE_URL")


def pytest_sessionstart(session: pytest.Session) -> None:
    """Before any check: wait for the target when asked, then make sure the suite gets through
    its wall. A 401 to the suite's own requests stops the run with one line (exit 4), rather
    than failing every check for one reason (and passing the auth guards for the wrong one)."""
    config = session.config
    base_url = config.getoption("base_url", default=None)
    if not base_url:
        return
    profile = loaded_profile(config)
    access = access_for(profile, run_env(config), base_url)
    try:
        seconds = config.getoption("wait_ready")
        if seconds:
            wait_until_ready(access, profile.health.path, seconds)
        access.preflight()
    except ProtectedTarget as exc:
        raise pytest.UsageError(str(exc)) from None
    except OSError as exc:  # an unreadable CA bundle: the trust store could not be built
        name = profile.tls.ca_bundle_env
        raise pytest.UsageError(f"{name}: cannot use {access.ca_bundle} as a CA bundle ({exc})") from None


def wait_until_ready(access: TargetAccess, health_path: str, seconds: float) -> bool:
    """Poll the health endpoint until it answers 200 or `seconds` pass; progress goes to stderr.
    A wall (401) is not "not ready yet": it raises ProtectedTarget at once."""
    deadline = time.monotonic() + seconds
    attempt = 0
    base_url = access.base_url
    with access.client(timeout=5.0, connect_retries=0) as client:
        while True:
            attempt += 1
            try:
                response = client.get(health_path)
                refusal = access.refusal(response)
                if refusal:
                    raise ProtectedTarget(refusal)
                reason = f"HTTP {response.status_code}"
                if response.status_code == 200:
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
    profile = profile_for(item)
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
    """The loaded target profile (the built-in generic one when no profile is named).

    Override it in a conftest to adjust the profile in code; the suite's parametrization and the
    destructive gate follow the override (see postdeploy.plugins.keys.profile_for)."""
    return loaded_profile(pytestconfig)


@pytest.fixture(scope="session")
def target_env(pytestconfig: pytest.Config) -> Mapping[str, str]:
    """The process environment over `.env`: where credentials and the expected version come from."""
    return run_env(pytestconfig)


@pytest.fixture(scope="session")
def redactor(pytestconfig: pytest.Config) -> Redactor:
    return redactor_of(pytestconfig)


@pytest.fixture(scope="session")
def verdict(evidence: Evidence, target_profile: TargetProfile) -> Verdict:
    """Findings to outcome, the same in every layer; the profile's accepted findings are set aside."""
    return Verdict(evidence, target_profile.security.accepted)


@pytest.fixture(scope="session")
def evidence(redactor: Redactor) -> Evidence:
    """Attach redacted evidence (exchanges, findings, text) to the report."""
    return Evidence(redactor)


@pytest.fixture(scope="session")
def target_access(base_url: str, target_profile: TargetProfile, target_env: Mapping[str, str]) -> TargetAccess:
    """How every client reaches the target: base URL, trust, User-Agent and the [access] headers
    (sent to the target's origin only). Make clients with `target_access.client(...)`."""
    return access_for(target_profile, target_env, base_url)


@pytest.fixture(scope="session")
def http(
    target_access: TargetAccess, target_profile: TargetProfile, request: pytest.FixtureRequest
) -> Iterator[httpx.Client]:
    """An httpx client bound to the target; connection set-up retried, redirects not followed. The
    GETs that the selected tests' layers plan for it (security) are prefetched into it."""
    planners = request.config.stash.get(HTTP_PLANNERS_KEY, [])

    def plan(items: Sequence[pytest.Item], profile: TargetProfile, base_url: str) -> list[PlannedFetch]:
        return [job for planner in planners for job in planner(items, profile, base_url)]

    with prefetching_client(request, target_access, target_profile, "http", plan if planners else None) as client:
        yield client


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    write_summary(terminalreporter, config)
