"""Nothing a deploy should never publish: .env files, .git, backups, source maps, directory listings."""

from __future__ import annotations

import httpx
import pytest

from postdeploy.checks.security import exposure
from postdeploy.evidence import Evidence
from postdeploy.findings import Finding
from postdeploy.plugins.security import FetchedPage, Verdict
from postdeploy.profile import SecuritySettings

SENSITIVE = {item.path: item for item in exposure.SENSITIVE_PATHS}


@pytest.fixture(scope="module")
def soft_404(http: httpx.Client) -> httpx.Response:
    """What the site answers for a path that cannot exist: the baseline that tells a file from a catch-all."""
    return http.get(exposure.soft_404_path())


def _exposed_evidence(evidence: Evidence, response: httpx.Response, path: str) -> None:
    # Status and headers only: the body of an exposed secret file never goes into the report.
    evidence.json(f"exposed {path}", {"status": response.status_code, "headers": dict(response.headers)})


@pytest.mark.parametrize("path", list(SENSITIVE))
def test_sensitive_path_not_exposed(
    path: str, http: httpx.Client, soft_404: httpx.Response, evidence: Evidence, verdict: Verdict
) -> None:
    response = http.get(path)
    findings = exposure.check_sensitive(SENSITIVE[path], response, soft_404)
    if findings:
        _exposed_evidence(evidence, response, path)
    verdict(findings, f"exposure of {path}")


def test_no_directory_listing(security_settings: SecuritySettings, http: httpx.Client, verdict: Verdict) -> None:
    findings: list[Finding] = []
    for path in security_settings.directory_paths:
        findings += exposure.check_directory_listing(http.get(path), path)
    verdict(findings, "directory listings")


def test_source_maps_not_exposed(
    security_pages: dict[str, FetchedPage], http: httpx.Client, base_url: str, evidence: Evidence, verdict: Verdict
) -> None:
    scripts: list[str] = []
    for page in security_pages.values():
        if page.html:
            scripts += exposure.same_origin_scripts(page.html, base_url.rstrip("/") + page.path)
    findings: list[Finding] = []
    for script in list(dict.fromkeys(scripts))[:8]:
        bundle = http.get(script)
        if bundle.status_code != 200:
            continue
        for candidate in exposure.source_map_candidates(script, bundle.content, bundle.headers):
            found = exposure.check_source_map(http.get(candidate), candidate, script)
            findings += found
            if found:
                break
    evidence.json("bundles checked", list(dict.fromkeys(scripts)))
    verdict(findings, "source maps")
