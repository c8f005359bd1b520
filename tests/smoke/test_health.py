"""Ready and live: the health endpoint answers 200, every required service is up, the new version is live."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from postdeploy.checks.smoke.health import check_health_latency, check_health_status, check_services, check_version
from postdeploy.plugins.smoke import HealthProbe
from postdeploy.plugins.verdict import Verdict
from postdeploy.profile import TargetProfile


def test_health_status(health_probe: HealthProbe, target_profile: TargetProfile, verdict: Verdict) -> None:
    """Health endpoint answers 200 and is not unhealthy."""
    fetched = health_probe.fetch()
    findings = check_health_status(fetched.response.status_code, fetched.health) + fetched.problems
    elapsed_ms = fetched.response.elapsed.total_seconds() * 1000
    findings += check_health_latency(elapsed_ms, target_profile.health.max_response_ms)
    verdict(findings, fetched.response)


def test_required_services(health_probe: HealthProbe, target_profile: TargetProfile, verdict: Verdict) -> None:
    """Every required service reports up."""
    fetched = health_probe.fetch()
    if fetched.health is None:
        pytest.skip("the health response is unusable; test_health_status says why")
    settings = target_profile.health
    verdict(check_services(fetched.health, settings.required_services, settings.allow_degraded), fetched.response)


def test_deployed_version(
    health_probe: HealthProbe, target_profile: TargetProfile, target_env: Mapping[str, str], verdict: Verdict
) -> None:
    """The deployed version is live."""
    expected = target_profile.expected_version(target_env)
    if not expected:
        pytest.skip(f"no expected version: set {target_profile.health.expected_version_env} to the deployed version")
    fetched = health_probe.fetch()
    if fetched.health is None:
        pytest.skip("the health response is unusable; test_health_status says why")
    findings = check_version(fetched.health, expected, target_profile.health.version_field)
    verdict(findings, fetched.response)
