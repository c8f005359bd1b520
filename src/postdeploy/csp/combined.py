"""Findings for everything a response delivers: several policies, Report-Only and <meta>, taken together."""

from __future__ import annotations

from dataclasses import replace

from postdeploy.csp.analyzer import analyze_policy
from postdeploy.csp.parser import Policy
from postdeploy.findings import Finding, Severity

# Weaknesses a second enforced policy can close: the browser enforces every policy, so a script is
# allowed only if all of them allow it.
CLOSABLE = frozenset(
    {
        "csp.unsafe-inline",
        "csp.unsafe-hashes",
        "csp.unsafe-eval",
        "csp.plain-scheme",
        "csp.wildcard",
        "csp.object-src-missing",
        "csp.script-src-missing",
        "csp.base-uri-missing",
        "csp.allowlist-bypass",
        "csp.user-content-host",
        "csp.host-allowlist",
        "csp.self-allowlist",
        "csp.object-bypass",
        "csp.object-allowlist",
    }
)


def _tag(finding: Finding, index: int, policy: Policy) -> Finding:
    return replace(finding, evidence={**finding.evidence, "policy": index, "delivery": policy.delivery})


def analyze(policies: list[Policy], *, https: bool = True) -> list[Finding]:
    """Findings for the whole set: missing or report-only-only policies, then each policy's own
    findings (weaknesses closed by another enforced policy dropped; Report-Only findings info only).

    `https=False` for a page served over plain http, where http: sources are no downgrade.
    """
    enforced = [p for p in policies if p.enforced]
    if not policies:
        return [
            Finding(
                "csp.missing",
                Severity.HIGH,
                "no Content-Security-Policy: injected scripts run unrestricted",
                {},
                subject="Content-Security-Policy",
            )
        ]
    findings: list[Finding] = []
    if not enforced:
        findings.append(
            Finding(
                "csp.report-only",
                Severity.HIGH,
                "the CSP is Report-Only: it reports violations but blocks nothing",
                {"policy": policies[0].raw[:300]},
                subject="Content-Security-Policy-Report-Only",
            )
        )
    per_policy = [[f for f in analyze_policy(p) if https or f.id != "csp.http-source"] for p in policies]
    enforced_ids = [{f.id for f in found} for p, found in zip(policies, per_policy, strict=True) if p.enforced]
    for index, (policy, found) in enumerate(zip(policies, per_policy, strict=True)):
        for finding in found:
            if policy.enforced and finding.id in CLOSABLE and not all(finding.id in ids for ids in enforced_ids):
                continue
            if not policy.enforced:
                finding = replace(finding, severity=Severity.INFO, message=f"(report-only) {finding.message}")
            findings.append(_tag(finding, index, policy))
    return findings
