"""The profile's `accepted` list: findings a team knowingly accepts, by id and (optionally) subject."""

from __future__ import annotations

from fnmatch import fnmatchcase

from postdeploy.findings import Finding
from postdeploy.profile.security import AcceptedFinding


def is_accepted(finding: Finding, accepted: list[AcceptedFinding]) -> bool:
    """An entry matches on id (glob allowed: `csp.*`) and, when it names one, on subject too."""
    return any(
        fnmatchcase(finding.id, entry.id) and (entry.subject is None or entry.subject == finding.subject)
        for entry in accepted
    )


def split_accepted(findings: list[Finding], accepted: list[AcceptedFinding]) -> tuple[list[Finding], list[Finding]]:
    """(still open, accepted by the profile)."""
    kept = [f for f in findings if not is_accepted(f, accepted)]
    waived = [f for f in findings if is_accepted(f, accepted)]
    return kept, waived
