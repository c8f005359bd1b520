"""Auth page objects: sign up, log in, log out, and whether the dashboard is reachable."""

from __future__ import annotations

import re
import secrets

from playwright.sync_api import Error, expect

from postdeploy.flows.base import Flow, FlowError


def fresh_signup(template: str) -> tuple[str, str, str]:
    """(name, unique email, generated password) for a sign-up that cannot collide with an earlier run."""
    token = secrets.token_hex(6)
    password = secrets.token_urlsafe(12) + "aA1!"
    return f"Postdeploy Check {token}", template.replace("{token}", token), password


class AuthPages:
    def __init__(self, flow: Flow) -> None:
        self.flow = flow

    def _on(self, path: str) -> bool:
        return self.flow.path().rstrip("/") == path.rstrip("/")

    def log_in(self, email: str, password: str) -> None:
        """Submit the login form; the caller then decides what the outcome must be."""
        flow = self.flow
        flow.goto(flow.settings.login_path)
        flow.sel("login_email").fill(email)
        flow.sel("login_password").fill(password)  # traces are redacted before anyone sees them
        flow.sel("login_submit").click()
        # Whichever comes first: the signed-in page or the login error.
        outcome = flow.sel("dashboard_heading").or_(flow.sel("login_error")).first
        try:
            outcome.wait_for(state="visible", timeout=flow.timeout)
        except Error:
            raise FlowError(
                f"after the login form: neither the dashboard nor a login error appeared (at {flow.page.url})"
            ) from None

    def expect_signed_in(self) -> None:
        flow = self.flow
        error = flow.sel("login_error")
        if error.count() and error.first.is_visible():
            raise FlowError(f"login refused the test account: {error.first.inner_text().strip()!r}")
        if not self._on(flow.settings.dashboard_path):
            raise FlowError(f"after login: expected {flow.settings.dashboard_path}, got {flow.path()}")
        expect(flow.sel("dashboard_heading")).to_be_visible(timeout=flow.timeout)

    def expect_login_error(self) -> str:
        flow = self.flow
        error = flow.sel("login_error").first
        try:
            expect(error).to_be_visible(timeout=flow.timeout)
        except AssertionError:
            raise FlowError(f"a wrong password showed no error message (at {flow.path()})") from None
        text = error.inner_text().strip()
        if self._on(flow.settings.dashboard_path):
            raise FlowError("a wrong password reached the dashboard")
        return text

    def sign_up(self, name: str, email: str, password: str) -> None:
        """Fill and submit the sign-up form; the caller checks where it led (dashboard or confirmation)."""
        flow = self.flow
        flow.goto(flow.settings.signup_path)
        name_field = flow.sel("signup_name")
        if name_field.count():  # many sign-up forms ask for an email and a password only
            name_field.first.fill(name)
        flow.sel("signup_email").first.fill(email)
        flow.sel("signup_password").first.fill(password)
        flow.sel("signup_submit").first.click()

    def expect_signed_up(self) -> None:
        """Sign-up without confirmation: the new account lands on its dashboard."""
        flow = self.flow
        dashboard = re.compile(re.escape(flow.url(flow.settings.dashboard_path)) + r"([?#].*)?$")
        try:
            flow.page.wait_for_url(dashboard, wait_until="load", timeout=flow.timeout)
        except Error:
            raise FlowError(f"sign-up did not reach the dashboard (at {flow.page.url})") from None
        expect(flow.sel("dashboard_heading").first).to_be_visible(timeout=flow.timeout)

    def expect_confirmation_sent(self) -> tuple[str, str]:
        """Sign-up with an emailed confirmation: the page says so; returns (path, the text shown)."""
        flow = self.flow
        wanted = flow.settings.signup_confirmation_path
        if wanted:
            target = re.compile(re.escape(flow.url(wanted)) + r"([?#].*)?$")
            try:
                flow.page.wait_for_url(target, wait_until="load", timeout=flow.timeout)
            except Error:
                raise FlowError(f"sign-up did not reach the confirmation page {wanted} (at {flow.path()})") from None
        notice = flow.sel("signup_confirmation").first
        try:
            expect(notice).to_be_visible(timeout=flow.timeout)
        except AssertionError:
            error = flow.sel("login_error")
            said = f": {error.first.inner_text().strip()!r}" if error.count() and error.first.is_visible() else ""
            raise FlowError(f"sign-up showed no 'confirm your email' notice (at {flow.path()}){said}") from None
        return flow.path(), " ".join(notice.inner_text().split())

    def log_out(self) -> None:
        flow = self.flow
        flow.sel("logout").first.click()
        # Logging out lands on some public page; wait until the button is gone.
        try:
            expect(flow.sel("logout")).to_have_count(0, timeout=flow.timeout)
        except AssertionError:
            raise FlowError(f"still signed in after clicking log out (at {flow.page.url})") from None

    def dashboard_reachable(self) -> bool:
        """Open the dashboard: True when it shows, False when the site sends us to log in."""
        flow = self.flow
        flow.goto(flow.settings.dashboard_path)
        if self._on(flow.settings.dashboard_path):
            return flow.sel("dashboard_heading").count() > 0
        return False
