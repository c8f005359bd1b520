"""How a test maps onto Allure labels: epic = layer, feature = area, story = check, and its severity."""

from __future__ import annotations

import re

from postdeploy.findings import Severity

# Finding severity → Allure severity: a critical finding blocks the release, an info one is trivial.
ALLURE_SEVERITY = {
    Severity.CRITICAL: "blocker",
    Severity.HIGH: "critical",
    Severity.MEDIUM: "normal",
    Severity.LOW: "minor",
    Severity.INFO: "trivial",
}

# How important a check is before it has found anything, by area; anything else is "normal".
AREA_SEVERITY = {
    "health": "blocker",
    "version": "blocker",
    "pages": "critical",
    "tls": "critical",
    "auth": "critical",
    "checkout": "critical",
    "booking": "critical",
    "webhooks": "critical",
    "exposure": "critical",
    "headers": "normal",
    "csp": "normal",
}

# Area names read better with their usual spelling.
AREA_NAMES = {"csp": "CSP", "tls": "TLS", "cors": "CORS", "sla": "SLA", "api": "API", "seo": "SEO"}

_FINDING_LINE = re.compile(r"^\s*(?:E\s+)?(?:\w+Error: )?\[(info|low|medium|high|critical)\] [\w.:/-]+", re.MULTILINE)


def area_key(module_name: str) -> str:
    """`test_csp_policy.py` → `csp_policy`: the module is the area a check belongs to."""
    stem = module_name.rsplit("/", 1)[-1].removesuffix(".py")
    return stem.removeprefix("test_") or stem


def area_title(key: str) -> str:
    """`csp_policy` → `CSP policy`."""
    words = [AREA_NAMES.get(word, word) for word in key.split("_") if word]
    if not words:
        return key
    first = words[0]
    words[0] = first if first.isupper() else first.capitalize()
    return " ".join(words)


def check_title(function_name: str) -> str:
    """`test_health_status[/api]` → `health status [/api]`: the check, as a person says it."""
    base, bracket, params = function_name.partition("[")
    words = base.removeprefix("test_").replace("_", " ").strip() or base
    return f"{words} [{params}" if bracket else words


def default_severity(area: str) -> str:
    """The Allure severity of a check in `area` (module key) before it has found anything."""
    first = area.split("_", 1)[0]
    return AREA_SEVERITY.get(area) or AREA_SEVERITY.get(first) or "normal"


def severity_from_failure(text: str) -> str | None:
    """The Allure severity of the worst finding named in a failure message (`[high] csp.x: …`)."""
    found = [Severity[match.upper()] for match in _FINDING_LINE.findall(text)]
    return ALLURE_SEVERITY[max(found)] if found else None
