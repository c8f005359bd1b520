"""The Observatory grade of the first page, in the report and held to the profile's minimum."""

from __future__ import annotations

import ssl
import warnings
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx
import pytest

from postdeploy.checks.security.cookies import parse_set_cookie
from postdeploy.checks.security.cors import PROBE_ORIGIN
from postdeploy.checks.security.grade import TRANSPORT_TESTS, HttpVisit, at_least, grade
from postdeploy.evidence import Evidence
from postdeploy.plugins.security import FetchedPage
from postdeploy.profile import SecuritySettings, TargetProfile

REDIRECTS = frozenset({301, 302, 303, 307, 308})
HTTP_TIMEOUT = httpx.Timeout(3.0)


def http_url(base_url: str, profile: TargetProfile) -> str | None:
    """Where the scanner would knock over plain HTTP: the target itself when it is http://, else the
    profile's tls.http_url, else http://host/ when the target is on the default HTTPS port."""
    parts = urlsplit(base_url)
    if parts.scheme == "http":
        return urlunsplit(("http", parts.netloc, "/", "", ""))
    if profile.tls.http_url is not None:
        return profile.tls.http_url or None
    return urlunsplit(("http", parts.hostname or "", "/", "", "")) if parts.port in (None, 443) else None


def visit_http(http: httpx.Client, url: str, max_hops: int = 10) -> HttpVisit | None:
    """Follow the http:// URL's redirects by hand, with no credentials (they would travel in clear)."""
    hops: list[tuple[str, int]] = []
    current = url
    for _ in range(max_hops + 1):
        request = http.build_request("GET", current, timeout=HTTP_TIMEOUT)
        for name in ("authorization", "proxy-authorization", "cookie"):
            request.headers.pop(name, None)
        try:
            response = http.send(request)
        except (httpx.TransportError, httpx.InvalidURL) as exc:
            if isinstance(exc.__context__, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(exc):
                return HttpVisit(hops, cert_error=True)
            return HttpVisit(hops) if hops else None  # nothing answers plain HTTP
        hops.append((current, response.status_code))
        location = response.headers.get("location")
        if response.status_code not in REDIRECTS or not location:
            break
        current = urljoin(current, location)
        if any(seen == current for seen, _ in hops):
            break
    return HttpVisit(hops)


def test_observatory_grade(
    security_pages: dict[str, FetchedPage],
    security_settings: SecuritySettings,
    target_profile: TargetProfile,
    http: httpx.Client,
    base_url: str,
    evidence: Evidence,
) -> None:
    """The Observatory grade (as MDN's scanner computes it) meets the profile's minimum."""
    page = security_pages[security_settings.pages[0]]
    probe = http.get(page.path, headers={"Origin": PROBE_ORIGIN})
    url = http_url(base_url, target_profile)
    result = grade(
        page.headers,
        page.policies,
        [parse_set_cookie(v) for v in page.response.headers.get_list("set-cookie")],
        page_url=base_url.rstrip("/") + page.path,
        html=page.html,
        cors_headers=probe.headers.multi_items(),
        probe_origin=PROBE_ORIGIN,
        session_cookie_names=security_settings.session_cookies,
        http_visit=visit_http(http, url) if url else None,
    )
    evidence.json(f"grade {result.grade} ({result.score})", {**result.as_dict(), "http visited": url})
    judged, how = result, ""
    if not base_url.startswith("https://"):
        # Plain HTTP fails redirection and HSTS by construction (MDN's scanner says the same); the
        # minimum is held on the rest, so a local or preview run still catches a weakened header.
        judged = result.without(*TRANSPORT_TESTS)
        how = (
            f" (judged without {' and '.join(TRANSPORT_TESTS)}, which plain HTTP cannot pass;"
            f" MDN's scanner grades this URL {result.grade}, {result.score})"
        )
        warnings.warn(
            f"plain-HTTP target: Observatory grade {result.grade} ({result.score})", UserWarning, stacklevel=1
        )
        evidence.json(f"grade judged: {judged.grade} ({judged.score}){how}", judged.as_dict())
    minimum = security_settings.min_grade
    if minimum and not at_least(judged.grade, minimum):
        penalties = ", ".join(f"{name} {points}" for name, points in judged.tests.values() if points < 0)
        pytest.fail(
            f"grade {judged.grade} (score {judged.score}){how} is below the profile's minimum {minimum}: {penalties}",
            pytrace=False,
        )
