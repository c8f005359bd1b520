"""An Observatory score and letter grade, test by test as MDN's own scanner computes them
(`@mdn/mdn-http-observatory` 1.4.8, algorithm version 4; bench/observatory_compare.py keeps us honest).

Start at 100; subtract every penalty (floor 0); if the result is 90 or more, add the bonuses.
Scored: CSP, cookies, CORS, redirection (HTTP → HTTPS), Referrer-Policy, HSTS, SRI,
X-Content-Type-Options, X-Frame-Options, Cross-Origin-Resource-Policy. Not scored: the HSTS preload
list (the scanner reads Chromium's list; a site on it gains +5 there).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from postdeploy.checks.security.cookies import SetCookie
from postdeploy.checks.security.headers import (
    REFERRER_PRIVATE,
    REFERRER_VALUES,
    SIX_MONTHS,
    Headers,
    values_of,
)
from postdeploy.csp.parser import Policy

GRADES = (
    (100, "A+"), (90, "A"), (85, "A-"), (80, "B+"), (70, "B"), (65, "B-"),
    (60, "C+"), (50, "C"), (45, "C-"), (40, "D+"), (30, "D"), (25, "D-"), (0, "F"),
)  # fmt: skip
GRADE_ORDER = [g for _, g in GRADES]
# The tests a plain-HTTP URL fails by construction: it cannot redirect to itself over HTTPS or set HSTS.
TRANSPORT_TESTS = ("redirection", "strict-transport-security")

Result = tuple[str, int]


def letter(score: int) -> str:
    return next(g for floor, g in GRADES if score >= floor)


def at_least(grade: str, minimum: str) -> bool:
    return GRADE_ORDER.index(grade) <= GRADE_ORDER.index(minimum)


def _total(results: dict[str, Result]) -> int:
    points = [p for _, p in results.values()]
    score = max(0, 100 + sum(p for p in points if p < 0))
    return score + sum(p for p in points if p > 0) if score >= 90 else score


@dataclass
class Grade:
    score: int
    grade: str
    # Observatory test name → (result name, points), in the scanner's order.
    tests: dict[str, Result] = field(default_factory=dict)

    @property
    def modifiers(self) -> dict[str, int]:
        """Result name → points, for the report."""
        return {name: points for name, points in self.tests.values()}

    def without(self, *names: str) -> Grade:
        """The grade with some tests set aside (a plain-HTTP target's transport tests)."""
        kept = {k: v for k, v in self.tests.items() if k not in names}
        score = _total(kept)
        return Grade(score, letter(score), kept)

    def as_dict(self) -> dict[str, object]:
        return {"score": self.score, "grade": self.grade, "tests": {k: list(v) for k, v in self.tests.items()}}


@dataclass(frozen=True)
class HttpVisit:
    """What the site's plain-HTTP URL did: every answer on the way, redirects followed by hand
    (`hops`: URL and status, the first being the http:// URL), and whether an HTTPS hop failed
    certificate verification."""

    hops: list[tuple[str, int]]
    cert_error: bool = False


DANGEROUSLY_BROAD = frozenset({"ftp:", "http:", "https:", "*", "http://*", "http://*.*", "https://*", "https://*.*"})
UNSAFE_INLINE = frozenset({"'unsafe-inline'", "data:"})
NONCE_OR_HASH = ("'sha256-", "'sha384-", "'sha512-", "'nonce-")
PASSIVE = ("img-src", "media-src")


def _sources(policy: Policy, name: str, default: tuple[str, ...] = ("*",)) -> set[str]:
    values = policy.directives.get(name, policy.directives.get("default-src"))
    return {v.lower() for v in values} if values is not None else set(default)


def _csp(policies: list[Policy], headers: Headers, https: bool) -> Result:
    enforced = [p for p in policies if p.delivery == "header"] + [p for p in policies if p.delivery == "meta"]
    if not enforced:
        if values_of(headers, "content-security-policy-report-only"):
            return "csp-not-implemented-but-reporting-enabled", -25
        return "csp-not-implemented", -25
    policy = enforced[0]  # the scanner keeps the first policy's sources
    script, style = _sources(policy, "script-src"), _sources(policy, "style-src")
    objects = _sources(policy, "object-src")
    for sources in (script, style):
        if any(s.startswith(NONCE_OR_HASH) for s in sources):
            sources.discard("'unsafe-inline'")  # ignored by browsers beside a nonce or hash
    if "'strict-dynamic'" in script:
        if not any(s.startswith(NONCE_OR_HASH) for s in script):
            return "csp-header-invalid", -25
        script = {
            s for s in script if s not in ("'self'", "'unsafe-inline'") and not s.startswith(tuple(DANGEROUSLY_BROAD))
        }
    active = [v.lower() for name, vs in policy.directives.items() if name not in (*PASSIVE, "script-src") for v in vs]
    active += script
    passive = [v for name in PASSIVE for v in _sources(policy, name, ())]
    insecure = ("http:", "ftp:")
    if script & (DANGEROUSLY_BROAD | UNSAFE_INLINE) or objects & DANGEROUSLY_BROAD:
        return "csp-implemented-with-unsafe-inline", -20
    if https and any(v.startswith(insecure) for v in active):
        return "csp-implemented-with-insecure-scheme", -20
    if "'unsafe-eval'" in script | style:
        return "csp-implemented-with-unsafe-eval", -10
    if https and any(v.startswith(insecure) for v in passive):
        return "csp-implemented-with-insecure-scheme-in-passive-content-only", -10
    if style & (DANGEROUSLY_BROAD | UNSAFE_INLINE):
        return "csp-implemented-with-unsafe-inline-in-style-src-only", 0
    if [v.lower() for v in policy.directives.get("default-src", [])] == ["'none'"]:
        return "csp-implemented-with-no-unsafe-default-src-none", 10
    return "csp-implemented-with-no-unsafe", 5


# The scanner keeps the worst cookie result; worse ones come later in this list.
_COOKIE_ORDER = (
    ("cookies-without-secure-flag-but-protected-by-hsts", -5),
    ("cookies-without-secure-flag", -20),
    ("cookies-session-without-secure-flag-but-protected-by-hsts", -10),
    ("cookies-samesite-flag-invalid", -20),
    ("cookies-anticsrf-without-samesite-flag", -20),
    ("cookies-session-without-httponly-flag", -30),
    ("cookies-session-without-secure-flag", -40),
)


def _cookies(cookies: list[SetCookie], hsts: bool, session_names: list[str]) -> Result:
    if not cookies:
        return "cookies-not-found", 0
    worst = -1

    def worse(index: int) -> None:
        nonlocal worst
        worst = max(worst, index)

    for cookie in cookies:
        name = cookie.name.lower()
        # The scanner's own heuristic, plus the session cookies the profile names.
        session = "login" in name or "sess" in name or cookie.name in session_names
        samesite = (cookie.samesite or "").strip().lower()
        if "samesite" in cookie.raw_attributes and samesite not in ("lax", "strict", "none"):
            worse(3)
        if samesite == "none" and not cookie.secure:
            worse(3)
        if not cookie.secure:
            worse(0 if hsts else 1)
            if session:
                worse(2 if hsts else 6)
        if "csrf" in name and not samesite:
            worse(4)
        if session and not cookie.httponly:
            worse(5)
    if worst >= 0:
        return _COOKIE_ORDER[worst]
    if all(c.samesite for c in cookies):
        return "cookies-secure-with-httponly-sessions-and-samesite", 5
    return "cookies-secure-with-httponly-sessions", 0


def _cors(headers: Headers, probe_origin: str) -> Result:
    allow = values_of(headers, "access-control-allow-origin")
    if not allow:
        return "cross-origin-resource-sharing-not-implemented", 0
    credentials = any(v.strip().lower() == "true" for v in values_of(headers, "access-control-allow-credentials"))
    if allow[0].strip() == "*":
        return "cross-origin-resource-sharing-implemented-with-public-access", 0
    if allow[0] == probe_origin and credentials:
        return "cross-origin-resource-sharing-implemented-with-universal-access", -50
    return "cross-origin-resource-sharing-implemented-with-restricted-access", 0


def _redirection(visit: HttpVisit | None) -> Result:
    if visit is None or not visit.hops:
        return "redirection-not-needed-no-http", 0
    if visit.cert_error:
        return "redirection-invalid-cert", -20
    route = [urlsplit(url) for url, _ in visit.hops]
    if len(route) == 1:
        return "redirection-missing", -20
    if route[-1].scheme != "https":
        return "redirection-not-to-https", -20
    if route[1].scheme == "http":
        return "redirection-not-to-https-on-initial-redirection", -10
    if route[0].hostname != route[1].hostname:
        return "redirection-off-host-from-http", -5
    return "redirection-to-https", 0


def _referrer(headers: Headers, meta: list[str]) -> Result:
    values = [*values_of(headers, "referrer-policy"), *meta]
    if not values:
        return "referrer-policy-not-implemented", 0
    tokens = [t.strip().lower() for v in values for t in v.split(",")]
    known = [t for t in tokens if t in REFERRER_VALUES]
    if not known:
        return "referrer-policy-header-invalid", -5
    if known[-1] in REFERRER_PRIVATE:
        return "referrer-policy-private", 5
    return "referrer-policy-unsafe", -5


def _hsts(headers: Headers, https: bool) -> Result:
    if not https:
        return "hsts-not-implemented-no-https", -20  # a header sent over plain HTTP is ignored
    values = values_of(headers, "strict-transport-security")
    if not values:
        return "hsts-not-implemented", -20
    value = values[0][:1024]
    directives = [d.strip().lower() for d in value.split(";")]
    ages = [d[8:128] for d in directives if d.startswith("max-age=")]
    if "," in value or not ages:
        return "hsts-header-invalid", -20
    digits = re.match(r"\d+", ages[-1])
    if digits and int(digits.group(0)) < SIX_MONTHS:
        return "hsts-implemented-max-age-less-than-six-months", -10
    return "hsts-implemented-max-age-at-least-six-months", 0


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[str, bool]] = []  # (src, has integrity) of scripts with a src
        self.script_tags = 0
        self.referrer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        if tag == "script":
            self.script_tags += 1
            if attributes.get("src"):
                self.scripts.append((attributes["src"], bool(attributes.get("integrity"))))
        elif tag == "meta" and attributes.get("name", "").strip().lower() == "referrer" and attributes.get("content"):
            self.referrer = [attributes["content"]]


def _page(html: str | None) -> _Page:
    page = _Page()
    if html:
        page.feed(html)
    return page


def _site(host: str) -> str:
    """The registrable part of a host, roughly (the scanner asks the public suffix list)."""
    if re.fullmatch(r"[\d.]+|\[[0-9a-f:]+\]", host):
        return host
    return ".".join(host.split(".")[-2:])


_SRI_ORDER = (
    "sri-implemented-and-external-scripts-loaded-securely",
    "sri-not-implemented-but-external-scripts-loaded-securely",
    "sri-implemented-but-external-scripts-not-loaded-securely",
    "sri-not-implemented-and-external-scripts-not-loaded-securely",
)
_SRI_POINTS = {
    "sri-implemented-and-all-scripts-loaded-securely": 5,
    "sri-implemented-and-external-scripts-loaded-securely": 5,
    "sri-not-implemented-but-external-scripts-loaded-securely": -5,
    "sri-implemented-but-external-scripts-not-loaded-securely": -20,
    "sri-not-implemented-and-external-scripts-not-loaded-securely": -50,
}


def _sri(page: _Page, html: str | None, page_url: str) -> Result:
    if html is None:
        return "sri-not-implemented-response-not-html", 0
    if not page.script_tags:
        return "sri-not-implemented-but-no-scripts-loaded", 0
    here = urlsplit(page_url)
    result: str | None = None
    foreign_seen = False
    for src, integrity in page.scripts:
        absolute = re.match(r"^https?://", src) is not None
        protocol_relative = re.match(r"^//[^/]", src) is not None
        relative = not absolute and not protocol_relative
        same_site = relative or (absolute and _site(urlsplit(src).hostname or "") == _site(here.hostname or ""))
        secure_scheme = src.startswith("https:") or (relative and here.scheme == "https")
        if relative or (same_site and not protocol_relative):
            if integrity and secure_scheme and result is None:
                result = "sri-implemented-and-all-scripts-loaded-securely"
            continue
        foreign_seen = True
        if integrity:
            found = "sri-implemented-but-external-scripts-not-loaded-securely" if not secure_scheme else None
        elif secure_scheme:
            found = "sri-not-implemented-but-external-scripts-loaded-securely"
        else:
            found = "sri-not-implemented-and-external-scripts-not-loaded-securely"
        if found and (result not in _SRI_ORDER or _SRI_ORDER.index(found) > _SRI_ORDER.index(result)):
            result = found
    if result is None:
        result = (
            "sri-implemented-and-external-scripts-loaded-securely"
            if foreign_seen
            else "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"
        )
    return result, _SRI_POINTS.get(result, 0)


def _nosniff(headers: Headers) -> Result:
    values = values_of(headers, "x-content-type-options")
    if not values:
        return "x-content-type-options-not-implemented", -5
    if values[0].strip().lower() != "nosniff":
        return "x-content-type-options-header-invalid", -5
    return "x-content-type-options-nosniff", 0


def _framing(headers: Headers, policies: list[Policy]) -> Result:
    # Any frame-ancestors in the policy counts, as the scanner has it (the framing check judges its value).
    if any("frame-ancestors" in p.directives for p in policies if p.delivery in ("header", "meta")):
        return "x-frame-options-implemented-via-csp", 5
    values = values_of(headers, "x-frame-options")
    if not values:
        return "x-frame-options-not-implemented", -20
    value = values[0].strip().lower()
    if value in ("deny", "sameorigin"):
        return "x-frame-options-sameorigin-or-deny", 0
    if value.startswith("allow-from"):
        return "x-frame-options-allow-from-origin", 0
    return "x-frame-options-header-invalid", -20


def _corp(headers: Headers) -> Result:
    values = values_of(headers, "cross-origin-resource-policy")
    if not values:
        return "corp-not-implemented", 0
    value = values[0][:256].strip().lower()
    return {
        "same-site": ("corp-implemented-with-same-site", 10),
        "same-origin": ("corp-implemented-with-same-origin", 10),
        "cross-origin": ("corp-implemented-with-cross-origin", 0),
    }.get(value, ("corp-header-invalid", -5))


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
    http_visit: HttpVisit | None = None,
) -> Grade:
    """Score one page as the Observatory does. `cors_headers`: the answer to a foreign-Origin probe;
    `http_visit`: what the site's http:// URL did (None: nothing answers plain HTTP)."""
    https = page_url.startswith("https://")
    page = _page(html)
    hsts = _hsts(headers, https)
    tests: dict[str, Result] = {
        "content-security-policy": _csp(policies, headers, https),
        "cookies": _cookies(
            cookies, hsts[0] == "hsts-implemented-max-age-at-least-six-months", session_cookie_names or []
        ),
        "cross-origin-resource-sharing": _cors(cors_headers if cors_headers is not None else headers, probe_origin),
        "redirection": _redirection(http_visit),
        "referrer-policy": _referrer(headers, page.referrer),
        "strict-transport-security": hsts,
        "subresource-integrity": _sri(page, html, page_url),
        "x-content-type-options": _nosniff(headers),
        "x-frame-options": _framing(headers, policies),
        "cross-origin-resource-policy": _corp(headers),
    }
    score = _total(tests)
    return Grade(score, letter(score), tests)
