"""Parse Content-Security-Policy text into policies: several headers, comma-joined lists, Report-Only and <meta>."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Literal

Delivery = Literal["header", "report-only", "meta"]

# Values that are keywords are case-insensitive; hosts and paths keep their case (paths are case-sensitive).
KEYWORDS = frozenset(
    {
        "'self'",
        "'none'",
        "'unsafe-inline'",
        "'unsafe-eval'",
        "'wasm-eval'",
        "'wasm-unsafe-eval'",
        "'strict-dynamic'",
        "'unsafe-hashed-attributes'",
        "'unsafe-hashes'",
        "'report-sample'",
        "'block'",
        "'allow'",
        "'inline-speculation-rules'",
    }
)
_SCHEME = re.compile(r"^[a-zA-Z][+a-zA-Z0-9.-]*:$")
# In a <meta> policy these are ignored by browsers (CSP3 §3.3).
META_IGNORED = frozenset({"frame-ancestors", "report-uri", "sandbox"})


def is_scheme(value: str) -> bool:
    return bool(_SCHEME.match(value))


@dataclass
class Policy:
    """One serialized policy: directive name → source list, in order, first occurrence wins."""

    directives: dict[str, list[str]] = field(default_factory=dict)
    delivery: Delivery = "header"
    raw: str = ""
    # Directive names that appeared more than once (browsers ignore the repeats).
    duplicates: list[str] = field(default_factory=list)

    @property
    def enforced(self) -> bool:
        return self.delivery != "report-only"

    def effective_directive(self, name: str) -> str:
        """The directive the browser actually consults for `name` (fallback to script-src/default-src)."""
        if name in self.directives:
            return name
        if name in ("script-src-attr", "script-src-elem") and "script-src" in self.directives:
            return "script-src"
        if name in ("style-src-attr", "style-src-elem") and "style-src" in self.directives:
            return "style-src"
        if name in FETCH_DIRECTIVES:
            return "default-src"
        return name

    def values(self, name: str) -> list[str]:
        return self.directives.get(self.effective_directive(name), [])

    def serialize(self) -> str:
        return "; ".join(" ".join([name, *values]) for name, values in self.directives.items())


FETCH_DIRECTIVES = frozenset(
    {
        "child-src",
        "connect-src",
        "default-src",
        "font-src",
        "frame-src",
        "img-src",
        "manifest-src",
        "media-src",
        "object-src",
        "script-src",
        "script-src-attr",
        "script-src-elem",
        "style-src",
        "style-src-attr",
        "style-src-elem",
        "worker-src",
    }
)


def _normalize_value(value: str) -> str:
    lowered = value.lower()
    if lowered in KEYWORDS or is_scheme(value):
        return lowered
    return value


def parse_policy(text: str, delivery: Delivery = "header") -> Policy:
    """Parse one serialized policy (no commas): `;`-separated directives, names case-insensitive."""
    policy = Policy(delivery=delivery, raw=text)
    for token in text.split(";"):
        parts = token.split()
        if not parts:
            continue
        name = parts[0].lower()
        if name in policy.directives:
            policy.duplicates.append(name)
            continue
        values: list[str] = []
        for raw_value in parts[1:]:
            value = _normalize_value(raw_value)
            if value not in values:
                values.append(value)
        policy.directives[name] = values
    return policy


def parse_header_values(values: list[str], delivery: Delivery = "header") -> list[Policy]:
    """Every policy in a set of header values: each header may carry several policies joined by commas."""
    policies: list[Policy] = []
    for value in values:
        for part in value.split(","):
            if part.strip():
                policies.append(parse_policy(part.strip(), delivery))
    return policies


class _MetaPolicies(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "meta":
            return
        attributes = {k.lower(): (v or "") for k, v in attrs}
        if attributes.get("http-equiv", "").strip().lower() == "content-security-policy":
            self.found.append(attributes.get("content", ""))


def meta_policies(html: str) -> list[Policy]:
    """Policies declared with <meta http-equiv="Content-Security-Policy"> (Report-Only is not allowed in meta)."""
    finder = _MetaPolicies()
    finder.feed(html)
    return [policy for content in finder.found for policy in parse_header_values([content], "meta")]


def policies_of(headers: list[tuple[str, str]], html: str | None = None) -> list[Policy]:
    """All policies a response delivers: enforced headers, Report-Only headers, then <meta> tags."""
    enforced = [v for k, v in headers if k.lower() == "content-security-policy"]
    report_only = [v for k, v in headers if k.lower() == "content-security-policy-report-only"]
    policies = parse_header_values(enforced, "header") + parse_header_values(report_only, "report-only")
    if html:
        policies += meta_policies(html)
    return policies
