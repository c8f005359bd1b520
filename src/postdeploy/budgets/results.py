"""One checked assertion, in Lighthouse CI's result shape, and a pass/warn/fail tally of many."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["AssertionResult", "Summary"]


@dataclass(frozen=True)
class AssertionResult:
    """One checked assertion for one URL, with the fields `lhci assert` writes."""

    url: str
    audit_id: str
    name: str
    operator: str
    expected: float
    actual: float
    values: tuple[float, ...]
    passed: bool
    level: str = "error"
    audit_property: str | None = None
    audit_title: str | None = None
    message: str | None = None

    @property
    def key(self) -> str:
        """`audit-id[.property]`: what the assertion is about, as Lighthouse CI prints it."""
        return f"{self.audit_id}.{self.audit_property}" if self.audit_property else self.audit_id

    def as_lhci(self) -> dict[str, Any]:
        """The result in Lighthouse CI's JSON shape (`.lighthouseci/assertion-results.json`)."""
        data: dict[str, Any] = {
            "name": self.name,
            "expected": self.expected,
            "actual": self.actual,
            "values": list(self.values),
            "operator": self.operator,
            "passed": self.passed,
        }
        if self.audit_property is not None:
            data["auditProperty"] = self.audit_property
        if self.message is not None:
            data["message"] = self.message
        data.update(auditId=self.audit_id, level=self.level, url=self.url)
        if self.audit_title:
            data["auditTitle"] = self.audit_title
        return data


@dataclass
class Summary:
    """Counts for a one-line verdict."""

    failed: list[AssertionResult] = field(default_factory=list)
    warned: list[AssertionResult] = field(default_factory=list)
    passed: list[AssertionResult] = field(default_factory=list)

    @classmethod
    def of(cls, results: Iterable[AssertionResult]) -> Summary:
        summary = cls()
        for result in results:
            if result.passed:
                summary.passed.append(result)
            elif result.level == "warn":
                summary.warned.append(result)
            else:
                summary.failed.append(result)
        return summary
