"""Content-Security-Policy: present and enforcing on every page, and strong (CSP Evaluator's checks and more)."""

from __future__ import annotations

import re

import httpx

from postdeploy.csp import analyze, policies_of
from postdeploy.evidence import Evidence
from postdeploy.findings import Finding, Severity
from postdeploy.plugins.security import FetchedPage
from postdeploy.plugins.verdict import Verdict

DELIVERY_IDS = frozenset({"csp.missing", "csp.report-only"})
_NONCE = re.compile(r"'nonce-([^']+)'")


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
        first = {n for p in page.policies for v in p.directives.get("script-src", []) for n in _NONCE.findall(v)}
        if not first:
            continue
        again = http.get(page.path)
        second = {
            n
            for p in policies_of(again.headers.multi_items(), again.text)
            for v in p.directives.get("script-src", [])
            for n in _NONCE.findall(v)
        }
        for nonce in sorted(first & second):
            findings.append(
                Finding(
                    "csp.static-nonce",
                    Severity.HIGH,
                    f"{page.path}: the same CSP nonce came back on two responses",
                    {"path": page.path, "nonce_length": len(nonce)},
                    subject="script-src",
                )
            )
    verdict(findings, what="CSP nonces")
