"""Private routes (dashboard, admin, private APIs) refuse visitors without a session."""

from __future__ import annotations

import ssl

import pytest

from postdeploy.checks.security.auth import check_guard, follow_without_session
from postdeploy.evidence import Evidence
from postdeploy.plugins.security import Verdict, settings_of
from postdeploy.profile import SecuritySettings


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "private_route" in metafunc.fixturenames:
        routes = settings_of(metafunc.config).private_routes
        metafunc.parametrize(
            "private_route", routes or [pytest.param(None, marks=pytest.mark.skip("no private_routes in the profile"))]
        )


def test_private_route_guarded(
    private_route: str,
    base_url: str,
    security_settings: SecuritySettings,
    tls_verify: bool | ssl.SSLContext,
    evidence: Evidence,
    verdict: Verdict,
) -> None:
    chain = follow_without_session(base_url, private_route, verify=tls_verify)
    findings = check_guard(chain, private_route, security_settings.login_path)
    if findings:
        for response in chain:
            evidence.response(response)
    verdict(findings, f"auth guard of {private_route}")
