"""An Observatory-style score and letter grade (Mozilla HTTP Observatory's modifiers, documented below).

Start at 100; subtract every penalty (floor 0); if the result is 90 or more, add the bonuses.
Scored: CSP, cookies, CORS, Referrer-Policy, HSTS, SRI, X-Content-Type-Options, X-Frame-Options,
with the Observatory's modifier names and values. Not scored: redirection (the smoke layer's TLS
checks own it) and the HSTS preload bonus (needs the live Chromium preload list).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from postdeploy.checks.security.cookies import SetCookie, is_session_cookie
from postdeploy.checks.security.headers import (
    REFERRER_PRIVATE,
    REFERRER_UNSAFE,
    SIX_MONTHS,
    Headers,
    frame_ancestors,
    parse_hsts,
    referrer_policy,
    values_of,
)
from postdeploy.csp.parser import Policy

GRADES = (
    (100, "A+"), (90, "A"), (85, "A-"), (80, "B+"), (70, "B"), (65, "B-"),
    (60, "C+"), (50, "C"), (45, "C-"), (40, "D+"), (30, "D"), (25, "D-"), (0, "F"),
)  # fmt: skip
GRADE_ORDER = [g for _, g in GRADES]


def letter(score: int) -> str:
    return next(g for floor, g in GRADES if score >= floor)


def at_least(grade: str, minimum: str) -> bool:
    return GRADE_ORDER.index(grade) <= GRADE_ORDER.index(minimum)


@dataclass
class Grade:
    score: int
    grade: str
    # Observatory modifier name → points, for the report.
    modifiers: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {"score": self.score, "grade": self.grade, "modifiers": self.modifiers}


def _csp(policies: list[Policy], https: bool) -> tuple[str, int]:
    enforced = [p for p in policies if p.delivery == "header"]
    if not enforced:
        return "csp-not-implemented", -25
    policy = enforced[0]
    script = policy.values("script-src")
    objects = policy.values("object-src")
    style = policy.values("style-src")
    broad = {"*", "http:", "https:"}
    nonce_or_hash = any(v.startswith(("'nonce-", "'sha")) for v in script)
    strict_dynamic = "'strict-dynamic'" in script
    unsafe_inline = "'unsafe-inline'" in script and not nonce_or_hash
    if (
        unsafe_inline
        or "data:" in script
        or (bool(broad & set(script)) and not strict_dynamic)
        or bool(broad & set(objects))
        or not script
        or not objects
    ):
        return "csp-implemented-with-unsafe-inline", -20
    all_values = [v for values in policy.directives.values() for v in values]
    passive = {"img-src", "media-src"}
    active_http = [
        v
        for name, vs in policy.directives.items()
        if name not in passive
        for v in vs
        if v in ("http:",) or v.startswith("http://")
    ]
    if https and active_http:
        return "csp-implemented-with-insecure-scheme", -20
    if "'unsafe-eval'" in script:
        return "csp-implemented-with-unsafe-eval", -10
    if https and any(v == "http:" or v.startswith("http://") for v in all_values):
        return "csp-implemented-with-insecure-scheme-in-passive-content-only", -10
    if "'unsafe-inline'" in style or "data:" in style or broad & set(style):
        return "csp-implemented-with-unsafe-inline-in-style-src-only", 0
    if policy.directives.get("default-src") == ["'none'"]:
        return "csp-implemented-with-no-unsafe-default-src-none", 10
    return "csp-implemented-with-no-unsafe", 5


def _cookies(cookies: list[SetCookie], https: bool, hsts: bool, session_names: list[str]) -> tuple[str, int]:
    if not cookies:
        return "cookies-not-found", 0
    # On plain http a Secure cookie would not even be stored: Secure is judged on https targets only.
    for cookie in cookies:
        if cookie.samesite and cookie.samesite.lower() not in ("strict", "lax", "none"):
            return "cookies-samesite-flag-invalid", -20
    sessions = [c for c in cookies if is_session_cookie(c.name, session_names)]
    if https and any(not c.secure for c in sessions):
        return (
            ("cookies-session-without-secure-flag-but-protected-by-hsts", -10)
            if hsts
            else (
                "cookies-session-without-secure-flag",
                -40,
            )
        )
    if any(not c.httponly for c in sessions):
        return "cookies-session-without-httponly-flag", -30
    if https and any(not c.secure for c in cookies):
        return (
            ("cookies-without-secure-flag-but-protected-by-hsts", -5) if hsts else ("cookies-without-secure-flag", -20)
        )
    if all(c.samesite and c.samesite.lower() in ("strict", "lax") for c in cookies):
        return "cookies-secure-with-httponly-sessions-and-samesite", 5
    return "cookies-secure-with-httponly-sessions", 0


def _cors(headers: Headers, probe_origin: str) -> tuple[str, int]:
    allow = values_of(headers, "access-control-allow-origin")
    if not allow:
        return "cross-origin-resource-sharing-not-implemented", 0
    credentials = any(v.strip().lower() == "true" for v in values_of(headers, "access-control-allow-credentials"))
    if allow[0].strip() == probe_origin and credentials:
        return "cross-origin-resource-sharing-implemented-with-universal-access", -50
    if allow[0].strip() == "*":
        return "cross-origin-resource-sharing-implemented-with-public-access", 0
    return "cross-origin-resource-sharing-implemented-with-restricted-access", 0


def _referrer(headers: Headers) -> tuple[str, int]:
    policy, tokens = referrer_policy(headers)
    if not tokens:
        return "referrer-policy-not-implemented", 0
    if policy is None:
        return "referrer-policy-header-invalid", -5
    if policy in REFERRER_PRIVATE:
        return "referrer-policy-private", 5
    if policy in REFERRER_UNSAFE:
        return "referrer-policy-unsafe", -5
    return "referrer-policy-no-referrer-when-downgrade", 0


def _hsts(headers: Headers) -> tuple[str, int]:
    values = values_of(headers, "strict-transport-security")
    if not values:
        return "hsts-not-implemented", -20
    hsts = parse_hsts(values[0])
    if hsts.problems:
        return "hsts-header-invalid", -20
    if (hsts.max_age or 0) < SIX_MONTHS:
        return "hsts-implemented-max-age-less-than-six-months", -10
    return "hsts-implemented-max-age-at-least-six-months", 0


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[str, bool]] = []  # (src, has integrity)
        self.inline = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            attributes = dict(attrs)
            if attributes.get("src"):
                self.scripts.append((attributes["src"] or "", bool(attributes.get("integrity"))))
            else:
                self.inline += 1


def _sri(html: str | None, page_url: str) -> tuple[str, int]:
    if html is None:
        return "sri-not-implemented-response-not-html", 0
    finder = _Scripts()
    finder.feed(html)
    if not finder.scripts:
        return "sri-not-implemented-but-no-scripts-loaded", 0
    page = urlsplit(page_url)
    external = [
        (urljoin(page_url, s), i) for s, i in finder.scripts if urlsplit(urljoin(page_url, s)).netloc != page.netloc
    ]
    if not external:
        if all(i for _, i in finder.scripts):
            return "sri-implemented-and-all-scripts-loaded-securely", 5
        return "sri-not-implemented-but-all-scripts-loaded-from-secure-origin", 0
    insecure = any(url.startswith("http://") for url, _ in external)
    if all(i for _, i in external):
        return (
            ("sri-implemented-but-external-scripts-not-loaded-securely", -20)
            if insecure
            else (
                "sri-implemented-and-external-scripts-loaded-securely",
                5,
            )
        )
    return (
        ("sri-not-implemented-and-external-scripts-not-loaded-securely", -50)
        if insecure
        else (
            "sri-not-implemented-but-external-scripts-loaded-securely",
            -5,
        )
    )


def _nosniff(headers: Headers) -> tuple[str, int]:
    values = values_of(headers, "x-content-type-options")
    if not values:
        return "x-content-type-options-not-implemented", -5
    if values[0].strip().lower() != "nosniff":
        return "x-content-type-options-header-invalid", -5
    return "x-content-type-options-nosniff", 0


def _framing(headers: Headers, policies: list[Policy]) -> tuple[str, int]:
    ancestors = frame_ancestors(policies)
    if ancestors is not None and not any(v in ("*", "http:", "https:") for v in ancestors):
        return "x-frame-options-implemented-via-csp", 5
    values = values_of(headers, "x-frame-options")
    if not values:
        return "x-frame-options-not-implemented", -20
    value = values[0].strip().upper()
    if value in ("DENY", "SAMEORIGIN"):
        return "x-frame-options-sameorigin-or-deny", 0
    if re.match(r"ALLOW-FROM\s", value):
        return "x-frame-options-allow-from-origin", 0
    return "x-frame-options-header-invalid", -20


def grade(
    headers: Headers,
    policies: list[Policy],
    cookies: list[SetCookie],
    *,
    page_url: str,
    html: str | None,
    cors_headers: Headers | None = None,
    probe_origin: str = "",
    session_cookie_names: list[str] | None = None,
) -> Grade:
    """Score one page the way the Observatory does (`cors_headers`: the answer to a foreign-Origin probe)."""
    https = page_url.startswith("https://")
    hsts_present = bool(values_of(headers, "strict-transport-security"))
    results = [
        _csp(policies, https),
        _cookies(cookies, https, hsts_present, session_cookie_names or []),
        _cors(cors_headers if cors_headers is not None else headers, probe_origin),
        _referrer(headers),
        _hsts(headers),
        _sri(html, page_url),
        _nosniff(headers),
        _framing(headers, policies),
    ]
    modifiers = dict(results)
    score = max(0, 100 + sum(v for v in modifiers.values() if v < 0))
    if score >= 90:
        score += sum(v for v in modifiers.values() if v > 0)
    return Grade(score, letter(score), modifiers)
