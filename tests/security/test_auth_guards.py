"""Private routes (dashboard, admin, private APIs) refuse visitors without a session, with or without
a header known to bypass guards (CVE-2025-29927's x-middleware-subrequest, X-Original-URL)."""

from __future__ import annotations

import pytest

from postdeploy.access import TargetAccess
from postdeploy.checks.security.auth import bypass_probes, check_bypass, check_guard, follow_without_session
from postdeploy.evidence import Evidence
from postdeploy.plugins.security import settings_of
from postdeploy.plugins.verdict import Verdict
from postdeploy.profile import SecuritySettings


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "private_route" in metafunc.fixturenames:
        routes = settings_of(metafunc).private_routes
        metafunc.parametrize(
            "private_route", routes or [pytest.param(None, marks=pytest.mark.skip("no private_routes in the profile"))]
        )


def test_private_route_guarded(
    private_route: str,
    target_access: TargetAccess,
    security_settings: SecuritySettings,
    evidence: Evidence,
    verdict: Verdict,
) -> None:
    """Private route refuses a visitor without a session."""
    with target_access.client() as client:  # a fresh cookie jar: no session from any other check
        chain = follow_without_session(client, private_route)
    hidden = private_route in security_settings.hidden_routes
    findings = check_guard(chain, private_route, security_settings.login_path, hidden=hidden)
    if findings:
        for response in chain:
            evidence.response(response)
    verdict(findings, what=f"auth guard of {private_route}")


def test_private_route_guard_not_bypassed(
    private_route: str, target_access: TargetAccess, evidence: Evidence, verdict: Verdict
) -> None:
    """Private route stays guarded with a guard-bypass header."""
    with target_access.client() as client:
        plain = client.get(private_route)
        probed = [(probe, client.get(private_route, headers={probe.header: probe.value})) for probe in bypass_probes()]
    findings = check_bypass(private_route, plain, probed)
    if findings:
        evidence.response(plain, name=f"without a header: {plain.status_code}")
        for probe, response in probed:
            if response.is_success:
                evidence.response(response, name=f"with {probe.header}: {response.status_code}")
    verdict(findings, what=f"guard bypass of {private_route}")
