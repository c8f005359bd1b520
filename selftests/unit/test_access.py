"""postdeploy.access: headers on the target's origin only, trust, the wall's one line; and the checks
built on it (guard bypass, 404 guards, environment invariants), on saved answers."""

from __future__ import annotations

import httpx
import pytest

from postdeploy.access import TargetAccess, access_for, origin_of
from postdeploy.checks.security import auth, environment
from postdeploy.profile import ProfileError, load_profile


def recording(access: TargetAccess, seen: list[tuple[str, dict[str, str]]], **kwargs: object) -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((str(request.url), dict(request.headers)))
        if request.url.path == "/go-away":
            return httpx.Response(302, headers={"location": "https://third.example/landing"})
        return httpx.Response(200)

    client = access.client(**kwargs)  # type: ignore[arg-type]
    client._transport = httpx.MockTransport(handler)  # the access client's auth and headers, a fake network
    return client


def test_access_headers_go_to_the_target_origin_only() -> None:
    access = TargetAccess("https://site.example", headers={"x-vercel-protection-bypass": "s3cret"})
    seen: list[tuple[str, dict[str, str]]] = []
    with recording(access, seen) as client:
        client.get("/page")
        client.get("http://site.example/plain")  # the plain-HTTP twin is another origin
        client.get("https://cdn.example/x.js")
        client.get("/go-away", follow_redirects=True)
    carried = {url: headers.get("x-vercel-protection-bypass") for url, headers in seen}
    assert carried == {
        "https://site.example/page": "s3cret",
        "http://site.example/plain": None,
        "https://cdn.example/x.js": None,
        "https://site.example/go-away": "s3cret",
        "https://third.example/landing": None,
    }
    assert all(headers["user-agent"].startswith("postdeploy/") for _, headers in seen)


def test_anonymous_client_sends_no_access_header() -> None:
    access = TargetAccess("https://site.example", headers={"Authorization": "Bearer t"})
    seen: list[tuple[str, dict[str, str]]] = []
    with recording(access, seen, anonymous=True) as client:
        client.get("/")
    assert "authorization" not in seen[0][1]


def test_a_secret_is_never_sent_unverified() -> None:
    with TargetAccess("https://site.example", headers={"Authorization": "Bearer t"}).client(
        verify_certificate=False
    ) as client:
        assert client._transport._pool._ssl_context.verify_mode.name == "CERT_REQUIRED"  # type: ignore[attr-defined]
    with TargetAccess("https://site.example").client(verify_certificate=False) as client:
        assert client._transport._pool._ssl_context.verify_mode.name == "CERT_NONE"  # type: ignore[attr-defined]


def test_access_for_reads_the_named_env_vars_and_says_what_opens_the_wall() -> None:
    profile = load_profile(None, env={})
    access = access_for(profile, {"VERCEL_AUTOMATION_BYPASS_SECRET": "v"}, "https://site.example/")
    assert dict(access.headers) == {"x-vercel-protection-bypass": "v"}
    assert access.vercel_bypass and access.browser_headers()["x-vercel-set-bypass-cookie"] == "true"
    assert "refused the value of VERCEL_AUTOMATION_BYPASS_SECRET" in access.wall_hint
    nothing = access_for(profile, {}, "https://site.example")
    assert nothing.headers == {} and nothing.wall_hint.startswith("set VERCEL_AUTOMATION_BYPASS_SECRET")
    request = httpx.Request("GET", "https://site.example/")
    line = nothing.refusal(httpx.Response(401, request=request))
    assert line == (
        "https://site.example/ answered 401: the deployment is protected; set VERCEL_AUTOMATION_BYPASS_SECRET "
        "(Vercel's protection bypass) or POSTDEPLOY_AUTH_HEADER (an Authorization header value)"
    )
    assert nothing.refusal(httpx.Response(403, request=request)) is None


def test_named_headers_and_bad_header_names() -> None:
    profile = load_profile(None, env={}, cli_overrides={"access": {"headers": {"X-Staging-Key": "STAGING_KEY"}}})
    access = access_for(profile, {"STAGING_KEY": "k", "POSTDEPLOY_AUTH_HEADER": "Basic Zm9v"}, "https://s.example")
    assert dict(access.headers) == {"Authorization": "Basic Zm9v", "X-Staging-Key": "k"}
    with pytest.raises(ProfileError) as refused:
        load_profile(None, env={}, cli_overrides={"access": {"headers": {"Cookie": "X"}}})
    assert "access.headers: Value error, 'Cookie' is not a header the profile can set" in str(refused.value)


def test_origin_of_normalises_scheme_host_and_default_port() -> None:
    assert origin_of("HTTPS://Site.Example:443/a?b") == "https://site.example"
    assert origin_of("http://127.0.0.1:8000/x") == "http://127.0.0.1:8000"


def _answer(status: int, location: str = "") -> httpx.Response:
    return httpx.Response(status, headers={"location": location} if location else {})


def test_guard_bypass_is_a_2xx_where_the_plain_request_was_refused() -> None:
    probes = auth.bypass_probes()
    assert [p.value for p in probes][:3] == ["middleware", "src/middleware", "pages/_middleware"]
    plain = _answer(303, "/auth/login?next=/dashboard")
    held = [(probe, _answer(303, "/auth/login")) for probe in probes]
    assert auth.check_bypass("/dashboard", plain, held) == []
    refused_header = [(probe, _answer(400)) for probe in probes]  # an edge that refuses the header
    assert auth.check_bypass("/dashboard", plain, refused_header) == []
    opened = [*held[:1], (probes[1], _answer(200)), *held[2:]]
    (finding,) = auth.check_bypass("/dashboard", plain, opened)
    assert finding.id == "auth.guard-bypass" and "x-middleware-subrequest: src/middleware" in finding.message


def test_a_404_guard_passes_only_when_the_route_hides_itself() -> None:
    chain = [_answer(404)]
    (finding,) = auth.check_guard(chain, "/dashbord", "/login")
    assert finding.id == "auth.not-found" and finding.severity.label == "high"
    assert auth.check_guard(chain, "/dashbord", "/login", hidden=True) == []


def test_noindex_sources_and_the_environment_invariants() -> None:
    meta = '<html><head><meta name="ROBOTS" content="NoIndex, nofollow"></head></html>'
    assert environment.noindex_sources([], meta) == ['<meta name="robots" content="noindex, nofollow">']
    assert environment.noindex_sources([("x-robots-tag", "googlebot: noindex")], None)
    pages: environment.Pages = {"/": ([], "<html></html>"), "/api": ([], None)}
    (finding,) = environment.check_preview_noindex(pages)
    assert finding.evidence["pages"] == ["/"]
    assert environment.check_production_indexable(pages) == []
    assert environment.check_production_indexable({"/": ([], meta)})[0].severity.label == "critical"
    assert environment.check_not_protected(200, "https://s/") == []
    assert environment.check_not_protected(401, "https://s/")[0].id == "environment.production-protected"
    test_key = "pk_" + "test_" + "51Abcdef"
    live_key = "pk_" + "live_" + "51Abcdef"
    (wrong,) = environment.check_stripe_mode("production", {"/": f'data-key="{test_key}"'})
    assert wrong.id == "environment.stripe-test-key" and test_key not in wrong.message
    assert environment.check_stripe_mode("production", {"/": live_key}) == []
    assert environment.check_stripe_mode("preview", {"/_next/app.js": live_key})[0].evidence["where"] == [
        "/_next/app.js"
    ]
