"""Method hygiene: TRACE refused, OPTIONS advertising only the methods the profile expects."""

from __future__ import annotations

import httpx

from postdeploy.checks.security.methods import probe_methods, response_showing
from postdeploy.evidence import Evidence
from postdeploy.findings import Finding
from postdeploy.plugins.verdict import Verdict
from postdeploy.profile import SecuritySettings


def _probe(settings: SecuritySettings, http: httpx.Client, evidence: Evidence, wanted: str) -> list[Finding]:
    findings: list[Finding] = []
    for path in list(dict.fromkeys([settings.pages[0], *settings.api_routes[:1]])):
        responses, found = probe_methods(http, path, settings.allowed_methods)
        found = [f for f in found if f.id == wanted]
        if found:
            evidence.response(response_showing(wanted, responses))
        findings += found
    return findings


def test_trace_disabled(
    security_settings: SecuritySettings, http: httpx.Client, evidence: Evidence, verdict: Verdict
) -> None:
    """TRACE is disabled."""
    verdict(_probe(security_settings, http, evidence, "methods.trace-enabled"), what="TRACE")


def test_options_methods(
    security_settings: SecuritySettings, http: httpx.Client, evidence: Evidence, verdict: Verdict
) -> None:
    """OPTIONS advertises only the allowed methods."""
    verdict(_probe(security_settings, http, evidence, "methods.options-unexpected"), what="OPTIONS")
