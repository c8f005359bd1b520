"""The pure parts that fit the smoke and security layers to any site: dotted paths, static assets
found on a page, the login request's shape and the session it must leave, and what counts as a lockout."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from postdeploy.checks.dotted import MISSING, dotted_get
from postdeploy.checks.security import ratelimit
from postdeploy.checks.security.login import check_login_session, login_body, login_target, session_token
from postdeploy.checks.smoke.assets import asset_paths, fingerprinted_assets
from postdeploy.profile import CachingSettings, ProfileError, SecuritySettings, load_profile

NEXT_PAGE = """<!DOCTYPE html><html><head>
<link rel="stylesheet" href="/_next/static/css/8f3e1c2a9b7d6e5f.css" data-precedence="next"/>
<link rel="preload" as="script" fetchPriority="low" href="/_next/static/chunks/webpack-1234abcd5678ef90.js"/>
<link rel="icon" href="/favicon.ico"/>
<script src="/_next/static/chunks/main-app-9a8b7c6d5e4f3a2b.js" async=""></script>
<script src="https://cdn.example.net/lib-0123456789abcdef.js"></script>
<script src="/static/app.js" defer></script>
<script>self.__next_f.push([1,"x"])</script>
</head><body><img src="/img/photo-20240101.jpg"></body></html>"""


def test_dotted_get() -> None:
    data = {"build": {"sha": "f00"}, "checks": [{"state": "pass"}], "ok": False}
    assert dotted_get(data, "build.sha") == "f00" and dotted_get(data, "checks.0.state") == "pass"
    assert dotted_get(data, "ok") is False and dotted_get(data, "") is data
    assert dotted_get(data, "build.missing") is MISSING and dotted_get(data, "checks.3") is MISSING


def test_asset_paths_are_same_origin_scripts_and_links() -> None:
    paths = asset_paths(NEXT_PAGE, "https://site.example/classes")
    assert paths == [
        "/_next/static/css/8f3e1c2a9b7d6e5f.css",
        "/_next/static/chunks/webpack-1234abcd5678ef90.js",
        "/_next/static/chunks/main-app-9a8b7c6d5e4f3a2b.js",
        "/static/app.js",
    ]


def test_fingerprinted_assets_keep_hashed_names_only() -> None:
    pattern = CachingSettings().fingerprint_pattern
    found = fingerprinted_assets({"/": NEXT_PAGE, "/other": NEXT_PAGE}, "https://site.example", pattern, 5)
    assert found == [
        "/_next/static/css/8f3e1c2a9b7d6e5f.css",
        "/_next/static/chunks/webpack-1234abcd5678ef90.js",
        "/_next/static/chunks/main-app-9a8b7c6d5e4f3a2b.js",
    ]
    assert fingerprinted_assets({"/": NEXT_PAGE}, "https://site.example", pattern, 1) == found[:1]
    vite = '<script type="module" src="/assets/index-BxYz12Ab.js"></script><link rel="stylesheet" href="/main.css">'
    assert fingerprinted_assets({"/": vite}, "https://site.example", pattern, 5) == ["/assets/index-BxYz12Ab.js"]
    # A long word is not a hash: it needs a digit.
    plain = '<script src="/js/application.js"></script><script src="/js/jquery-3.7.1.min.js"></script>'
    assert fingerprinted_assets({"/": plain}, "https://site.example", pattern, 5) == []


def test_login_body_form_or_json_with_named_fields() -> None:
    form = SecuritySettings()
    assert login_body(form, "a@x.test", "pw") == {"data": {"email": "a@x.test", "password": "pw"}}
    assert login_target(form) == "/auth/login"
    api = SecuritySettings(login_url="https://auth.example/token", login_format="json", login_email_field="username")
    assert login_body(api, "a@x.test", "pw") == {"json": {"username": "a@x.test", "password": "pw"}}
    assert login_target(api) == "https://auth.example/token"


def test_login_must_leave_a_session_cookie() -> None:
    settings = SecuritySettings(session_cookies=["lh_session"])
    good = httpx.Response(200, headers=[("set-cookie", "lh_session=abc; HttpOnly; Path=/")])
    assert check_login_session(good, settings, "/api/auth/session") == []
    refused = httpx.Response(415, headers=[("set-cookie", "theme=dark")])
    (finding,) = check_login_session(refused, settings, "/api/auth/session")
    assert finding.id == "login.no-session" and "415" in finding.message and "theme" in finding.message
    assert "abc" not in json.dumps(finding.evidence)


def test_login_may_leave_a_token_in_json() -> None:
    settings = SecuritySettings(session_from="json", session_token_field="session.access_token")
    answer = httpx.Response(200, json={"session": {"access_token": "eyJ.tok"}})
    assert session_token(answer, settings.session_token_field) == "eyJ.tok"
    assert check_login_session(answer, settings, "/token") == []
    (finding,) = check_login_session(httpx.Response(200, json={"user": {}}), settings, "/token")
    assert "'session.access_token'" in finding.message
    assert session_token(httpx.Response(200, text="<html>"), "access_token") is None


def _client(handler: Callable[[httpx.Request], httpx.Response]) -> httpx.Client:
    return httpx.Client(base_url="https://site.example", transport=httpx.MockTransport(handler))


def test_rate_limit_json_body_and_what_counts_as_lockout() -> None:
    bodies: list[bytes] = []

    def limiter(request: httpx.Request) -> httpx.Response:
        bodies.append(request.content)
        return httpx.Response(429 if len(bodies) > 2 else 401, headers={"retry-after": "60"} if len(bodies) > 2 else {})

    attempts = ratelimit.hammer_login(_client(limiter), "/api/session", 2, ("email", "password"), "json")
    assert [a.status for a in attempts] == [401, 401, 429] and json.loads(bodies[0])["email"].endswith(".invalid")
    assert ratelimit.check_rate_limit(attempts, "/api/session", 2) == []

    bare = ratelimit.hammer_login(_client(lambda r: httpx.Response(503)), "/login", 3)
    assert len(bare) == 4  # a bare 503 does not stop the run: it is not a lockout
    (finding,) = ratelimit.check_rate_limit(bare, "/login", 3)
    assert "503 without Retry-After" in finding.message
    told = ratelimit.hammer_login(_client(lambda r: httpx.Response(503, headers={"retry-after": "30"})), "/login", 3)
    assert len(told) == 1 and ratelimit.check_rate_limit(told, "/login", 3) == []


def test_rate_limit_says_when_the_request_never_reached_a_login() -> None:
    attempts = ratelimit.hammer_login(_client(lambda r: httpx.Response(415)), "/api/session", 2)
    (finding,) = ratelimit.check_rate_limit(attempts, "/api/session", 2)
    assert "never reached a login" in finding.message and "login_format" in finding.message


def test_profile_refuses_a_bad_fingerprint_pattern_in_one_line(tmp_path: Path) -> None:
    profile = tmp_path / "p.toml"
    profile.write_text('[caching]\nfingerprint_pattern = "(unclosed"\n[health]\nok_values = ["ok", true]\n')
    with pytest.raises(ProfileError) as raised:
        load_profile(profile, env={})
    message = str(raised.value)
    assert "caching.fingerprint_pattern" in message and "not a regular expression" in message
    assert "\n" not in message
    profile.write_text('[health]\nstatus_field = "ok"\nok_values = [true]\n')
    health = load_profile(profile, env={}).health
    assert health.is_ok(True) and not health.is_ok("true ") and health.is_degraded("warn")
