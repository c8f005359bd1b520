"""Auth flows: sign up, log in, see the dashboard, log out and lose access, a wrong password refused."""

from __future__ import annotations

import secrets

import pytest

from postdeploy.flows.auth import AuthPages, fresh_signup
from postdeploy.flows.base import Flow
from postdeploy.plugins.e2e import Credentials, FlowFactory
from postdeploy.profile import E2ESettings


@pytest.mark.destructive
def test_signup_fresh_user(anon_flow: Flow, e2e_settings: E2ESettings) -> None:
    """A new visitor can sign up (and is told to confirm by email where the site asks for it)."""
    name, email, password = fresh_signup(e2e_settings.signup_email)
    anon_flow.secrets.add(password)
    auth = AuthPages(anon_flow)
    with anon_flow.step("sign up a fresh unique user"):
        auth.sign_up(name, email, password)
    if not e2e_settings.signup_confirmation:
        with anon_flow.step("the new account opens its dashboard"):
            auth.expect_signed_up()
            assert auth.dashboard_reachable(), "the freshly signed-up user cannot open the dashboard"
        return
    with anon_flow.step("the site asks to confirm the email address"):
        path, shown = auth.expect_confirmation_sent()
    # A real site mails the link to an inbox this suite cannot read: say what was and was not checked.
    checked = f"checked: the sign-up form was accepted and {path} says {shown[:160]!r}"
    not_checked = (
        "not checked: that the confirmation email arrives, that its link confirms the account, "
        "and that the confirmed account can sign in (the suite cannot read the site's mail)"
    )
    with anon_flow.step(checked):
        pass
    with anon_flow.step(not_checked):
        pass
    anon_flow.attach("sign-up with email confirmation", f"{checked}\n{not_checked}")


def test_login_shows_dashboard(anon_flow: Flow, e2e_credentials: Credentials) -> None:
    """The test account signs in and reaches its dashboard."""
    auth = AuthPages(anon_flow)
    with anon_flow.step("log in with the test account"):
        auth.log_in(e2e_credentials.email, e2e_credentials.password)
        auth.expect_signed_in()
    with anon_flow.step("the dashboard stays reachable"):
        assert auth.dashboard_reachable(), "signed in, but opening the dashboard again sends us to log in"


def test_logout_loses_access(anon_flow: Flow, e2e_credentials: Credentials, flow_factory: FlowFactory) -> None:
    # Its own login: logging out must not end the session the other flows share.
    """Signing out ends the session: the dashboard is no longer reachable."""
    auth = AuthPages(anon_flow)
    with anon_flow.step("log in"):
        auth.log_in(e2e_credentials.email, e2e_credentials.password)
        auth.expect_signed_in()
        session_cookies = anon_flow.page.context.cookies()
    with anon_flow.step("log out"):
        auth.log_out()
    with anon_flow.step("the dashboard now asks to log in"):
        assert not auth.dashboard_reachable(), "after logging out the dashboard still opens"
    if anon_flow.settings.logout_revokes_session:
        replay = flow_factory()
        with replay.step("the old session cookie no longer opens the dashboard"):
            replay.page.context.add_cookies(session_cookies)  # type: ignore[arg-type]
            assert not AuthPages(replay).dashboard_reachable(), "the session cookie still works after logout"


def test_wrong_password_shows_error(anon_flow: Flow, e2e_credentials: Credentials) -> None:
    """A wrong password is refused with a visible error."""
    auth = AuthPages(anon_flow)
    refused = tuple(anon_flow.settings.login_refused_status)  # a sign-in API's 401 is the expected answer
    with anon_flow.step("log in with a wrong password", allow_status=refused):
        auth.log_in(e2e_credentials.email, "wrong-" + secrets.token_hex(8))
        message = auth.expect_login_error()
        assert message, "the login error is empty"
    with anon_flow.step("nothing was granted"):
        assert not auth.dashboard_reachable(), "a wrong password opened the dashboard"
