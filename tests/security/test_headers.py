"""Security headers on every page and API route the profile names: HSTS, framing, nosniff, referrer, leaks."""

from __future__ import annotations

from collections.abc import Callable

from postdeploy.checks.security import headers as checks
from postdeploy.evidence import Evidence
from postdeploy.findings import Finding
from postdeploy.plugins.security import FetchedPage
from postdeploy.plugins.verdict import Verdict
from postdeploy.profile import SecuritySettings


def _each_page(
    pages: dict[str, FetchedPage], evidence: Evidence, check: Callable[[FetchedPage], list[Finding]]
) -> list[Finding]:
    findings: list[Finding] = []
    for page in pages.values():
        found = check(page)
        if found:
            evidence.response(page.response)
        findings += found
    return findings


def test_hsts(
    security_pages: dict[str, FetchedPage], security_settings: SecuritySettings, evidence: Evidence, verdict: Verdict
) -> None:
    """HTTPS pages send a long-lived Strict-Transport-Security."""
    findings = _each_page(
        security_pages, evidence, lambda p: checks.check_hsts(p.headers, p.path, security_settings.hsts_min_age)
    )
    verdict(findings, what="Strict-Transport-Security")


def test_frame_options(security_pages: dict[str, FetchedPage], evidence: Evidence, verdict: Verdict) -> None:
    """Pages cannot be framed by other sites."""
    pages = {k: p for k, p in security_pages.items() if p.html is not None}  # framing matters for documents
    verdict(_each_page(pages, evidence, lambda p: checks.check_framing(p.headers, p.policies, p.path)), what="framing")


def test_nosniff(security_pages: dict[str, FetchedPage], evidence: Evidence, verdict: Verdict) -> None:
    """Responses send X-Content-Type-Options: nosniff."""
    verdict(_each_page(security_pages, evidence, lambda p: checks.check_nosniff(p.headers, p.path)), what="nosniff")


def test_referrer_policy(security_pages: dict[str, FetchedPage], evidence: Evidence, verdict: Verdict) -> None:
    """Pages send a Referrer-Policy that keeps URLs private."""
    findings = _each_page(security_pages, evidence, lambda p: checks.check_referrer_policy(p.headers, p.path))
    verdict(findings, what="Referrer-Policy")


def test_permissions_policy(security_pages: dict[str, FetchedPage], evidence: Evidence, verdict: Verdict) -> None:
    """Pages send a Permissions-Policy."""
    pages = {k: p for k, p in security_pages.items() if p.html is not None}
    verdict(
        _each_page(pages, evidence, lambda p: checks.check_permissions_policy(p.headers, p.path)),
        what="Permissions-Policy",
    )


def test_cross_origin_isolation(
    security_pages: dict[str, FetchedPage], security_settings: SecuritySettings, evidence: Evidence, verdict: Verdict
) -> None:
    """Pages send the cross-origin isolation headers the profile requires."""
    s = security_settings
    findings = _each_page(
        security_pages,
        evidence,
        lambda p: checks.check_cross_origin_isolation(
            p.headers, p.path, coop=s.require_coop, coep=s.require_coep, corp=s.require_corp
        ),
    )
    verdict(findings, what="COOP/COEP/CORP")


def test_information_leaks(security_pages: dict[str, FetchedPage], evidence: Evidence, verdict: Verdict) -> None:
    """Responses do not reveal server software and versions."""
    findings = _each_page(security_pages, evidence, lambda p: checks.check_information_leaks(p.headers, p.path))
    verdict(findings, what="information leaks")
