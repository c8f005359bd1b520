"""Secrets shipped to the browser: server-only keys found in a page's HTML or in a script it loads.

Recognised by shape (Stripe secret and restricted keys, webhook secrets, Supabase secret keys, AWS
and GitHub tokens, private-key blocks), by meaning (a JWT whose payload says `service_role`), and
by name (a quoted value assigned to a name containing SECRET, PRIVATE or SERVICE_ROLE). Evidence
names the file and the offset and shows a redacted excerpt: the key itself never leaves this module.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from postdeploy.findings import Finding, Severity

EXCERPT_CHARS = 40  # of context on each side of a secret
MAX_FINDINGS_PER_FILE = 20


def _jwt_role(token: str) -> str | None:
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        payload = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (ValueError, binascii.Error):
        return None
    role = payload.get("role") if isinstance(payload, dict) else None
    return role if isinstance(role, str) else None


def _always(_: str) -> bool:
    return True


def _service_role(token: str) -> bool:
    return _jwt_role(token) == "service_role"


@dataclass(frozen=True)
class SecretRule:
    id: str
    what: str
    pattern: re.Pattern[str]
    severity: Severity
    # Literal text every match contains: the pattern only runs near one (a plain substring search
    # is ~100x faster than a regex over megabytes of minified code), from `reach` characters before
    # it to `span` characters after.
    anchors: tuple[str, ...]
    confirm: Callable[[str], bool] = _always
    group: int = 0  # the pattern group holding the secret value
    reach: int = 0
    span: int = 512

    def matches(self, text: str) -> list[re.Match[str]]:
        found: dict[tuple[int, int], re.Match[str]] = {}
        for anchor in self.anchors:
            at = text.find(anchor)
            while at >= 0:
                for match in self.pattern.finditer(text, max(0, at - self.reach), min(len(text), at + self.span)):
                    found.setdefault(match.span(), match)
                at = text.find(anchor, at + len(anchor))
        return [found[span] for span in sorted(found)]


RULES: tuple[SecretRule, ...] = (
    SecretRule(
        "bundle.service-role-jwt",
        "a Supabase service-role key (JWT with role service_role): it bypasses Row Level Security",
        re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"),
        Severity.CRITICAL,
        anchors=("eyJ",),
        confirm=_service_role,
        span=8192,
    ),
    SecretRule(
        "bundle.supabase-secret-key",
        "a Supabase secret key (sb_secret_)",
        re.compile(r"\bsb_secret_[A-Za-z0-9_-]{16,}"),
        Severity.CRITICAL,
        anchors=("sb_secret_",),
    ),
    SecretRule(
        "bundle.stripe-live-secret",
        "a live Stripe secret or restricted key",
        re.compile(r"\b(?:sk|rk)_live_[0-9A-Za-z]{16,}"),
        Severity.CRITICAL,
        anchors=("k_live_",),
        reach=1,
    ),
    SecretRule(
        "bundle.stripe-test-secret",
        "a test-mode Stripe secret or restricted key",
        re.compile(r"\b(?:sk|rk)_test_[0-9A-Za-z]{16,}"),
        Severity.HIGH,
        anchors=("k_test_",),
        reach=1,
    ),
    SecretRule(
        "bundle.webhook-secret",
        "a webhook signing secret (whsec_): anyone can forge signed events",
        re.compile(r"\bwhsec_[A-Za-z0-9+/=_]{16,}"),
        Severity.CRITICAL,
        anchors=("whsec_",),
    ),
    SecretRule(
        "bundle.private-key",
        "a private-key block",
        # The whole block when its end is near, so no excerpt shows a line of the key.
        re.compile(
            r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]{0,8192}?-----END [A-Z0-9 ]*-----)?"
        ),
        Severity.CRITICAL,
        anchors=("PRIVATE KEY",),
        reach=64,
        span=8300,
    ),
    SecretRule(
        "bundle.aws-access-key",
        "an AWS access key id",
        re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
        Severity.HIGH,
        anchors=("AKIA", "ASIA"),
    ),
    SecretRule(
        "bundle.github-token",
        "a GitHub token",
        re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b"),
        Severity.HIGH,
        anchors=("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
    ),
    SecretRule(
        "bundle.secret-assignment",
        "a value assigned to a secret-named variable",
        # `STRIPE_SECRET_KEY:"…"`, `"SUPABASE_SERVICE_ROLE_KEY":"…"`, `JWT_PRIVATE_KEY = '…'`
        re.compile(
            r"(?<![\w$])[\"']?([A-Z][A-Z0-9_]*(?:SECRET|PRIVATE|SERVICE_ROLE)[A-Z0-9_]*)[\"']?\s*[:=]\s*"
            r"[\"'`]([^\"'`\s]{8,})[\"'`]"
        ),
        Severity.HIGH,
        anchors=("SECRET", "PRIVATE", "SERVICE_ROLE"),
        group=2,
        reach=100,
        span=2048,
    ),
)

# Values that name a secret rather than hold one (templates, placeholders, redactions).
_PLACEHOLDER = re.compile(
    r"(?i)^(?:undefined|null|true|false|process\.env\..*|\$\{.*\}|<.*>|\[redacted\]|x{8,}|\*{8,})$"
)


def mask(value: str) -> str:
    """Enough of a secret to recognise its kind, never enough to use it: `sk_live_[REDACTED 40 chars]`."""
    prefix = re.match(r"^(?:[a-z]{2,6}_(?:live_|test_|secret_|pat_)?|eyJ|AKIA|ASIA|-----BEGIN)", value)
    shown = prefix.group(0) if prefix else ""
    return f"{shown}[REDACTED {len(value)} chars]"


@dataclass(frozen=True)
class SecretHit:
    rule: SecretRule
    start: int
    end: int
    value: str


def find_secrets(text: str) -> list[SecretHit]:
    """Every secret in `text`, each once (the most specific rule wins where two overlap)."""
    hits: list[SecretHit] = []
    taken: list[tuple[int, int]] = []
    for rule in RULES:
        for match in rule.matches(text):
            value = match.group(rule.group)
            start, end = match.span(rule.group)
            if not rule.confirm(value) or _PLACEHOLDER.match(value):
                continue
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            hits.append(SecretHit(rule, start, end, value))
    return sorted(hits, key=lambda h: h.start)


def excerpt(text: str, hit: SecretHit, others: list[SecretHit]) -> str:
    """The secret in context, every secret in the window masked, on one line."""
    lo, hi = max(0, hit.start - EXCERPT_CHARS), min(len(text), hit.end + EXCERPT_CHARS)
    pieces, cursor = [], lo
    for other in sorted(others, key=lambda h: h.start):
        if other.end <= lo or other.start >= hi:
            continue
        pieces.append(text[cursor : max(cursor, other.start)])
        pieces.append(mask(other.value))
        cursor = max(cursor, other.end)
    pieces.append(text[cursor:hi])
    body = "".join(pieces).replace("\n", "\\n").replace("\r", "\\r")
    return ("…" if lo > 0 else "") + body + ("…" if hi < len(text) else "")


def check_text(name: str, text: str) -> list[Finding]:
    """Findings for one file sent to the browser (`name`: its path, or `page /` for a page's HTML)."""
    hits = find_secrets(text)
    findings = []
    for hit in hits[:MAX_FINDINGS_PER_FILE]:
        evidence: dict[str, object] = {
            "file": name,
            "offset": hit.start,
            "excerpt": excerpt(text, hit, hits),
            "secret": mask(hit.value),
        }
        if hit.rule.id == "bundle.service-role-jwt":
            evidence["jwt_role"] = "service_role"
        findings.append(
            Finding(
                hit.rule.id,
                hit.rule.severity,
                f"{name} ships {hit.rule.what} to every browser (offset {hit.start})",
                evidence,
                subject=name,
            )
        )
    return findings
