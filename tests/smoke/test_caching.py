"""Caching and compression: static assets immutable and long-lived, API answers no-store, HTML compressed."""

from __future__ import annotations

import httpx
import pytest

from postdeploy.checks.smoke.assets import fingerprinted_assets
from postdeploy.checks.smoke.caching import (
    ACCEPT_ENCODING,
    check_api_no_store,
    check_compressed,
    check_static_cache,
)
from postdeploy.evidence import Evidence
from postdeploy.findings import Finding, Severity
from postdeploy.plugins.verdict import Verdict
from postdeploy.profile import TargetProfile


def test_static_cache(
    static_path: str, smoke_http: httpx.Client, target_profile: TargetProfile, evidence: Evidence, verdict: Verdict
) -> None:
    """Static asset is immutable with a long max-age (with no static_paths: the fingerprinted
    scripts and stylesheets the html_paths load)."""
    caching = target_profile.caching
    paths = [static_path] if static_path else _discover(smoke_http, target_profile)
    findings: list[Finding] = []
    responses: list[httpx.Response] = []
    for path in paths:
        response = smoke_http.get(path)
        found = check_static_cache(path, response.headers, caching.min_static_max_age)
        if response.status_code != 200:
            found = [*_not_found(path, response), *found]
        if found:
            responses.append(response)
        findings += found
    if not static_path:
        evidence.json("discovered static assets", paths)
    verdict(findings, *responses)


def _discover(client: httpx.Client, profile: TargetProfile) -> list[str]:
    caching = profile.caching
    pages: dict[str, str] = {}
    for path in caching.html_paths:
        response = client.get(path)
        if response.status_code == 200 and "html" in response.headers.get("content-type", ""):
            pages[path] = response.text
    limit = caching.max_discovered_static
    found = fingerprinted_assets(pages, str(client.base_url), caching.fingerprint_pattern, limit)
    if not found:
        where = ", ".join(caching.html_paths) or "no html_paths"
        pytest.skip(
            f"no fingerprinted scripts or stylesheets on {where} (fingerprint_pattern); list caching.static_paths"
        )
    return found


def test_api_no_store(api_path: str, smoke_http: httpx.Client, verdict: Verdict) -> None:
    """API response is not cacheable."""
    response = smoke_http.get(api_path)
    verdict(check_api_no_store(api_path, response.headers), response)


def test_html_compressed(
    html_path: str, smoke_http: httpx.Client, target_profile: TargetProfile, verdict: Verdict
) -> None:
    """HTML is compressed when accepted."""
    response = smoke_http.get(html_path, headers={"Accept-Encoding": ACCEPT_ENCODING})
    minimum = target_profile.caching.min_compress_bytes
    findings = check_compressed(html_path, response.headers, ACCEPT_ENCODING, len(response.content), minimum)
    verdict(findings, response)


def _not_found(path: str, response: httpx.Response) -> list[Finding]:
    return [
        Finding(
            "caching.static-missing",
            Severity.HIGH,
            f"static asset {path} answered HTTP {response.status_code}",
            subject=path,
        )
    ]
