"""Content-Security-Policy: present and enforcing on every page, and strong (CSP Evaluator's checks and more)."""

from __future__ import annotations

import httpx

from postdeploy.checks.security.nonces import check_static_nonces, script_nonces
from postdeploy.csp import analyze, policies_of
from postdeploy.evidence import Evidence
from postdeploy.findings import Finding
from postdeploy.plugins.security import FetchedPage
from postdeploy.plugins.verdict import Verdict

DELIVERY_IDS = frozenset({"csp.missing", "csp.report-only"})


def _documents(pages: dict[str, FetchedPage]) -> list[FetchedPage]:
    return [p for p in pages.values() if p.html is not None]


def _with_path(finding: Finding, path: str) -> Finding:
    return Finding(
        finding.id, finding.severity, f"{path}: {finding.message}", {**finding.evidence, "path": path}, finding.subject
    )


def test_csp_enforced(security_pages: dict[str, FetchedPage], evidence: Evidence, verdict: Verdict) -> None:
    """Every page enforces a Content-Security-Policy."""
    findings: list[Finding] = []
    for page in _documents(security_pages):
        found = [_with_path(f, page.path) for f in analyze(page.policies) if f.id in DELIVERY_IDS]
        if found:
            evidence.response(page.response)
        findings += found
    verdict(findings, what="CSP enforced")


def test_csp_policy(
    security_pages: dict[str, FetchedPage], target_is_https: bool, evidence: Evidence, verdict: Verdict
) -> None:
    """The Content-Security-Policy has no weakness CSP Evaluator would flag."""
    findings: dict[tuple[str, str, str], Finding] = {}
    for page in _documents(security_pages):
        for policy in page.policies:
            evidence.text(f"CSP of {page.path} ({policy.delivery})", policy.raw)
        for finding in analyze(page.policies, https=target_is_https):
            key = (finding.id, finding.subject, str(finding.evidence.get("value", "")))
            if finding.id not in DELIVERY_IDS and key not in findings:
                findings[key] = _with_path(finding, page.path)
    verdict(list(findings.values()), what="CSP policy")


def test_csp_nonce_not_static(security_pages: dict[str, FetchedPage], http: httpx.Client, verdict: Verdict) -> None:
    """A nonce must change on every response; a fixed one is a password printed on every page."""
    findings: list[Finding] = []
    for page in _documents(security_pages)[:2]:
        first = script_nonces(page.policies)
        if not first:
            continue
        again = http.get(page.path)
        findings += check_static_nonces(
            page.path, first, script_nonces(policies_of(again.headers.multi_items(), again.text))
        )
    verdict(findings, what="CSP nonces")
