"""Finding a Supabase project in what a site serves: every Supabase front end embeds its project URL
and its anon (JWT) or publishable key in the HTML or the JavaScript bundles."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}")
_PUBLISHABLE = re.compile(r"\bsb_publishable_[A-Za-z0-9_-]{10,}")
_HOSTED = re.compile(r"https://[a-z0-9-]{6,40}\.supabase\.(?:co|in)\b")
# Q: a quote as it appears in JS, JSON, or JSON inside a JS string (Next.js's inlined payloads).
_Q = r"""\\{0,3}["'`]"""
_NAMED_URL = re.compile(rf"(?i)[A-Z0-9_]*SUPABASE_?URL{_Q}?\s*[:=]\s*{_Q}(https?://[^\s\"'`\\]+){_Q}")
_ANY_URL = re.compile(rf"{_Q}(https?://[^\s\"'`\\]+){_Q}")
# supabase.from("bookings"): the tables a front end reads, for when no OpenAPI document is served.
_FROM_TABLE = re.compile(rf"\.from\(\s*{_Q}([A-Za-z_][A-Za-z0-9_]{{0,62}}){_Q}\s*\)")
# How far from the key a URL literal may sit to count as its createClient(url, key) partner.
_NEAR = 300


def jwt_claims(token: str) -> dict[str, Any] | None:
    """The payload of a JWT, decoded without verifying it (never printed: keys are secrets here)."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (ValueError, json.JSONDecodeError):
        return None
    return claims if isinstance(claims, dict) else None


def key_kind(key: str) -> str:
    """'anon', 'publishable', 'secret' (service_role or sb_secret_: never to be used) or 'unknown'."""
    if key.startswith("sb_publishable_"):
        return "publishable"
    if key.startswith("sb_secret_"):
        return "secret"
    role = (jwt_claims(key) or {}).get("role")
    return {"anon": "anon", "service_role": "secret"}.get(str(role), "unknown")


@dataclass(frozen=True)
class Discovery:
    """What the pages gave away: the URL and the client key, each with where it was found."""

    url: str | None = None
    key: str | None = None
    url_source: str = ""
    key_source: str = ""
    tables: tuple[str, ...] = ()


def _keys_in(text: str) -> list[tuple[int, str]]:
    found = [(m.start(), m.group()) for m in _PUBLISHABLE.finditer(text)]
    found += [(m.start(), m.group()) for m in _JWT.finditer(text) if key_kind(m.group()) == "anon"]
    return sorted(found)


def _url_in(text: str, key_at: int | None) -> str | None:
    """The hosted project URL, else a *SUPABASE_URL assignment, else the URL literal nearest the key."""
    for pattern in (_HOSTED, _NAMED_URL):
        match = pattern.search(text)
        if match:
            return match.group(match.lastindex or 0)
    if key_at is None:
        return None
    near = [m for m in _ANY_URL.finditer(text, max(0, key_at - _NEAR), key_at + _NEAR)]
    if not near:
        return None
    return min(near, key=lambda m: abs(m.start() - key_at)).group(1)


def _url_from_ref(key: str) -> str | None:
    # A legacy anon key names its project: {"ref": "<20 letters>"} → https://<ref>.supabase.co
    ref = (jwt_claims(key) or {}).get("ref")
    return f"https://{ref}.supabase.co" if isinstance(ref, str) and re.fullmatch(r"[a-z0-9]{20}", ref) else None


def discover(sources: Iterable[tuple[str, str]]) -> Discovery:
    """Search (where, text) pairs — pages first, then scripts — for the project URL and key."""
    url = key = None
    url_source = key_source = ""
    tables: dict[str, None] = {}
    for where, text in sources:
        keys = _keys_in(text)
        if key is None and keys:
            key, key_source = keys[0][1], where
        if url is None:
            found = _url_in(text, keys[0][0] if keys else None)
            if found:
                url, url_source = found.rstrip("/"), where
        tables.update(dict.fromkeys(m.group(1) for m in _FROM_TABLE.finditer(text)))
    if url is None and key is not None and (from_ref := _url_from_ref(key)):
        url, url_source = from_ref, f"{key_source} (the key's project ref)"
    return Discovery(url, key, url_source, key_source, tuple(tables))
