"""Cookie flags on what the site sets: pages as served, and the session cookie a login hands out."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

import httpx

from postdeploy.access import TargetAccess
from postdeploy.checks.security.cookies import SetCookie, check_cookies
from postdeploy.checks.security.login import (
    check_login_session,
    login_body,
    login_target,
    session_token,
)
from postdeploy.evidence import Evidence
from postdeploy.findings import Finding
from postdeploy.plugins.security import FetchedPage
from postdeploy.plugins.verdict import Verdict
from postdeploy.profile import SecuritySettings, TargetProfile
from postdeploy.redact import Redactor


def _login(
    access: TargetAccess, settings: SecuritySettings, profile: TargetProfile, env: Mapping[str, str]
) -> httpx.Response | None:
    email, password = env.get(profile.e2e.username_env), env.get(profile.e2e.password_env)
    if not (settings.cookie_login and email and password):
        return None
    # A fresh client: the session fixture's cookie jar stays clean for the other checks. An absolute
    # login_url on another origin gets no [access] headers (they go to the target's origin only).
    with access.client() as client:
        return client.post(login_target(settings), **login_body(settings, email, password))


def test_session_cookie_flags(
    security_pages: dict[str, FetchedPage],
    security_settings: SecuritySettings,
    target_profile: TargetProfile,
    target_env: Mapping[str, str],
    target_access: TargetAccess,
    redactor: Redactor,
    evidence: Evidence,
    verdict: Verdict,
) -> None:
    """Session cookies are Secure, HttpOnly and SameSite."""
    responses = [p.response for p in security_pages.values()]
    # Each response's cookies are judged against the origin that set them (a login_url may be on an
    # auth origin of its own, whose cookies name its host, not the site's).
    judged = [(r, str(r.url)) for r in responses]
    login = _login(target_access, security_settings, target_profile, target_env)
    findings: list[Finding] = []
    if login is not None:
        token = session_token(login, security_settings.session_token_field)
        if token:
            redactor.add(token)  # the answer may become evidence: the token must not
        findings += check_login_session(login, security_settings, login_target(security_settings))
        judged.append((login, str(login.url)))
    cookies: list[SetCookie] = []
    for response, url in judged:
        set_cookies = response.headers.get_list("set-cookie")
        if not set_cookies:
            continue
        evidence.response(response)  # Set-Cookie values are redacted; names and flags stay visible
        parts = urlsplit(url)
        found, problems = check_cookies(
            set_cookies,
            https=parts.scheme == "https",
            host=parts.hostname or "",
            session_names=security_settings.session_cookies,
        )
        cookies += found
        findings += problems
    evidence.json("cookies (names and flags)", [c.__dict__ for c in cookies])
    verdict(findings, what="cookies")
