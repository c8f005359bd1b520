"""Secret redaction for anything recorded: evidence, attachments, logs, traces.

Two nets: the exact values of known secrets (read from the env vars a profile names), and
patterns for secrets we were not told about (Stripe keys, webhook secrets, bearer tokens, cookies).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from urllib.parse import quote, quote_plus

MASK = "[REDACTED]"

SENSITIVE_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-api-key",
        "stripe-signature",
        "x-vercel-protection-bypass",
        "apikey",  # Supabase's key header
    }
)

# Env var names whose values are secrets wherever they appear.
SECRET_ENV_HINTS = ("PASSWORD", "SECRET", "TOKEN", "API_KEY", "PRIVATE", "SESSION", "COOKIE", "SK_")

_PATTERNS = [
    re.compile(r"\b(?:sk|rk)_(?:test|live)_[0-9A-Za-z]{8,}"),
    re.compile(r"\bwhsec_[0-9A-Za-z_]{8,}"),
    re.compile(r"\bsb_(?:publishable|secret)_[0-9A-Za-z_-]{8,}"),  # Supabase's newer API keys
    re.compile(r"(?i)\bbearer\s+[A-Za-z0-9\-._~+/]+=*"),
    re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"),  # JWTs
    # Keys the bundle check recognises, should a page that ships one be attached elsewhere.
    re.compile(r"\bsb_secret_[A-Za-z0-9_-]{8,}"),
    re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})"),
    re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)"),
    re.compile(r"(?i)(password|passwd|secret)=([^&\s\"']+)"),
]


def secret_values(env: Mapping[str, str], names: Iterable[str] = ()) -> list[str]:
    """Values of the named env vars plus every env var whose name looks secret (min length 4)."""
    wanted = set(names)
    values = {
        value
        for key, value in env.items()
        if value and len(value) >= 4 and (key in wanted or any(h in key.upper() for h in SECRET_ENV_HINTS))
    }
    # Longest first, so a secret containing another is masked whole.
    return sorted(values, key=len, reverse=True)


class Redactor:
    """Masks known secret values and secret-looking patterns in text and headers."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def add(self, *secrets: str) -> None:
        self._secrets = sorted(set(self._secrets) | {s for s in secrets if s}, key=len, reverse=True)

    def text(self, value: str) -> str:
        for secret in self._secrets:
            value = value.replace(secret, MASK)
        for pattern in _PATTERNS:
            if pattern.groups == 2:
                value = pattern.sub(lambda m: f"{m.group(1)}={MASK}", value)
            else:
                value = pattern.sub(MASK, value)
        return value

    def headers(self, headers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(name, MASK if name.lower() in SENSITIVE_HEADERS else self.text(value)) for name, value in headers]


def secret_variants(secrets: Iterable[str]) -> list[str]:
    """Each secret as it may appear in a trace: raw, URL-encoded (form bodies), JSON-escaped."""
    variants = set()
    for secret in secrets:
        if not secret:
            continue
        variants.update({secret, quote(secret, safe=""), quote_plus(secret), json.dumps(secret)[1:-1]})
    return sorted(variants, key=len, reverse=True)
