"""Failure categories ("target is broken", "budget exceeded", …) and the transient network errors.

One definition, two renderings: `categories.json` (Allure 2 format, written into the results) and
the `categories` rules of Allure Report 3's config (which can also match on labels).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Exception type names (as `Type: message`, what pytest-rerunfailures matches) that mean the
# network hiccupped, not that the target is wrong: worth one retry, reported as flaky.
TRANSIENT_ERROR_TYPES = (
    "ReadTimeout",
    "WriteTimeout",
    "ConnectTimeout",
    "PoolTimeout",
    "ReadError",
    "WriteError",
    "RemoteProtocolError",
    "ConnectionResetError",
    "ConnectionAbortedError",
    "BrokenPipeError",
)
# Playwright raises a plain `Error` whose message names Chromium's network error.
TRANSIENT_BROWSER_ERRORS = (
    "ERR_CONNECTION_RESET",
    "ERR_CONNECTION_CLOSED",
    "ERR_TIMED_OUT",
    "ERR_NETWORK_CHANGED",
    "ERR_EMPTY_RESPONSE",
)

# Anchored at the exception type, so an AssertionError that merely mentions a timeout never matches.
TRANSIENT_ERROR_PATTERNS = (
    rf"^(?:{'|'.join(TRANSIENT_ERROR_TYPES)}):",
    rf"^Error: .*net::(?:{'|'.join(TRANSIENT_BROWSER_ERRORS)})",
)
# Never retried, whatever they were raised from: a check that ran and said no.
ASSERTION_ERROR_PATTERNS = (r"^AssertionError\b", r"^Failed:", r"^Expectation failed")

# The same, as Allure sees the message (`httpx.ReadTimeout: …`, module-qualified).
_QUALIFIED = r"(?:[\w.]+\.)?"
_NETWORK_MESSAGE = (
    rf"{_QUALIFIED}(?:{'|'.join(TRANSIENT_ERROR_TYPES)})\b"
    rf"|{_QUALIFIED}Error: [^\n]*net::(?:{'|'.join(TRANSIENT_BROWSER_ERRORS)})"
)
_UNREACHABLE_MESSAGE = (
    rf"{_QUALIFIED}(?:ConnectError|TooManyRedirects)\b|[^\n]*net::ERR_(?:CONNECTION_REFUSED|NAME_NOT_RESOLVED)"
    r"|(?:cannot connect|connection refused|DNS lookup failed|TLS error|too many redirects)"
)


@dataclass(frozen=True)
class Category:
    name: str
    description: str
    statuses: tuple[str, ...]
    flaky: bool | None = None
    message: str | None = None  # regex over the start of the failure message
    trace_path: str | None = None  # Allure 2 stand-in for a layer label: a path in the traceback
    labels: dict[str, str] = field(default_factory=dict)  # Allure 3 only

    def allure2(self) -> dict[str, Any]:
        """Allure 2 `categories.json` entry: its regexes must match the whole text."""
        entry: dict[str, Any] = {"name": self.name, "description": self.description}
        entry["matchedStatuses"] = list(self.statuses)
        if self.flaky is not None:
            entry["flaky"] = self.flaky
        if self.message:
            entry["messageRegex"] = rf"(?:{self.message})[\s\S]*"
        if self.trace_path:
            entry["traceRegex"] = rf"[\s\S]*{self.trace_path}[\s\S]*"
        return entry

    def allure3(self) -> dict[str, Any]:
        """Allure Report 3 rule: matchers are searched, labels can narrow by layer."""
        matcher: dict[str, Any] = {"statuses": list(self.statuses)}
        if self.flaky is not None:
            matcher["flaky"] = self.flaky
        if self.message:
            matcher["message"] = rf"^(?:{self.message})"
        if self.labels:
            matcher["labels"] = {name: f"^(?:{value})$" for name, value in self.labels.items()}
        return {"id": self.name.lower().replace(" ", "-"), "name": self.name, "matchers": [matcher]}


FAILED = ("failed", "broken")

# First match wins, so the most specific come first; Budget and Security only take assertion
# failures ("failed"), so an unreachable target ("broken") falls through to "Target is broken".
CATEGORIES = (
    Category("Network flakiness", "A transient network error (reset, timeout); retried once", FAILED, flaky=None,
             message=_NETWORK_MESSAGE),
    Category("Network flakiness", "Failed, then passed on a retry", ("passed", "failed", "broken"), flaky=True),
    Category("Budget exceeded", "A performance budget or load SLA was not held", ("failed",),
             trace_path="tests/perf/", labels={"epic": "perf|load"}),
    Category("Security finding", "A security check found a problem on the target", ("failed",),
             trace_path="tests/security/", labels={"epic": "security"}),
    Category("Target is broken", "The target did not answer: refused, DNS, TLS, redirect loop", FAILED,
             message=_UNREACHABLE_MESSAGE),
    Category("Target is broken", "A product defect: the target answered, wrongly", ("failed",)),
    Category("Suite or set-up error", "The suite itself broke: fixture, configuration, missing tool", ("broken",)),
)  # fmt: skip


def allure2_categories() -> list[dict[str, Any]]:
    return [category.allure2() for category in CATEGORIES]


def allure3_categories() -> list[dict[str, Any]]:
    """Rules for Allure 3's config; rules sharing a name are merged into one category."""
    merged: dict[str, dict[str, Any]] = {}
    for category in CATEGORIES:
        rule = category.allure3()
        if rule["id"] in merged:
            merged[rule["id"]]["matchers"].extend(rule["matchers"])
        else:
            merged[rule["id"]] = rule
    return list(merged.values())
