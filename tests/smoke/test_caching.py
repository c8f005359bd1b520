"""Caching and compression: static assets immutable and long-lived, API answers no-store, HTML compressed."""

from __future__ import annotations

import httpx

from postdeploy.checks.smoke.caching import check_api_no_store, check_compressed, check_static_cache
from postdeploy.evidence import Evidence
from postdeploy.findings import Finding, Severity
from postdeploy.plugins.smoke import verdict
from postdeploy.profile import TargetProfile

ACCEPTED = "gzip, br"


def test_static_cache(
    static_path: str, smoke_http: httpx.Client, target_profile: TargetProfile, evidence: Evidence
) -> None:
    """Static asset is immutable with a long max-age."""
    response = smoke_http.get(static_path)
    findings = check_static_cache(static_path, response.headers, target_profile.caching.min_static_max_age)
    if response.status_code != 200:
        findings = [*_not_found(static_path, response), *findings]
    verdict(findings, evidence, response)


def test_api_no_store(api_path: str, smoke_http: httpx.Client, evidence: Evidence) -> None:
    """API response is not cacheable."""
    response = smoke_http.get(api_path)
    verdict(check_api_no_store(api_path, response.headers), evidence, response)


def test_html_compressed(
    html_path: str, smoke_http: httpx.Client, target_profile: TargetProfile, evidence: Evidence
) -> None:
    """HTML is compressed when accepted."""
    response = smoke_http.get(html_path, headers={"Accept-Encoding": ACCEPTED})
    minimum = target_profile.caching.min_compress_bytes
    findings = check_compressed(html_path, response.headers, ACCEPTED, len(response.content), minimum)
    verdict(findings, evidence, response)


def _not_found(path: str, response: httpx.Response) -> list[Finding]:
    return [
        Finding(
            "caching.static-missing",
            Severity.HIGH,
            f"static asset {path} answered HTTP {response.status_code}",
            subject=path,
        )
    ]
