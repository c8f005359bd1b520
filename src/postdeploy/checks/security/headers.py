"""Security response headers: HSTS, framing, nosniff, Referrer-Policy, Permissions-Policy, COOP/COEP/CORP, leaks."""

from __future__ import annotations

import re
from dataclasses import dataclass

from postdeploy.csp.parser import Policy
from postdeploy.findings import Finding, Severity

Headers = list[tuple[str, str]]

SIX_MONTHS = 15552000  # 180 days; the Observatory's threshold is 15768000 (six months of 30.4 days)
REFERRER_VALUES = frozenset(
    {
        "no-referrer",
        "no-referrer-when-downgrade",
        "origin",
        "origin-when-cross-origin",
        "same-origin",
        "strict-origin",
        "strict-origin-when-cross-origin",
        "unsafe-url",
    }
)
REFERRER_PRIVATE = frozenset({"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"})
REFERRER_UNSAFE = frozenset({"unsafe-url", "origin", "origin-when-cross-origin"})
# Framework debug headers that should never reach production.
DEBUG_HEADERS = frozenset(
    {
        "x-aspnet-version",
        "x-aspnetmvc-version",
        "x-debug-token",
        "x-debug-token-link",
        "x-debug",
        "x-php-version",
        "x-drupal-debug",
        "x-sourcemap",
        "sourcemap",
    }
)
_VERSION = re.compile(r"\d+\.\d+")


def values_of(headers: Headers, name: str) -> list[str]:
    return [v for k, v in headers if k.lower() == name]


def _finding(id: str, severity: Severity, message: str, path: str, **evidence: object) -> Finding:
    return Finding(id, severity, f"{path}: {message}", {"path": path, **evidence}, subject=path)


@dataclass(frozen=True)
class Hsts:
    max_age: int | None
    include_subdomains: bool
    preload: bool
    problems: tuple[str, ...]


def parse_hsts(value: str) -> Hsts:
    """RFC 6797 §6.1: directives separated by `;`, names case-insensitive, each at most once."""
    seen: set[str] = set()
    problems: list[str] = []
    max_age: int | None = None
    for part in value.split(";"):
        if not part.strip():
            continue
        name, _, raw = part.strip().partition("=")
        name = name.strip().lower()
        if name in seen:
            problems.append(f"directive {name} repeated")
        seen.add(name)
        if name == "max-age":
            digits = raw.strip().strip('"')
            if digits.isdigit():
                max_age = int(digits)
            else:
                problems.append(f"max-age {raw.strip()!r} is not a number")
    if max_age is None and not any(p.startswith("max-age") for p in problems):
        problems.append("no max-age")
    return Hsts(max_age, "includesubdomains" in seen, "preload" in seen, tuple(problems))


def check_hsts(headers: Headers, path: str, min_age: int = SIX_MONTHS) -> list[Finding]:
    values = values_of(headers, "strict-transport-security")
    if not values:
        return [_finding("headers.hsts-missing", Severity.HIGH, "no Strict-Transport-Security header", path)]
    findings: list[Finding] = []
    if len(values) > 1:
        findings.append(
            _finding(
                "headers.hsts-duplicate",
                Severity.MEDIUM,
                f"{len(values)} Strict-Transport-Security headers (browsers use only the first)",
                path,
                values=values,
            )
        )
    hsts = parse_hsts(values[0])
    if hsts.problems:
        findings.append(
            _finding(
                "headers.hsts-invalid",
                Severity.HIGH,
                f"malformed Strict-Transport-Security ({'; '.join(hsts.problems)})",
                path,
                value=values[0],
            )
        )
    elif hsts.max_age is not None and hsts.max_age < min_age:
        findings.append(
            _finding(
                "headers.hsts-short",
                Severity.MEDIUM,
                f"HSTS max-age={hsts.max_age} is shorter than {min_age} s (six months)",
                path,
                value=values[0],
            )
        )
    if not hsts.problems and not hsts.include_subdomains:
        findings.append(
            _finding(
                "headers.hsts-no-subdomains", Severity.LOW, "HSTS without includeSubDomains", path, value=values[0]
            )
        )
    if hsts.preload and (not hsts.include_subdomains or (hsts.max_age or 0) < 31536000):
        findings.append(
            _finding(
                "headers.hsts-preload-ineligible",
                Severity.INFO,
                "preload asked, but the preload list needs includeSubDomains and max-age >= 1 year",
                path,
                value=values[0],
            )
        )
    return findings


def frame_ancestors(policies: list[Policy]) -> list[str] | None:
    """The enforced header policy's frame-ancestors sources (<meta> policies cannot set it)."""
    for policy in policies:
        if policy.delivery == "header" and "frame-ancestors" in policy.directives:
            return policy.directives["frame-ancestors"]
    return None


def check_framing(headers: Headers, policies: list[Policy], path: str) -> list[Finding]:
    values = values_of(headers, "x-frame-options")
    ancestors = frame_ancestors(policies)
    if not values and ancestors is None:
        return [
            _finding(
                "headers.frame-options-missing",
                Severity.HIGH,
                "neither X-Frame-Options nor CSP frame-ancestors: the page can be framed (clickjacking)",
                path,
            )
        ]
    findings: list[Finding] = []
    if values:
        value = values[0].strip().upper()
        if value.startswith("ALLOW-FROM"):
            if ancestors is None:
                findings.append(
                    _finding(
                        "headers.frame-options-obsolete",
                        Severity.MEDIUM,
                        "X-Frame-Options ALLOW-FROM is ignored by modern browsers; use frame-ancestors",
                        path,
                        value=values[0],
                    )
                )
        elif value not in ("DENY", "SAMEORIGIN") and ancestors is None:
            findings.append(
                _finding(
                    "headers.frame-options-invalid",
                    Severity.HIGH,
                    f"X-Frame-Options {values[0]!r} is not DENY or SAMEORIGIN",
                    path,
                    value=values[0],
                )
            )
    if ancestors is not None and any(v == "*" or v in ("http:", "https:") for v in ancestors):
        findings.append(
            _finding(
                "headers.frame-ancestors-open",
                Severity.HIGH,
                f"CSP frame-ancestors {' '.join(ancestors)} lets any site frame the page",
                path,
            )
        )
    return findings


def check_nosniff(headers: Headers, path: str) -> list[Finding]:
    values = values_of(headers, "x-content-type-options")
    if not values:
        return [_finding("headers.nosniff-missing", Severity.MEDIUM, "no X-Content-Type-Options: nosniff", path)]
    if values[0].strip().lower() != "nosniff":
        return [
            _finding(
                "headers.nosniff-invalid",
                Severity.MEDIUM,
                f"X-Content-Type-Options is {values[0]!r}, not nosniff",
                path,
                value=values[0],
            )
        ]
    return []


def referrer_policy(headers: Headers) -> tuple[str | None, list[str]]:
    """The policy browsers apply (the last recognised token of all values) and every token seen."""
    tokens = [t.strip().lower() for v in values_of(headers, "referrer-policy") for t in v.split(",") if t.strip()]
    known = [t for t in tokens if t in REFERRER_VALUES]
    return (known[-1] if known else None), tokens


def check_referrer_policy(headers: Headers, path: str) -> list[Finding]:
    policy, tokens = referrer_policy(headers)
    if not tokens:
        return [
            _finding(
                "headers.referrer-missing",
                Severity.LOW,
                "no Referrer-Policy (browsers default to strict-origin-when-cross-origin)",
                path,
            )
        ]
    if policy is None:
        return [
            _finding(
                "headers.referrer-invalid", Severity.LOW, f"Referrer-Policy {', '.join(tokens)!r} is not valid", path
            )
        ]
    if policy == "unsafe-url":
        return [
            _finding(
                "headers.referrer-unsafe",
                Severity.MEDIUM,
                "Referrer-Policy unsafe-url sends full URLs (paths, queries, tokens) to every site, even over http",
                path,
                value=policy,
            )
        ]
    if policy in REFERRER_UNSAFE:
        return [
            _finding(
                "headers.referrer-unsafe",
                Severity.LOW,
                f"Referrer-Policy {policy} leaks more than strict-origin-when-cross-origin",
                path,
                value=policy,
            )
        ]
    return []


def check_permissions_policy(headers: Headers, path: str) -> list[Finding]:
    if values_of(headers, "permissions-policy"):
        return []
    return [
        _finding(
            "headers.permissions-policy-missing",
            Severity.MEDIUM,  # the origin documents set it; a page without it keeps every powerful feature
            "no Permissions-Policy (camera, microphone, geolocation left to defaults)",
            path,
        )
    ]


def check_cross_origin_isolation(headers: Headers, path: str, *, coop: bool, coep: bool, corp: bool) -> list[Finding]:
    """COOP/COEP/CORP, each required only when the profile asks for it."""
    wanted = {
        "cross-origin-opener-policy": (coop, {"same-origin", "same-origin-allow-popups", "noopener-allow-popups"}),
        "cross-origin-embedder-policy": (coep, {"require-corp", "credentialless"}),
        "cross-origin-resource-policy": (corp, {"same-origin", "same-site", "cross-origin"}),
    }
    findings: list[Finding] = []
    short = {"cross-origin-opener-policy": "coop", "cross-origin-embedder-policy": "coep"}
    for name, (required, valid) in wanted.items():
        values = values_of(headers, name)
        tag = short.get(name, "corp")
        if values and values[0].split(";")[0].strip().lower() not in valid:
            findings.append(
                _finding(f"headers.{tag}-invalid", Severity.MEDIUM, f"{name} {values[0]!r} is not valid", path)
            )
        elif required and not values:
            findings.append(_finding(f"headers.{tag}-missing", Severity.MEDIUM, f"no {name} header", path))
    return findings


def check_information_leaks(headers: Headers, path: str) -> list[Finding]:
    findings: list[Finding] = []
    for value in values_of(headers, "x-powered-by"):
        findings.append(
            _finding(
                "headers.powered-by",
                Severity.MEDIUM,
                f"X-Powered-By: {value} names the framework (and version) to attackers",
                path,
                value=value,
            )
        )
    for value in values_of(headers, "server"):
        if _VERSION.search(value):
            findings.append(
                _finding(
                    "headers.server-version", Severity.MEDIUM, f"Server: {value} discloses a version", path, value=value
                )
            )
    for name, value in headers:
        if name.lower() in DEBUG_HEADERS:
            findings.append(
                _finding(
                    "headers.debug-header",
                    Severity.MEDIUM,
                    f"debug header {name} present in production",
                    path,
                    header=name,
                    value=value,
                )
            )
    return findings
