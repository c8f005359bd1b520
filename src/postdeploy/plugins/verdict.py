"""The one way a check of any layer turns findings into its outcome (the `verdict` fixture of
postdeploy.plugins.core): findings the profile accepts (`[security] accepted`, by id and subject) are
set aside and shown as such, lesser findings warn, and what is left at medium and up fails the check."""

from __future__ import annotations

import warnings

import allure
import httpx
import pytest

from postdeploy.checks.security.accept import split_accepted
from postdeploy.evidence import Evidence
from postdeploy.findings import Finding, Severity, describe, failing
from postdeploy.profile.security import AcceptedFinding

FAIL_AT = Severity.MEDIUM


class Verdict:
    """`verdict(findings, *responses, what="…")`: the responses are attached when the check fails;
    `what` names a group of findings (e.g. "CSP policy") and heads the failure message. Without it the
    worst finding heads the message and titles the test in the report."""

    def __init__(self, evidence: Evidence, accepted: list[AcceptedFinding]) -> None:
        self.evidence = evidence
        self.accepted = accepted

    def __call__(
        self, findings: list[Finding], *responses: httpx.Response, what: str = "", minimum: Severity = FAIL_AT
    ) -> None:
        open_findings, waived = split_accepted(findings, self.accepted)
        for finding in open_findings:
            if finding.severity < minimum:
                warnings.warn(f"{finding.id}: {finding.message}", UserWarning, stacklevel=2)
        prefix = f"{what}: " if what else ""
        self.evidence.findings(open_findings, name=f"{prefix}findings")
        self.evidence.findings(waived, name=f"{prefix}accepted by the profile")
        bad = sorted(failing(open_findings, minimum), key=lambda f: f.severity, reverse=True)
        if not bad:
            return
        for response in responses:
            self.evidence.response(response)
        if what:
            pytest.fail(f"{what}: {len(bad)} finding(s)\n{describe(bad)}", pytrace=False)
        # The worst problem in plain words first: it is what the one-line summary and the report title show.
        # Then every finding as `[severity] id`, which the report reads to rank the failure.
        lines = [bad[0].message, f"[{bad[0].severity.label}] {bad[0].id}"]
        lines += [f"[{f.severity.label}] {f.id}: {f.message}" for f in bad[1:]]
        allure.dynamic.title(bad[0].message.splitlines()[0][:160])  # type: ignore[no-untyped-call]
        pytest.fail("\n".join(lines), pytrace=False)
