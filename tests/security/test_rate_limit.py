"""The login endpoint limits failed attempts (429 or lockout) within the profile's number of tries.

Destructive: it locks its client out for the limit's window. It runs last, as a throwaway identity
(a fresh email on a reserved domain and, on a loopback target, its own loopback source address).
"""

from __future__ import annotations

import ipaddress
import random
from urllib.parse import urlsplit

import httpx
import pytest

from postdeploy.access import TargetAccess
from postdeploy.checks.security.ratelimit import check_rate_limit, hammer_login
from postdeploy.evidence import Evidence
from postdeploy.plugins.verdict import Verdict
from postdeploy.profile import SecuritySettings

RUN_LAST = True


def _client(access: TargetAccess) -> httpx.Client:
    host = urlsplit(access.base_url).hostname or ""
    local_address = None
    try:
        if ipaddress.ip_address(host).version == 4 and ipaddress.ip_address(host).is_loopback:
            # Another loopback source address is another client to a per-IP limiter: the lockout stays ours.
            local_address = f"127.{random.randint(1, 254)}.{random.randint(1, 254)}.{random.randint(2, 254)}"
    except ValueError:
        pass
    return access.client(local_address=local_address, connect_retries=1)


@pytest.mark.destructive
def test_login_rate_limited(
    target_access: TargetAccess,
    security_settings: SecuritySettings,
    evidence: Evidence,
    verdict: Verdict,
) -> None:
    """Repeated failed sign-ins are rate limited."""
    path = security_settings.rate_limit_path
    if not path:
        pytest.skip("no rate_limit_path in the profile")
    limit = security_settings.rate_limit_max_attempts
    fields = (security_settings.login_email_field, security_settings.login_password_field)
    with _client(target_access) as client:
        attempts = hammer_login(client, path, limit, fields, security_settings.login_format)
    evidence.json("login attempts", [a.__dict__ for a in attempts])
    verdict(check_rate_limit(attempts, path, limit), what="login rate limit")
