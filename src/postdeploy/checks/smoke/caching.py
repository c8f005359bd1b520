"""Caching and compression: static assets immutable and long-lived, API answers no-store, HTML compressed."""

from __future__ import annotations

from collections.abc import Mapping

from postdeploy.findings import Finding, Severity

__all__ = ["check_api_no_store", "check_compressed", "check_static_cache", "parse_cache_control"]

COMPRESSIONS = frozenset({"gzip", "br", "zstd", "deflate"})
# What the compression check says it accepts (and what the smoke prefetch sends for it).
ACCEPT_ENCODING = "gzip, br"


def parse_cache_control(value: str) -> dict[str, str | None]:
    """`public, max-age=60, immutable` → {"public": None, "max-age": "60", "immutable": None}."""
    directives: dict[str, str | None] = {}
    for part in value.split(","):
        name, sep, arg = part.strip().partition("=")
        if name:
            directives[name.strip().lower()] = arg.strip().strip('"') if sep else None
    return directives


def _header(headers: Mapping[str, str], name: str) -> str:
    # httpx.Headers is case-insensitive already; plain dicts from saved inputs may not be.
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return ""


def check_static_cache(path: str, headers: Mapping[str, str], min_max_age: int) -> list[Finding]:
    """Fingerprinted static assets must be cacheable forever: `immutable` and a long max-age."""
    raw = _header(headers, "cache-control")
    directives = parse_cache_control(raw)
    problems: list[str] = []
    if "no-store" in directives or "no-cache" in directives or "private" in directives:
        problems.append("is marked " + "/".join(d for d in ("no-store", "no-cache", "private") if d in directives))
    age_text = directives.get("s-maxage") or directives.get("max-age") or ""
    age = int(age_text) if age_text.isdigit() else 0
    if age < min_max_age:
        problems.append(f"max-age {age} is under {min_max_age}")
    if "immutable" not in directives:
        problems.append("is not immutable")
    if not problems:
        return []
    return [
        Finding(
            "caching.static",
            Severity.MEDIUM,
            f"static asset {path} is not cached long-term: {', '.join(problems)} (Cache-Control: {raw or 'absent'})",
            {"cache_control": raw},
            subject=path,
        )
    ]


def check_api_no_store(path: str, headers: Mapping[str, str]) -> list[Finding]:
    """API answers carry per-user or live data: no shared or browser cache may keep them."""
    raw = _header(headers, "cache-control")
    directives = parse_cache_control(raw)
    if "no-store" in directives:
        return []
    shared = " and is publicly cacheable" if "public" in directives or "s-maxage" in directives else ""
    return [
        Finding(
            "caching.api-cacheable",
            Severity.HIGH,
            f"API response {path} lacks Cache-Control: no-store{shared} (Cache-Control: {raw or 'absent'})",
            {"cache_control": raw},
            subject=path,
        )
    ]


def check_compressed(
    path: str,
    headers: Mapping[str, str],
    accepted: str = ACCEPT_ENCODING,
    body_bytes: int | None = None,
    min_bytes: int = 0,
) -> list[Finding]:
    """HTML must be compressed when the client says it accepts gzip or br (bodies under `min_bytes`
    excepted: servers rightly skip compressing tiny bodies, where it saves nothing)."""
    encoding = _header(headers, "content-encoding").lower()
    used = {e.strip() for e in encoding.split(",") if e.strip()}
    if used & COMPRESSIONS or (body_bytes is not None and body_bytes < min_bytes):
        return []
    return [
        Finding(
            "caching.not-compressed",
            Severity.MEDIUM,
            f"{path} is served uncompressed{f' ({body_bytes} bytes)' if body_bytes is not None else ''} "
            f"although the client accepts {accepted} "
            f"(Content-Encoding: {encoding or 'absent'})",
            {"content_encoding": encoding, "accept_encoding": accepted},
            subject=path,
        )
    ]
