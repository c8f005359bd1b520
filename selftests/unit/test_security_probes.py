"""The probing checks (CORS, methods, exposure, auth guards, webhooks, rate limit) on mocked answers."""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable

import httpx

from postdeploy.checks.security import auth, cors, exposure, methods, ratelimit, webhooks


def client(handler: Callable[[httpx.Request], httpx.Response]) -> httpx.Client:
    return httpx.Client(base_url="https://site.example", transport=httpx.MockTransport(handler))


def test_cors_reflection_with_credentials_is_critical() -> None:
    def reflect(request: httpx.Request) -> httpx.Response:
        origin = request.headers.get("origin", "")
        return httpx.Response(
            200, headers={"access-control-allow-origin": origin, "access-control-allow-credentials": "true"}
        )

    _, found = cors.probe_cors(client(reflect), "/api/x")
    assert {f.id for f in found} == {"cors.reflect-origin-credentials", "cors.null-origin"}


def test_cors_wildcard_is_low_and_no_header_is_clean() -> None:
    _, wildcard = cors.probe_cors(
        client(lambda r: httpx.Response(200, headers={"access-control-allow-origin": "*"})), "/api"
    )
    assert {(f.id, f.severity.label) for f in wildcard} == {("cors.wildcard-origin", "low")}
    _, none = cors.probe_cors(client(lambda r: httpx.Response(200)), "/api")
    assert none == []


def test_trace_echo_and_options() -> None:
    def echo(request: httpx.Request) -> httpx.Response:
        if request.method == "TRACE":
            return httpx.Response(200, text="\n".join(f"{k}: {v}" for k, v in request.headers.items()))
        return httpx.Response(204, headers={"allow": "GET, POST, TRACE, PUT"})

    _, found = methods.probe_methods(client(echo), "/", ["GET", "HEAD", "POST", "OPTIONS"])
    assert [(f.id, f.evidence.get("echoed")) for f in found][:1] == [("methods.trace-enabled", True)]
    assert found[1].id == "methods.options-unexpected" and found[1].severity.label == "medium"
    _, clean = methods.probe_methods(
        client(lambda r: httpx.Response(405 if r.method == "TRACE" else 204, headers={"allow": "GET, HEAD, POST"})),
        "/",
        ["GET", "HEAD", "POST"],
    )
    assert clean == []


def test_exposure_needs_content_not_just_200() -> None:
    env = exposure.SENSITIVE_PATHS[0]
    soft = httpx.Response(200, text="<html>Not found</html>")
    assert exposure.check_sensitive(env, httpx.Response(200, text="<html>Not found</html>"), soft) == []
    leaked = httpx.Response(200, text="STRIPE_SECRET_KEY=sk_live_x\nDATABASE_URL=postgres://\n")
    found = exposure.check_sensitive(env, leaked, soft)
    assert [(f.id, f.subject, f.severity.label) for f in found] == [("exposure.sensitive-file", "/.env", "critical")]
    assert "sk_live" not in str(found[0].evidence)  # the body never goes into evidence
    assert exposure.check_sensitive(env, httpx.Response(404, text="A=1"), soft) == []


def test_source_map_candidates_and_check() -> None:
    body = b"console.log(1)\n//# sourceMappingURL=app.js.map\n"
    assert exposure.source_map_candidates("/static/app.js", body, httpx.Headers()) == ["/static/app.js.map"]
    named = exposure.source_map_candidates("/static/app.js", b"", httpx.Headers({"SourceMap": "/maps/app.map"}))
    assert named == ["/maps/app.map", "/static/app.js.map"]
    ok = httpx.Response(200, text='{"version":3,"sources":["a.ts"],"mappings":"AAAA"}')
    assert [f.id for f in exposure.check_source_map(ok, "/static/app.js.map", "/static/app.js")] == [
        "exposure.source-map"
    ]
    assert exposure.check_source_map(httpx.Response(200, text="<html>"), "/x.map", "/x") == []


def test_directory_listing_and_scripts() -> None:
    listing = httpx.Response(200, text="<html><title>Index of /static</title>")
    assert [f.id for f in exposure.check_directory_listing(listing, "/static/")] == ["exposure.directory-listing"]
    html = '<script src="/static/a.js"></script><script src="https://cdn.example/x.js"></script><script>1</script>'
    assert exposure.same_origin_scripts(html, "https://site.example/") == ["/static/a.js"]


def _chain(*responses: httpx.Response) -> list[httpx.Response]:
    return list(responses)


def test_auth_guard_outcomes() -> None:
    to_login = httpx.Response(303, headers={"location": "/auth/login?next=/dashboard"})
    assert auth.check_guard(_chain(to_login), "/dashboard", "/auth/login") == []
    assert auth.check_guard(_chain(httpx.Response(401)), "/api/me", "/auth/login") == []
    via = httpx.Response(307, headers={"location": "/dashboard?tab=admin"})
    assert auth.check_guard(_chain(via, to_login), "/admin", "/auth/login") == []
    open_page = auth.check_guard(_chain(httpx.Response(200)), "/admin", "/auth/login")
    assert [(f.id, f.subject) for f in open_page] == [("auth.unguarded", "/admin")]
    elsewhere = auth.check_guard(_chain(httpx.Response(302, headers={"location": "/"})), "/admin", "/auth/login")
    assert [f.id for f in elsewhere] == ["auth.redirect-not-login"]


def test_stripe_signature_matches_stripes_scheme() -> None:
    payload, secret, ts = b'{"id":"evt_1"}', "whsec_test", 1700000000
    expected = hmac.new(secret.encode(), b"1700000000." + payload, hashlib.sha256).hexdigest()
    assert webhooks.stripe_signature(payload, secret, ts) == f"t={ts},v1={expected}"
    import stripe  # the real verifier accepts our signature

    body = webhooks.probe_event()
    parsed = stripe.Webhook.construct_event(body, webhooks.stripe_signature(body, secret, int(time.time())), secret)
    assert parsed["type"] == "postdeploy.probe"


def test_webhook_rejection_and_secret_echo() -> None:
    assert webhooks.check_rejected(httpx.Response(400), "/wh", "no signature", "webhooks.unsigned-accepted") == []
    accepted = webhooks.check_rejected(httpx.Response(200), "/wh", "no signature", "webhooks.unsigned-accepted")
    assert [(f.id, f.severity.label) for f in accepted] == [("webhooks.unsigned-accepted", "critical")]
    assert [f.id for f in webhooks.check_no_secret_echo(httpx.Response(400, text="bad whsec_abc"), "/wh", None)] == [
        "webhooks.secret-echoed"
    ]


def test_rate_limit_bounded_and_judged() -> None:
    calls: list[str] = []

    def limiter(request: httpx.Request) -> httpx.Response:
        calls.append(request.content.decode())
        return httpx.Response(429 if len(calls) > 3 else 200)

    attempts = ratelimit.hammer_login(client(limiter), "/login", max_attempts=3)
    assert [a.status for a in attempts] == [200, 200, 200, 429]
    assert ratelimit.check_rate_limit(attempts, "/login", 3) == []
    assert all("example.invalid" in c for c in calls)

    never = ratelimit.hammer_login(client(lambda r: httpx.Response(200)), "/login", max_attempts=5)
    assert len(never) == 6  # bounded: max_attempts + 1 requests
    assert [f.id for f in ratelimit.check_rate_limit(never, "/login", 5)] == ["ratelimit.login-unlimited"]
