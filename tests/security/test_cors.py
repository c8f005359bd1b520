"""CORS on API routes: a foreign Origin must not be reflected, least of all with credentials."""

from __future__ import annotations

import httpx

from postdeploy.checks.security.cors import probe_cors
from postdeploy.evidence import Evidence
from postdeploy.findings import Finding
from postdeploy.plugins.verdict import Verdict
from postdeploy.profile import SecuritySettings


def test_cors_foreign_origin(
    security_settings: SecuritySettings, http: httpx.Client, evidence: Evidence, verdict: Verdict
) -> None:
    """A foreign origin gets no credentialed CORS access."""
    findings: list[Finding] = []
    for path in security_settings.api_routes or security_settings.pages[:1]:
        responses, found = probe_cors(http, path)
        if found:
            for response in responses:
                evidence.response(response)
        findings += found
    verdict(findings, what="CORS")
