"""Each catalogued fault visibly changes the behaviour it names. Faults that touch different routes
share one demo, so the whole catalogue needs only a handful of starts."""

from __future__ import annotations

import base64
import json
import re
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from postdeploy.demo.faults import catalogue
from postdeploy.demo.launch import RunningDemo
from postdeploy.demo.settings import DEFAULT_WEBHOOK_SECRET
from postdeploy.demo.web import PRODUCTION_SUPABASE_URL
from selftests.demo.helpers import book, client, login, pay, signed_webhook, start_checkout, status_of, wait_status
from selftests.demo_server import running_demo

Check = Callable[[RunningDemo, httpx.Client], None]
CHECKS: dict[str, Check] = {}


def shows(name: str) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        CHECKS[name] = check
        return check

    return register


# smoke
@shows("health-503")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    response = http.get("/api/health")
    assert response.status_code == 503 and response.json()["status"] == "unhealthy"


@shows("service-down")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    body = http.get("/api/health").json()
    assert body["status"] == "degraded" and body["services"]["email"]["status"] == "down"


@shows("wrong-version")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert http.get("/api/health").json()["version"] == "demo-0.9.0"


@shows("page-500")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert http.get("/browse").status_code == 500


@shows("slow-page")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    started = time.monotonic()
    assert http.get("/browse").status_code == 200 and time.monotonic() - started > 1.2


@shows("missing-text")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert "SkyMarket" not in http.get("/").text


@shows("broken-redirect")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert http.get("/login").status_code == 302


@shows("rewrite-broken")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert http.get("/health").status_code == 307


@shows("api-cache-public")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert http.get("/api/listings").headers["cache-control"] == "public, max-age=600"


@shows("static-no-cache")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert http.get("/static/app.css").headers["cache-control"] == "no-cache"


@shows("no-compression")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert "content-encoding" not in http.get("/", headers={"Accept-Encoding": "gzip"}).headers


@shows("sitemap-dead-link")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    locs = [loc.split("</loc>")[0] for loc in http.get("/sitemap.xml").text.split("<loc>")[1:]]
    assert 404 in {http.get(loc).status_code for loc in locs}


@shows("redirect-loop")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert http.get("/auth/login").headers["location"] == "/login"


def _tls_error(demo: RunningDemo) -> str:
    try:
        httpx.get(demo.base_url + "/api/health", verify=_ca(demo)).raise_for_status()
    except httpx.ConnectError as exc:
        return str(exc)
    return ""


def _ca(demo: RunningDemo) -> object:
    import ssl

    return ssl.create_default_context(cafile=demo.env["POSTDEPLOY_CA_BUNDLE"])


@shows("tls-expired")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert "expired" in _tls_error(demo)


@shows("tls-expiring-soon")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    import ssl
    import urllib.parse

    from cryptography import x509

    port = urllib.parse.urlsplit(demo.base_url).port
    cert = x509.load_pem_x509_certificate(ssl.get_server_certificate(("127.0.0.1", port or 443)).encode())
    days = (cert.not_valid_after_utc.timestamp() - time.time()) / 86400
    assert _tls_error(demo) == "" and 2 < days < 4


@shows("tls-wrong-host")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert "match" in _tls_error(demo) or "mismatch" in _tls_error(demo)


@shows("tls-chain-incomplete")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    # The bundle holds the root alone: without the intermediate the leaf cannot be chained to it.
    assert "unable to get local issuer certificate" in _tls_error(demo)


@shows("http-not-redirected")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    answer = httpx.get(demo.env["POSTDEPLOY__TLS__HTTP_URL"], timeout=5)
    assert answer.status_code == 200 and "location" not in answer.headers


# security
def _header(name: str, path: str = "/") -> Callable[[httpx.Client], str | None]:
    return lambda http: http.get(path).headers.get(name)


@shows("no-hsts")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert _header("strict-transport-security")(http) is None


@shows("weak-hsts")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert _header("strict-transport-security")(http) == "max-age=300"


@shows("csp-missing")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    headers = http.get("/").headers
    assert "content-security-policy" not in headers and "content-security-policy-report-only" not in headers


@shows("csp-unsafe-eval")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert "'unsafe-eval'" in str(_header("content-security-policy")(http))


@shows("csp-report-only")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    headers = http.get("/").headers
    assert "content-security-policy" not in headers and "content-security-policy-report-only" in headers


@shows("csp-wildcard-script")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    script_src = str(_header("content-security-policy")(http)).split("script-src ")[1].split(";")[0]
    assert "*" in script_src.split()


@shows("xfo-missing")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    headers = http.get("/").headers
    assert "x-frame-options" not in headers and "frame-ancestors" not in headers.get("content-security-policy", "")


@shows("nosniff-missing")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert _header("x-content-type-options")(http) is None


@shows("referrer-unsafe")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert _header("referrer-policy")(http) == "unsafe-url"


@shows("powered-by-leak")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert _header("x-powered-by", "/api/listings")(http)


@shows("cookie-insecure")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    cookie = login(http).headers["set-cookie"]
    assert "HttpOnly" not in cookie and "SameSite" not in cookie


@shows("cors-reflect-credentials")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    headers = http.get("/api/listings", headers={"Origin": "https://evil.example"}).headers
    assert headers["access-control-allow-origin"] == "https://evil.example"
    assert headers["access-control-allow-credentials"] == "true"


@shows("env-exposed")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert "STRIPE_SECRET_KEY=" in http.get("/.env.production").text


@shows("git-exposed")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert "[core]" in http.get("/.git/config").text and http.get("/.git/HEAD").text.startswith("ref:")


@shows("sourcemap-exposed")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert http.get("/static/app.js.map").json()["version"] == 3


@shows("admin-unprotected")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert http.get("/admin").status_code == 200


@shows("webhook-unsigned-accepted")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert http.post("/api/webhooks/stripe", content=b'{"type":"ping"}').status_code == 200


@shows("webhook-replay-accepted")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    payload = json.dumps({"type": "ping"}).encode()
    assert signed_webhook(http, payload, DEFAULT_WEBHOOK_SECRET, int(time.time()) - 3600).status_code == 200
    assert signed_webhook(http, payload, "whsec_wrong").status_code == 400


@shows("no-rate-limit")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    with client(demo.base_url) as fresh:  # the shared client may have failed logins of its own
        assert {login(fresh, password=f"wrong-{n}").status_code for n in range(8)} == {200}


@shows("rate-limit-503-bare")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    with client(demo.base_url) as fresh:  # the shared client may have failed logins of its own
        answers = [login(fresh, password=f"wrong-{n}") for n in range(15)]
    limited = [r for r in answers if r.status_code == 503]
    assert limited and all("retry-after" not in r.headers for r in limited), [r.status_code for r in answers]
    assert not any(r.status_code == 429 for r in answers)


@shows("trace-enabled")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    response = http.request("TRACE", "/")
    assert response.status_code == 200 and response.headers["content-type"] == "message/http"


@shows("permissions-policy-missing")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert _header("permissions-policy")(http) is None


@shows("coop-missing")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert _header("cross-origin-opener-policy")(http) is None


@shows("csp-static-nonce")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    first, second = (str(_header("content-security-policy")(http)) for _ in range(2))
    assert "'nonce-" in first and first == second


@shows("backup-exposed")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert all(http.get(path).status_code == 200 for path in ("/backup.sql", "/backup.zip", "/.DS_Store"))


@shows("directory-listing")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert "Index of /static/" in http.get("/static/").text


# security: client bundles, open redirects, the image optimizer, the grade
def _next_data(http: httpx.Client) -> dict[str, Any]:
    found = re.search(r'<script id="__NEXT_DATA__" type="application/json">(.*?)</script>', http.get("/").text)
    assert found
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def _dashboard_chunk(http: httpx.Client) -> str:
    manifest = http.get(f"/_next/static/{_next_data(http)['buildId']}/_buildManifest.js").text
    found = re.search(r"static/chunks/pages/dashboard-[0-9a-f]+\.js", manifest)
    assert found and found.group(0) not in http.get("/").text  # named by the manifest only
    return "/_next/" + found.group(0)


@shows("service-role-key-in-bundle")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    body = http.get(_dashboard_chunk(http)).text
    found = re.search(r'SERVICE_ROLE_KEY": *"([^"]+)"', body)
    assert found
    claims = json.loads(base64.urlsafe_b64decode(found.group(1).split(".")[1] + "=="))
    assert claims["role"] == "service" + "_role"


@shows("stripe-key-in-page-data")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert _next_data(http)["props"]["pageProps"]["stripe"]["secretKey"].startswith("sk_" + "live_")


@shows("sourcemap-unlinked-chunk")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    source_map = http.get(_dashboard_chunk(http) + ".map")
    assert source_map.status_code == 200 and source_map.json()["sourcesContent"]


@shows("open-redirect-login")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    with client(demo.base_url) as own:
        form = {"email": "pilot@skymarket.test", "password": "demo-pilot-pass", "next": "//evil.example"}
        assert own.post("/auth/login", data=form).headers["location"] == "//evil.example"


@shows("image-proxy-open")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    image = http.get("/_next/image", params={"url": f"{demo.base_url}/favicon.ico", "w": 64, "q": 75})
    assert image.status_code == 200 and image.headers["content-type"].startswith("image/svg")


@shows("third-party-script-no-sri")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert '<script src="http://widgets.skymarket-partner.test/chat.js" defer></script>' in http.get("/").text


# e2e
@shows("login-broken")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert "Invalid email or password" in login(http).text


@shows("logout-keeps-session")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    with client(demo.base_url) as own:
        login(own)
        own.post("/auth/logout")
        assert own.get("/dashboard").status_code == 200


@shows("search-broken")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert http.get("/browse", params={"q": "turbine"}).text.count('data-testid="listing-card"') == 12


@shows("detail-500")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert http.get("/listings/1").status_code == 500


@shows("booking-not-saved")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    with client(demo.base_url) as own:
        login(own)
        booking = book(own)
        assert status_of(own, booking) == "pending"
        assert f'data-booking-id="{booking}"' not in own.get("/dashboard").text


@shows("checkout-decline-confirms")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    with client(demo.base_url) as own:
        login(own)
        booking = book(own)
        assert "Your card was declined." in pay(demo, start_checkout(own, booking), "4000000000009995").text
        assert wait_status(own, booking, "confirmed") == "confirmed"


@shows("signup-broken")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    fresh = {"name": "Fresh", "email": f"fresh-{time.time_ns()}@example.com", "password": "fresh-password-1"}
    response = http.post("/auth/signup", data=fresh)
    assert response.status_code == 400 and "already exists" in response.text


@shows("wrong-password-accepted")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    with client(demo.base_url) as own:
        response = login(own, password="not-the-password")
        assert response.status_code == 303 and own.get("/dashboard").status_code == 200


@shows("category-ignored")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    every = http.get("/browse").text.count('data-testid="listing-card"')
    assert http.get("/browse", params={"category": "Mapping"}).text.count('data-testid="listing-card"') == every


@shows("3ds-fail-confirms")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    with client(demo.base_url) as own:
        login(own)
        booking = book(own)
        challenge = pay(demo, start_checkout(own, booking), "4000002500003155").headers["location"]
        with client(demo.checkout_url) as checkout:
            refused = checkout.post(challenge, data={"outcome": "fail"})
        assert "unable to authenticate" in refused.text
        assert wait_status(own, booking, "confirmed") == "confirmed"


@shows("webhook-not-sent")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    with client(demo.base_url) as own:
        login(own)
        booking = book(own)
        assert pay(demo, start_checkout(own, booking), "4242424242424242").status_code == 303
        assert wait_status(own, booking, "confirmed", timeout=1.0) == "pending"


@shows("js-error-on-browse")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    script = "/static/fault/browse-error.js"
    assert script in http.get("/browse").text and http.get(script).status_code == 200


@shows("console-error")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert "/static/fault/console-error.js" in http.get("/").text


# perf
@shows("heavy-page")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    page = http.get("/").text
    assert "/static/fault/bundle.js" in page and "/static/fault/hero-large.png" in page
    script = http.get("/static/fault/bundle.js", headers={"Accept-Encoding": "gzip"})
    assert int(script.headers.get("content-length", "0")) > 550_000 or len(script.content) > 550_000
    assert len(http.get("/static/fault/hero-large.png").content) > 1_400_000


@shows("layout-shift")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert "/static/fault/layout-shift.js" in http.get("/").text


@shows("slow-lcp")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    started = time.monotonic()
    assert http.get("/static/img/hero.svg").status_code == 200 and time.monotonic() - started > 2.5


@shows("render-blocking")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    head = http.get("/").text.split("</head>")[0]
    assert '<script src="/static/fault/blocking.js"></script>' in head


@shows("too-many-requests")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert http.get("/").text.count("/static/fault/dot-") >= 60 and http.get("/static/fault/dot-7.svg").is_success


@shows("missing-meta")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    page = http.get("/").text
    assert "<title>" not in page and 'name="description"' not in page


@shows("blank-page")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    gate = "/static/fault/boot-gate.css"
    assert gate in http.get("/").text and "visibility: hidden" in http.get(gate).text
    assert http.get("/static/fault/boot.3f9a1c.js").status_code == 404  # the chunk that would reveal the page


# load
def _burst(demo: RunningDemo, requests: int = 60, workers: int = 12) -> list[httpx.Response]:
    with httpx.Client(base_url=demo.base_url, timeout=30) as http, ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda _: http.get("/api/health"), range(requests)))


@shows("slow-under-load")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    quiet = http.get("/api/health").elapsed.total_seconds()
    busy = max(r.elapsed.total_seconds() for r in _burst(demo, requests=12))
    assert busy > quiet + 0.5, (quiet, busy)


@shows("errors-under-load")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    codes = [r.status_code for r in _burst(demo)]
    assert 3 <= codes.count(500) <= 30, codes


# supabase (the data API's database faults: PostgreSQL's policies change, no Python code)
def _data_api(demo: RunningDemo, http: httpx.Client) -> tuple[httpx.Client, dict[str, str]]:
    embedded = re.search(r'<script id="public-env" type="application/json">(.+?)</script>', http.get("/").text)
    assert embedded and demo.supabase_url, "the page embeds no Supabase project"
    key = json.loads(embedded[1])["NEXT_PUBLIC_SUPABASE_ANON_KEY"]
    return httpx.Client(base_url=demo.supabase_url, timeout=10), {"apikey": key, "Authorization": f"Bearer {key}"}


@shows("supabase-rls-disabled")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    api, anon = _data_api(demo, http)
    assert len(api.get("/rest/v1/profiles", headers=anon).json()) == 3


@shows("supabase-select-using-true")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    api, anon = _data_api(demo, http)
    body = {"email": "pilot@skymarket.test", "password": "demo-pilot-pass"}
    token = api.post("/auth/v1/token?grant_type=password", json=body, headers=anon).json()["access_token"]
    assert len(api.get("/rest/v1/invoices", headers={**anon, "Authorization": f"Bearer {token}"}).json()) == 2
    assert api.get("/rest/v1/invoices", headers=anon).json() == []


@shows("supabase-bucket-lists")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    api, anon = _data_api(demo, http)
    assert len(api.post("/storage/v1/object/list/invoices", json={"prefix": ""}, headers=anon).json()) == 2


@shows("supabase-anon-insert")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    api, anon = _data_api(demo, http)
    assert api.post("/rest/v1/messages", json={"body": "from a guest"}, headers=anon).status_code == 201


@shows("middleware-subrequest-bypass")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    with client(demo.base_url) as stranger:  # no session from the group's other checks
        assert stranger.get("/dashboard").status_code == 303
        assert stranger.get("/dashboard", headers={"x-middleware-subrequest": "middleware"}).status_code == 200


@shows("private-route-404")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    with client(demo.base_url) as stranger:
        assert stranger.get("/dashboard").status_code == 404


def _robots(http: httpx.Client) -> tuple[str, bool]:
    page = http.get("/")
    return page.headers.get("x-robots-tag", ""), '<meta name="robots" content="noindex">' in page.text


@shows("preview-indexable")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert demo.env["POSTDEPLOY_ENVIRONMENT"] == "preview" and _robots(http) == ("", False)


@shows("preview-live-key")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert 'data-stripe-key="pk_' + "live_" in http.get("/").text


@shows("preview-production-supabase")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert PRODUCTION_SUPABASE_URL in http.get("/").text and demo.supabase_url not in http.get("/").text


@shows("production-noindex")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert demo.env["POSTDEPLOY_ENVIRONMENT"] == "production" and _robots(http) == ("", True)


@shows("production-test-key")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert 'data-stripe-key="pk_test_' in http.get("/").text


@shows("production-protected")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    answer = http.get("/")  # this client has no bypass secret: the wall answers
    assert answer.status_code == 401 and "Authentication Required" in answer.text


# regression: slower or heavier, under every budget (the gate compares with a healthy baseline)
@shows("slower-home-render")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    started = time.monotonic()
    assert http.get("/").status_code == 200 and 0.14 < time.monotonic() - started < 1.0


@shows("heavier-script")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    assert "/static/fault/vendor-extra.js" in http.get("/").text
    script = http.get("/static/fault/vendor-extra.js", headers={"Accept-Encoding": "gzip"})
    wire = int(script.headers.get("content-length", "0"))  # gzip cannot shrink random base64 much
    assert 75_000 < wire < 150 * 1024, wire


@shows("slower-listing-api")
def _(demo: RunningDemo, http: httpx.Client) -> None:
    started = time.monotonic()
    assert http.get("/api/listings/1").status_code == 200 and time.monotonic() - started > 0.035
    started = time.monotonic()
    assert http.get("/api/listings").status_code == 200 and time.monotonic() - started < 0.5  # only the one


# Faults that can share one demo (they change different routes or headers).
GROUPS: list[tuple[tuple[str, ...], bool]] = [
    (("health-503", "wrong-version", "page-500", "missing-text", "broken-redirect", "rewrite-broken",
      "api-cache-public", "static-no-cache", "no-compression", "sitemap-dead-link", "redirect-loop"), False),
    (("service-down", "slow-page"), False),
    (("no-hsts", "csp-unsafe-eval", "csp-static-nonce", "csp-wildcard-script", "xfo-missing", "nosniff-missing",
      "referrer-unsafe",
      "powered-by-leak", "cookie-insecure", "cors-reflect-credentials", "env-exposed", "git-exposed",
      "sourcemap-exposed", "admin-unprotected", "webhook-replay-accepted", "no-rate-limit", "trace-enabled",
      "middleware-subrequest-bypass"), False),
    (("weak-hsts", "csp-report-only", "webhook-unsigned-accepted", "permissions-policy-missing", "coop-missing",
      "backup-exposed", "directory-listing", "private-route-404", "rate-limit-503-bare"), False),
    (("csp-missing", "login-broken"), False),
    (("signup-broken", "wrong-password-accepted", "category-ignored", "3ds-fail-confirms"), False),
    (("logout-keeps-session", "search-broken", "detail-500", "booking-not-saved", "webhook-not-sent",
      "js-error-on-browse", "console-error"), False),
    (("checkout-decline-confirms", "heavy-page", "layout-shift", "slow-lcp", "render-blocking",
      "too-many-requests", "missing-meta", "blank-page"), False),
    (("service-role-key-in-bundle", "stripe-key-in-page-data", "sourcemap-unlinked-chunk", "open-redirect-login",
      "image-proxy-open", "third-party-script-no-sri"), False),
    (("slow-under-load",), False),
    (("errors-under-load",), False),
    (("slower-home-render", "heavier-script", "slower-listing-api"), False),
    (("tls-expired",), True),
    (("tls-expiring-soon",), True),
    (("tls-wrong-host", "http-not-redirected"), True),
    (("tls-chain-incomplete",), True),
    (("supabase-rls-disabled", "supabase-select-using-true", "supabase-bucket-lists", "supabase-anon-insert"), False),
    # Each environment the demo plays needs a start of its own.
    (("preview-indexable", "preview-live-key", "preview-production-supabase"), False),
    (("production-noindex", "production-test-key"), False),
    (("production-protected",), False),
]  # fmt: skip


def test_every_fault_has_a_behaviour_check_and_a_group() -> None:
    grouped = [name for names, _ in GROUPS for name in names]
    assert sorted(grouped) == sorted(set(grouped)), "a fault is in two groups"
    assert set(CHECKS) == set(catalogue()) == set(grouped)


@pytest.mark.parametrize(
    ("faults", "https"), GROUPS, ids=[names[0] + ("+" if len(names) > 1 else "") for names, _ in GROUPS]
)
def test_faults_change_behaviour(faults: tuple[str, ...], https: bool) -> None:
    supabase = any(catalogue()[name].supabase for name in faults)
    with running_demo(faults=faults, https=https, supabase=supabase) as demo:
        verify: object = _ca(demo) if https and faults == ("tls-expiring-soon",) else False
        with client(demo.base_url, verify=verify) as http:
            for name in faults:
                CHECKS[name](demo, http)
