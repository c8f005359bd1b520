"""The login request the security checks send (form or JSON, named fields) and what a successful one
must leave behind: a session cookie, or a token in the JSON answer."""

from __future__ import annotations

from typing import Any

import httpx

from postdeploy.checks.dotted import MISSING, dotted_get
from postdeploy.checks.security.cookies import is_session_cookie, parse_set_cookie
from postdeploy.findings import Finding, Severity
from postdeploy.profile.security import SecuritySettings

__all__ = ["check_login_session", "login_body", "login_target", "session_token"]


def login_target(settings: SecuritySettings) -> str:
    """Where the cookie check logs in: login_url (a path or an absolute URL), else login_path."""
    return settings.login_url or settings.login_path


def login_body(settings: SecuritySettings, email: str, password: str) -> dict[str, Any]:
    """httpx keyword arguments for the login POST: `data=` (a form) or `json=`."""
    fields = {settings.login_email_field: email, settings.login_password_field: password}
    return {"json": fields} if settings.login_format == "json" else {"data": fields}


def session_token(response: httpx.Response, field: str) -> str | None:
    """The token at `field` (dotted) of a JSON answer, if there is a non-empty one."""
    try:
        data = response.json()
    except ValueError:
        return None
    value = dotted_get(data, field)
    return value if value is not MISSING and isinstance(value, str) and value else None


def check_login_session(response: httpx.Response, settings: SecuritySettings, where: str) -> list[Finding]:
    """The test account's login must hand out a session where the profile says: otherwise the cookie
    check has nothing to judge, and a passing test would say nothing (wrong request shape, wrong URL)."""
    if settings.session_from == "json":
        if session_token(response, settings.session_token_field):
            return []
        found = f"no token at {settings.session_token_field!r} in the answer"
    else:
        names = [parse_set_cookie(v).name for v in response.headers.get_list("set-cookie")]
        if any(is_session_cookie(name, settings.session_cookies) for name in names):
            return []
        found = f"no session cookie (set: {', '.join(names) or 'none'})"
    message = (
        f"logging in at {where} as the test account ({settings.login_format}) answered {response.status_code} "
        f"with {found}: check [security] login_url, login_format, the field names and session_from"
    )
    evidence = {"status": response.status_code, "login": where, "format": settings.login_format}
    return [Finding("login.no-session", Severity.HIGH, message, evidence, subject=where)]
