"""Redirect, rewrite, loop and HTTP→HTTPS checks on saved responses (MockTransport for the chain walk)."""

from __future__ import annotations

import json

import httpx

from postdeploy.checks.smoke.redirects import (
    check_chain,
    check_https_redirect,
    check_redirect,
    check_rewrite,
    follow_chain,
    same_content,
)
from postdeploy.profile import RedirectSpec


def answer(
    status: int,
    url: str = "http://site.test/login",
    location: str | None = None,
    body: bytes = b"",
    ctype: str = "text/html",
) -> httpx.Response:
    headers = {"content-type": ctype}
    if location is not None:
        headers["location"] = location
    return httpx.Response(status, content=body, headers=headers, request=httpx.Request("GET", url))


def ids(findings: list[object]) -> list[str]:
    return [f.id for f in findings]  # type: ignore[attr-defined]


PERMANENT_LOGIN = RedirectSpec(source="/login", destination="/auth/login", permanent=True)


def test_declared_redirect_passes_relative_or_absolute() -> None:
    assert check_redirect(PERMANENT_LOGIN, answer(308, location="/auth/login")) == []
    assert check_redirect(PERMANENT_LOGIN, answer(301, location="http://site.test/auth/login")) == []


def test_wrong_kind_wrong_place_and_no_redirect() -> None:
    assert ids(check_redirect(PERMANENT_LOGIN, answer(307, location="/auth/login"))) == ["redirect.kind"]
    (finding,) = check_redirect(PERMANENT_LOGIN, answer(308, location="/signin"))
    assert finding.id == "redirect.location" and "/signin" in finding.message
    (finding,) = check_redirect(PERMANENT_LOGIN, answer(200))
    assert finding.id == "redirect.missing" and "permanent redirect" in finding.message
    exact = RedirectSpec(source="/login", destination="/auth/login", status=308)
    assert ids(check_redirect(exact, answer(301, location="/auth/login"))) == ["redirect.status"]


def test_temporary_redirect_with_query() -> None:
    spec = RedirectSpec(source="/admin", destination="/dashboard?tab=admin", permanent=False)
    assert check_redirect(spec, answer(307, "http://site.test/admin", "/dashboard?tab=admin")) == []
    assert ids(check_redirect(spec, answer(307, "http://site.test/admin", "/dashboard"))) == ["redirect.location"]


def _client(routes: dict[str, tuple[int, str | None]]) -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        status, location = routes.get(request.url.path, (200, None))
        return httpx.Response(status, headers={"location": location} if location else {})

    return httpx.Client(base_url="http://site.test", transport=httpx.MockTransport(handler))


def test_loop_is_reported_as_a_loop() -> None:
    with _client({"/login": (308, "/auth/login"), "/auth/login": (302, "/login")}) as client:
        hops = follow_chain(client, "/login")
    assert len(hops) == 2
    (finding,) = check_chain("/login", hops)
    assert finding.id == "redirect.loop" and "/login → /auth/login → /login" in finding.message


def test_chain_that_ends_and_chain_too_long() -> None:
    with _client({"/login": (308, "/auth/login")}) as client:
        assert check_chain("/login", follow_chain(client, "/login")) == []
    routes: dict[str, tuple[int, str | None]] = {f"/{i}": (302, f"/{i + 1}") for i in range(50)}
    with _client(routes) as client:
        hops = follow_chain(client, "/0", max_hops=5)
    assert len(hops) == 6
    assert ids(check_chain("/0", hops, 5)) == ["redirect.too-many-hops"]


def health(ts: str, ms: int) -> bytes:
    return json.dumps({"status": "healthy", "timestamp": ts, "responseTime": ms, "version": "1"}).encode()


def test_rewrite_same_content_despite_timings() -> None:
    src = answer(200, "http://site.test/health", body=health("2026-11-22T01:00:00Z", 3), ctype="application/json")
    dst = answer(200, "http://site.test/api/health", body=health("2026-11-22T01:00:01Z", 9), ctype="application/json")
    assert check_rewrite("/health", "/api/health", src, dst) == []


def test_rewrite_that_redirects_or_differs() -> None:
    dst = answer(200, body=health("2026-11-22T01:00:00Z", 3), ctype="application/json")
    moved = answer(308, location="/api/health")
    assert ids(check_rewrite("/health", "/api/health", moved, dst)) == ["rewrite.redirects"]
    missing = answer(404, body=b"not found")
    assert ids(check_rewrite("/health", "/api/health", missing, dst)) == ["rewrite.status"]
    other = answer(200, body=b"<html>home</html>")
    assert ids(check_rewrite("/health", "/api/health", other, dst)) == ["rewrite.content"]


def test_same_content() -> None:
    assert same_content(b"<p>a</p>", b"<p>a</p>")
    assert not same_content(b'{"version": "1"}', b'{"version": "2"}')
    assert not same_content(b"<html>home page</html>", b"<html>a different page entirely</html>")


def test_http_to_https() -> None:
    ok = answer(301, "http://site.test/", "https://site.test/")
    assert check_https_redirect(ok) == []
    (finding,) = check_https_redirect(answer(200, "http://site.test/"))
    assert finding.id == "tls.no-https-redirect"
    temporary = check_https_redirect(answer(302, "http://site.test/", "https://site.test/"))
    assert ids(temporary) == ["tls.https-redirect-temporary"]
