"""Cookie flags on what the site sets: pages as served, and the session cookie a login hands out."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

import httpx

from postdeploy.access import TargetAccess
from postdeploy.checks.security.cookies import check_cookies
from postdeploy.evidence import Evidence
from postdeploy.plugins.security import FetchedPage, Verdict
from postdeploy.profile import SecuritySettings, TargetProfile


def _login(
    access: TargetAccess, settings: SecuritySettings, profile: TargetProfile, env: Mapping[str, str]
) -> httpx.Response | None:
    email, password = env.get(profile.e2e.username_env), env.get(profile.e2e.password_env)
    if not (settings.cookie_login and email and password):
        return None
    data = {settings.login_email_field: email, settings.login_password_field: password}
    # A fresh client: the session fixture's cookie jar stays clean for the other checks.
    with access.client() as client:
        return client.post(settings.login_path, data=data)


def test_session_cookie_flags(
    security_pages: dict[str, FetchedPage],
    security_settings: SecuritySettings,
    target_profile: TargetProfile,
    target_env: Mapping[str, str],
    target_access: TargetAccess,
    base_url: str,
    evidence: Evidence,
    verdict: Verdict,
) -> None:
    responses = [p.response for p in security_pages.values()]
    login = _login(target_access, security_settings, target_profile, target_env)
    if login is not None:
        responses.append(login)
    set_cookies = [value for r in responses for value in r.headers.get_list("set-cookie")]
    for response in responses:
        if response.headers.get_list("set-cookie"):
            evidence.response(response)  # Set-Cookie values are redacted; names and flags stay visible
    host = urlsplit(base_url).hostname or ""
    cookies, findings = check_cookies(
        set_cookies, https=base_url.startswith("https://"), host=host, session_names=security_settings.session_cookies
    )
    evidence.json("cookies (names and flags)", [c.__dict__ for c in cookies])
    verdict(findings, "cookies")
