"""The Next.js reference target as its README describes it: health shape, redirects, rewrites, the
guard, the JSON sign-in (cookie, 401, 429), sign-up with confirmation, and a paid checkout that only
the signed webhook confirms. Faults switch behaviour at request time."""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from postdeploy.demo.launch import free_port
from selftests.nextjs_target import APP_DIR, RunningNext, running_nextjs

CARD_OK, CARD_DECLINED = "4242424242424242", "4000000000009995"


@contextmanager
def signed_in(app: RunningNext) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=app.base_url, timeout=15) as client:
        credentials = {"email": app.env["POSTDEPLOY_TEST_EMAIL"], "password": app.env["POSTDEPLOY_TEST_PASSWORD"]}
        assert client.post("/api/auth/session", json=credentials).status_code == 200
        yield client


def reserve(client: httpx.Client, slug: str = "spoon-carving") -> str:
    session = client.get(f"/api/classes/{slug}").json()["sessions"][0]["id"]
    created = client.post("/api/reservations", json={"class": slug, "session": session, "seats": 1})
    assert created.status_code == 201, created.text
    return str(created.json()["reservation"]["code"])


def state_of(client: httpx.Client, code: str) -> str:
    return str(client.get(f"/api/reservations/{code}").json()["reservation"]["state"])


def pay(app: RunningNext, client: httpx.Client, code: str, card: str) -> httpx.Response:
    started = client.post("/api/checkout_sessions", json={"reservation": code})
    assert started.status_code == 200, started.text
    url = started.json()["url"]
    assert url.startswith(f"{app.checkout_url}/c/pay/cs_test_")
    with httpx.Client(timeout=15) as browser:
        assert 'id="cardNumber"' in browser.get(url).text
        form = {"email": "buyer@example.com", "cardNumber": card, "cardExpiry": "12 / 34", "cardCvc": "123",
                "billingName": "Test Buyer"}  # fmt: skip
        return browser.post(url, data=form)


def test_health_reports_checks_and_the_started_commit(app: RunningNext) -> None:
    response = httpx.get(f"{app.base_url}/api/healthz")
    body = response.json()
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    assert body["ok"] is True and body["build"]["sha"] == app.env["GIT_COMMIT_SHA"]
    assert {c["name"]: c["state"] for c in body["checks"]} == {"db": "pass", "payments": "pass", "mail": "pass"}


def test_redirects_rewrites_and_headers(app: RunningNext) -> None:
    with httpx.Client(base_url=app.base_url) as client:
        permanent, temporary = client.get("/sign-in"), client.get("/gift-cards")
        assert (permanent.status_code, permanent.headers["location"]) == (308, "/signin")
        assert (temporary.status_code, temporary.headers["location"]) == (307, "/classes?category=ceramics")
        rewritten = client.get("/healthz")
        assert rewritten.status_code == 200 and rewritten.json()["ok"] is True
        home = client.get("/")
    assert "Find a class" in home.text and "/_next/static/chunks/" in home.text
    assert "frame-ancestors 'none'" in home.headers["content-security-policy"]
    assert home.headers["cross-origin-opener-policy"] == "same-origin" and "x-powered-by" not in home.headers


def test_guard_redirects_pages_and_refuses_apis(app: RunningNext) -> None:
    with httpx.Client(base_url=app.base_url) as client:
        page = client.get("/account/reservations")
        api = client.get("/api/reservations")
    assert (page.status_code, page.headers["location"]) == (307, "/signin?next=%2Faccount%2Freservations")
    assert api.status_code == 401 and api.json()["error"] == "unauthenticated"


def test_json_sign_in_cookie_errors_and_rate_limit(app: RunningNext) -> None:
    with signed_in(app) as client:
        assert client.get("/api/me").json()["user"]["email"] == app.env["POSTDEPLOY_TEST_EMAIL"]
    with httpx.Client(base_url=app.base_url) as client:
        login = client.post("/api/auth/session", json={"email": app.env["POSTDEPLOY_TEST_EMAIL"],
                                                        "password": app.env["POSTDEPLOY_TEST_PASSWORD"]})  # fmt: skip
        cookie = login.headers["set-cookie"]
        assert cookie.startswith("lh_session=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
        assert client.post("/api/auth/session", data={"email": "a@b.c", "password": "x"}).status_code == 415
        wrong = {"email": "nobody@example.invalid", "password": "wrong-password"}
        statuses = [client.post("/api/auth/session", json=wrong).status_code for _ in range(6)]
        assert statuses == [401] * 5 + [429]
        limited = client.post("/api/auth/session", json=wrong)
    assert limited.status_code == 429 and 1 <= int(limited.headers["retry-after"]) <= 60


def test_sign_up_needs_the_emailed_confirmation(app: RunningNext) -> None:
    account = {"name": "New Maker", "email": f"new-{time.time_ns()}@example.com", "password": "a-long-password"}
    with httpx.Client(base_url=app.base_url) as client:
        assert client.post("/api/auth/signup", json=account).status_code == 202
        refused = client.post("/api/auth/session", json=account)
        assert refused.status_code == 403 and refused.json()["error"] == "email_not_confirmed"
        (mail,) = [json.loads(p.read_text()) for p in app.outbox.glob("*.json") if account["email"] in p.name]
        confirmed = client.get(mail["link"].removeprefix(app.base_url))
        assert (confirmed.status_code, confirmed.headers["location"]) == (303, "/signin?confirmed=1")
        assert client.post("/api/auth/session", json=account).status_code == 200


def test_only_the_signed_webhook_marks_a_reservation_paid(app: RunningNext) -> None:
    with signed_in(app) as client:
        paid, declined = reserve(client), reserve(client)
        done = pay(app, client, paid, CARD_OK)
        assert done.status_code == 303 and done.headers["location"].startswith(f"{app.base_url}/payment/complete")
        refused = pay(app, client, declined, CARD_DECLINED)
        assert refused.status_code == 200 and "declined" in refused.text
        deadline = time.monotonic() + 10
        while state_of(client, paid) != "paid" and time.monotonic() < deadline:
            time.sleep(0.2)
        assert (state_of(client, paid), state_of(client, declined)) == ("paid", "awaiting_payment")
        assert client.delete(f"/api/reservations/{declined}").json()["reservation"]["stateLabel"] == "Cancelled"
        forged = client.post("/api/stripe/webhook", content=b"{}", headers={"Stripe-Signature": "t=1,v1=00"})
        assert forged.status_code == 400 and "whsec_" not in forged.text


def test_faults_act_at_request_time() -> None:
    faults = ("stale-build", "reservations-api-unguarded", "cors-any-origin", "search-inert")
    with running_nextjs(faults=faults) as app, httpx.Client(base_url=app.base_url) as client:
        assert client.get("/api/healthz").json()["build"]["sha"] != app.env["GIT_COMMIT_SHA"]
        assert client.get("/api/reservations").status_code == 200
        probe = client.get("/api/classes", headers={"Origin": "https://attacker.example"})
        assert probe.headers["access-control-allow-origin"] == "https://attacker.example"
        assert client.get("/account").status_code == 307  # unrelated guards still hold


def test_unknown_fault_stops_the_server_with_one_line() -> None:
    env = {**os.environ, "NEXTAPP_FAULTS": "no-such-fault", "NEXT_TELEMETRY_DISABLED": "1"}
    cmd = ["node", "node_modules/next/dist/bin/next", "start", "-H", "127.0.0.1", "-p", str(free_port())]
    proc = subprocess.run(cmd, cwd=APP_DIR, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert 'unknown fault "no-such-fault"' in proc.stderr and "health-failing" in proc.stderr


@pytest.mark.parametrize("path", ["/", "/classes", "/classes/wheel-throwing-basics", "/signin", "/signup"])
def test_public_pages_render(app: RunningNext, path: str) -> None:
    response = httpx.get(app.base_url + path)
    assert response.status_code == 200 and "<h1" in response.text
