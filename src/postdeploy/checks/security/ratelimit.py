"""Login rate limiting: repeated failed logins must meet 429 (or a lockout) within a bounded number of tries."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import httpx

from postdeploy.findings import Finding, Severity

LOCKOUT_STATUSES = frozenset({429, 423, 503})


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
    client: httpx.Client, path: str, max_attempts: int, fields: tuple[str, str] = ("email", "password")
) -> list[Attempt]:
    """Up to `max_attempts + 1` failed logins; stops at the first limited answer."""
    email = throwaway_email()
    attempts: list[Attempt] = []
    for number in range(1, max_attempts + 2):
        data = {fields[0]: email, fields[1]: f"wrong-{secrets.token_hex(4)}"}
        response = client.post(path, data=data)
        attempts.append(Attempt(number, response.status_code, response.headers.get("retry-after")))
        if limited(response):
            break
    return attempts


def check_rate_limit(attempts: list[Attempt], path: str, max_attempts: int) -> list[Finding]:
    first = next((a for a in attempts if a.status in LOCKOUT_STATUSES or a.retry_after), None)
    evidence = {"path": path, "statuses": [a.status for a in attempts], "max_attempts": max_attempts}
    if first is not None and first.number <= max_attempts + 1:
        return []
    message = (
        f"{path}: {len(attempts)} failed logins in a row and no 429 or lockout "
        f"(the profile allows at most {max_attempts} before limiting)"
    )
    return [Finding("ratelimit.login-unlimited", Severity.HIGH, message, evidence, subject=path)]
