"""Findings: what every check returns — an id, a severity, a message and the evidence behind it."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.IntEnum):
    """Ordered so that `max()` over findings gives the worst one."""

    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Finding:
    """One thing a check found wrong (or noteworthy) about the target.

    `id` is stable and machine-readable (``csp.unsafe-inline``, ``health.service-down``) so a
    profile can accept it; `message` is one line a person understands; `evidence` is small
    JSON-serialisable data (a header value, a status code, a URL) attached to the report.
    """

    id: str
    severity: Severity
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)
    # The part of the target the finding is about (a directive, a cookie name, a path), so an
    # allowlist can accept `csp.unsafe-inline` on `style-src` without silencing `script-src`.
    subject: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "severity": self.severity.label,
            "message": self.message,
            "subject": self.subject,
            "evidence": self.evidence,
        }


def failing(findings: list[Finding], minimum: Severity = Severity.MEDIUM) -> list[Finding]:
    """The findings at or above `minimum`: the ones that should fail a check."""
    return [f for f in findings if f.severity >= minimum]


def describe(findings: list[Finding]) -> str:
    """One line per finding, for an assertion message."""
    return "\n".join(f"[{f.severity.label}] {f.id}: {f.message}" for f in findings)
