"""Login rate limiting: repeated failed logins must meet 429 (or a lockout) within a bounded number of tries."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Literal

import httpx

from postdeploy.findings import Finding, Severity

# 429 Too Many Requests and 423 Locked say "limited" by themselves. A 503 says so only with
# Retry-After (as any error with Retry-After does): a bare 503 is an outage, not a lockout.
LOCKOUT_STATUSES = frozenset({429, 423})
# Answers that mean the request never reached a login: a wrong URL, method or body shape.
_NOT_A_LOGIN = frozenset({404, 405, 415})


@dataclass(frozen=True)
class Attempt:
    number: int
    status: int
    retry_after: str | None


def throwaway_email() -> str:
    """A distinct identity per run, on a reserved domain, so no real account is ever locked."""
    return f"postdeploy-ratelimit-{secrets.token_hex(6)}@example.invalid"


def limited(response: httpx.Response) -> bool:
    return response.status_code in LOCKOUT_STATUSES or (
        response.status_code >= 400 and "retry-after" in response.headers
    )


def hammer_login(
    client: httpx.Client,
    url: str,
    max_attempts: int,
    fields: tuple[str, str] = ("email", "password"),
    body: Literal["form", "json"] = "form",
) -> list[Attempt]:
    """Up to `max_attempts + 1` failed logins (a form post or a JSON body); stops at the first limited answer."""
    email = throwaway_email()
    attempts: list[Attempt] = []
    for number in range(1, max_attempts + 2):
        data = {fields[0]: email, fields[1]: f"wrong-{secrets.token_hex(4)}"}
        response = client.post(url, json=data) if body == "json" else client.post(url, data=data)
        attempts.append(Attempt(number, response.status_code, response.headers.get("retry-after")))
        if limited(response):
            break
    return attempts


def check_rate_limit(attempts: list[Attempt], path: str, max_attempts: int) -> list[Finding]:
    """`attempts` as hammer_login made them: limited within the profile's tries, or a finding."""
    if any(a.status in LOCKOUT_STATUSES or (a.status >= 400 and a.retry_after) for a in attempts):
        return []
    statuses = [a.status for a in attempts]
    evidence = {"path": path, "statuses": statuses, "max_attempts": max_attempts}
    if set(statuses) <= _NOT_A_LOGIN:
        message = (
            f"{path}: every login attempt answered {statuses[-1]}: the request never reached a login "
            "(check [security] rate_limit_path and login_format), so no limit was seen"
        )
    else:
        bare = " (503 without Retry-After is an outage, not a lockout)" if 503 in statuses else ""
        message = (
            f"{path}: {len(attempts)} failed logins in a row and no 429 or lockout{bare} "
            f"(the profile allows at most {max_attempts} before limiting)"
        )
    return [Finding("ratelimit.login-unlimited", Severity.HIGH, message, evidence, subject=path)]
