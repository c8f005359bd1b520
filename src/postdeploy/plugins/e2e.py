"""pytest wiring for the e2e layer: flows on pytest-playwright's contexts, login-once session reuse,
page health, and redacted failure artifacts (screenshot, Playwright trace, console log) in Allure.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Generator, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import allure
import pytest
from playwright.sync_api import Browser, BrowserContext, Error

from postdeploy.evidence import Evidence
from postdeploy.flows.artifacts import redact_trace
from postdeploy.flows.auth import AuthPages
from postdeploy.flows.base import Flow, FlowError
from postdeploy.flows.booking import Dashboard, is_status
from postdeploy.flows.health import PageHealth
from postdeploy.plugins.browser import BrowserAccess
from postdeploy.plugins.keys import redactor_of
from postdeploy.profile import E2ESettings, TargetProfile
from postdeploy.redact import Redactor

TRACE_MIME = "application/vnd.allure.playwright-trace"
_CALL_FAILED = pytest.StashKey[bool]()
# A clean-up after a failed flow waits this long at most for each step: the flow has already waited
# the profile's full timeout_ms once, and a site whose cancel is broken would make every failed flow
# wait that long a second time.
CLEANUP_TIMEOUT_MS = 5000
_FLOWS_KEY = pytest.StashKey[tuple[list[tuple[BrowserContext, "Flow"]], Evidence, Redactor]]()
# Values typed by a test's flows (e.g. a sign-up password) that its artifacts must not show.
_SECRETS_KEY = pytest.StashKey[set[str]]()
# Contexts whose trace this plugin started and has not stopped yet.
_TRACED: set[BrowserContext] = set()

FlowFactory = Callable[..., Flow]


@dataclass(frozen=True)
class Credentials:
    email: str
    # Out of the repr: a failing test's traceback lists its fixtures, and Allure keeps that traceback.
    password: str = field(repr=False)


def _flow_failure(excinfo: pytest.ExceptionInfo[BaseException]) -> str | None:
    """A flow failure as `where: what the page showed` (plus page-health notes); the traceback
    through Playwright and the page objects adds nothing. Other errors keep their traceback."""
    error = excinfo.value
    if not isinstance(error, AssertionError):
        return None
    paths = [(Path(entry.path), entry.lineno) for entry in excinfo.traceback]
    frames = [(path, line) for path, line in paths if "tests" in path.parts]
    where = f"{frames[-1][0].name}:{frames[-1][1] + 1}: " if frames else ""
    message = str(error).split("\nassert ")[0].strip() or "assertion failed"
    return "\n".join([f"{where}{type(error).__name__}: {message}", *getattr(error, "__notes__", [])])


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    report: pytest.TestReport = yield
    if report.when in ("setup", "call") and report.failed:
        item.stash[_CALL_FAILED] = True
        if report.when == "call" and _FLOWS_KEY in item.stash:
            # Now, while the test is still Allure's current item: attached after this, they would
            # land on a fixture's tear-down instead of on the failed test.
            _attach_all(*item.stash[_FLOWS_KEY])
        if call.excinfo is not None and _FLOWS_KEY in item.stash:
            report.longrepr = _flow_failure(call.excinfo) or report.longrepr
    if report.when == "teardown":
        # pytest-playwright's own --tracing files (its wrapper has run by now): mask secrets in place.
        secrets = item.stash.get(_SECRETS_KEY, set())
        for key, value in report.user_properties:
            if key == "playwright_trace" and os.path.exists(str(value)):
                redact_trace(str(value), secrets, redactor_of(item.config))
            elif key == "playwright_video" and os.path.exists(str(value)):
                # --video kept it (on, or retain-on-failure and failed): show it next to the test.
                allure.attach.file(str(value), name="video", attachment_type=allure.attachment_type.WEBM)  # type: ignore[no-untyped-call]
    return report


# -- settings and credentials ------------------------------------------------------------------


@pytest.fixture(scope="session")
def e2e_settings(target_profile: TargetProfile) -> E2ESettings:
    """The profile's [e2e] section; skips the layer when the profile has not opted in."""
    if not target_profile.e2e.enabled:
        pytest.skip(f"e2e flows are off for target {target_profile.name!r}: set [e2e] enabled = true in its profile")
    return target_profile.e2e


@pytest.fixture(scope="session")
def e2e_credentials(e2e_settings: E2ESettings, target_env: Mapping[str, str], redactor: Redactor) -> Credentials:
    """The test account, from the env vars the profile names; a one-line skip when they are not set."""
    names = (e2e_settings.username_env, e2e_settings.password_env)
    missing = [name for name in names if not target_env.get(name)]
    if missing:
        pytest.skip(f"no e2e test account: set {' and '.join(missing)} (env or .env; names from the profile's [e2e])")
    password = target_env[e2e_settings.password_env]
    redactor.add(password)
    return Credentials(target_env[e2e_settings.username_env], password)


@pytest.fixture(scope="session")
def checkout_enabled(e2e_settings: E2ESettings) -> None:
    if not e2e_settings.checkout:
        pytest.skip("checkout flows are off: set [e2e] checkout = true for a site with a test-mode Stripe checkout")


# -- flows on pytest-playwright contexts ---------------------------------------------------------


@pytest.fixture
def flow_factory(
    request: pytest.FixtureRequest,
    new_context: Callable[..., BrowserContext],
    e2e_settings: E2ESettings,
    base_url: str,
    evidence: Evidence,
    redactor: Redactor,
    pytestconfig: pytest.Config,
) -> Iterator[FlowFactory]:
    """Make a Flow on a fresh context (optionally with a stored session). Each context is traced
    (unless pytest-playwright's --tracing owns tracing) and watched for page health."""
    ours = pytestconfig.getoption("tracing", default="off") == "off" and e2e_settings.record_trace
    made: list[tuple[BrowserContext, Flow]] = []
    secrets: set[str] = request.node.stash.setdefault(_SECRETS_KEY, set())

    def make(storage_state: str | Path | None = None) -> Flow:
        context = new_context(storage_state=storage_state) if storage_state else new_context()
        context.set_default_timeout(e2e_settings.timeout_ms)
        if ours:
            # DOM snapshots, no screencast: the frames cost CPU on every step, and the failure
            # screenshot is attached on its own.
            context.tracing.start(title=request.node.nodeid, screenshots=False, snapshots=True)
            _TRACED.add(context)
        health = PageHealth(base_url, e2e_settings.ignore_console)
        health.watch(context)
        flow = Flow(context.new_page(), e2e_settings, health, base_url, attach=evidence.text, secrets=secrets)
        made.append((context, flow))
        return flow

    request.node.stash[_FLOWS_KEY] = (made, evidence, redactor)

    yield make
    # A failed call had its artifacts attached right after the call (see pytest_runtest_makereport);
    # a failure in set-up is attached here. Otherwise the trace is dropped.
    if request.node.stash.get(_CALL_FAILED, False):
        _attach_all(made, evidence, redactor)
    for context, _ in made:
        if context in _TRACED:
            _TRACED.discard(context)
            context.tracing.stop()


def _attach_all(made: list[tuple[BrowserContext, Flow]], evidence: Evidence, redactor: Redactor) -> None:
    for index, (context, flow) in enumerate(made):
        suffix = f" #{index + 1}" if len(made) > 1 else ""
        for secret in flow.secrets:
            redactor.add(secret)
        _attach_failure_artifacts(context, flow, suffix, evidence, redactor)
    made.clear()


def _attach_failure_artifacts(
    context: BrowserContext, flow: Flow, suffix: str, evidence: Evidence, redactor: Redactor
) -> None:
    for n, page in enumerate(context.pages):
        try:
            png = page.screenshot(type="png", timeout=5000)
        except Error:
            continue
        allure.attach(png, name=f"screenshot{suffix} page {n + 1}", attachment_type=allure.attachment_type.PNG)
    evidence.text(f"console log{suffix}", "\n".join(flow.health.console_log) or "(empty)")
    if context not in _TRACED:
        return
    _TRACED.discard(context)
    cookies = [c["value"] for c in context.cookies() if len(c.get("value", "")) >= 8]
    with tempfile.TemporaryDirectory(prefix="postdeploy-trace-") as tmp:
        path = Path(tmp) / "trace.zip"
        context.tracing.stop(path=path)
        redact_trace(path, {*flow.secrets, *cookies}, redactor)
        evidence.file(str(path), f"trace{suffix}", TRACE_MIME, extension="zip")


@pytest.fixture
def anon_flow(flow_factory: FlowFactory) -> Flow:
    """A flow in a fresh, signed-out browser context."""
    return flow_factory()


@pytest.fixture(scope="session")
def signed_in_state(
    browser: Browser,
    e2e_settings: E2ESettings,
    e2e_credentials: Credentials,
    base_url: str,
    browser_access: BrowserAccess,
    tmp_path_factory: pytest.TempPathFactory,
) -> Path | None:
    """Log in once through the UI (per worker) and store the session for every signed-in flow.

    The context is not traced, so the password is typed where nothing records it. The state file
    holds the session cookie: it lives in pytest's temp folder, never under reports/.
    """
    if not e2e_settings.reuse_login:
        return None
    context = browser.new_context(base_url=base_url)
    browser_access.attach(context)
    try:
        context.set_default_timeout(e2e_settings.timeout_ms)
        flow = Flow(context.new_page(), e2e_settings, PageHealth(base_url), base_url)
        auth = AuthPages(flow)
        try:
            auth.log_in(e2e_credentials.email, e2e_credentials.password)
            auth.expect_signed_in()
        except (FlowError, AssertionError, Error) as exc:
            pytest.fail(f"shared login failed, signed-in flows cannot run: {str(exc).splitlines()[0]}", pytrace=False)
        path = tmp_path_factory.mktemp("e2e-session") / "storage-state.json"
        context.storage_state(path=path)
        return path
    finally:
        context.close()


@pytest.fixture
def signed_in_flow(flow_factory: FlowFactory, signed_in_state: Path | None, e2e_credentials: Credentials) -> Flow:
    """A flow already signed in as the test account: the stored session, or a UI login when
    the profile turns reuse off (reuse_login = false)."""
    if signed_in_state is not None:
        return flow_factory(signed_in_state)
    flow = flow_factory()
    with flow.step("log in (per flow)"):
        auth = AuthPages(flow)
        auth.log_in(e2e_credentials.email, e2e_credentials.password)
        auth.expect_signed_in()
    return flow


@pytest.fixture
def booking_cleanup(
    request: pytest.FixtureRequest,
    browser: Browser,
    base_url: str,
    e2e_settings: E2ESettings,
    browser_access: BrowserAccess,
) -> Iterator[Callable[[Flow, str], None]]:
    """Register bookings a flow made. A passing flow cancels its own; after a failure they are
    cancelled here, in a separate untraced context (the failing page, its screenshot and its trace
    stay as the flow left them)."""
    made: list[tuple[Flow, str]] = []
    yield lambda flow, booking_id: made.append((flow, booking_id))
    if not request.node.stash.get(_CALL_FAILED, False):
        return
    settings = e2e_settings.model_copy(update={"timeout_ms": min(e2e_settings.timeout_ms, CLEANUP_TIMEOUT_MS)})
    for flow, booking_id in made:
        try:
            cookies = flow.page.context.cookies()
        except Error:
            continue
        context = browser.new_context(base_url=base_url)
        browser_access.attach(context)
        try:
            context.add_cookies(cookies)  # type: ignore[arg-type]
            context.set_default_timeout(settings.timeout_ms)
            cleaner = Flow(context.new_page(), settings, PageHealth(base_url), base_url)
            dashboard = Dashboard(cleaner)
            dashboard.open()
            status = dashboard.status(booking_id)
            if status is not None and not is_status(status, settings.status_cancelled):
                dashboard.cancel(booking_id)
        except (FlowError, Error):
            pass  # best effort: a failed clean-up must not hide or replace the flow's own verdict
        finally:
            context.close()
