"""`postdeploy demo stripe`: Checkout Sessions in Stripe's API shape, the hosted page for them, and a
webhook signed the way Stripe's libraries verify (checked here with Stripe's own Python library)."""

from __future__ import annotations

import http.server
import os
import queue
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest
import stripe

from postdeploy.demo.launch import READY_PREFIX, free_port
from postdeploy.demo.stripe_api import parse_form
from selftests.local_server import serving

SECRET, KEY = "whsec_selftest_stripe_like", "sk_test_selftest"
received: queue.Queue[tuple[str, bytes]] = queue.Queue()


class WebhookReceiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        received.put((self.headers["Stripe-Signature"], body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def stripe_like() -> Iterator[str]:
    with serving(WebhookReceiver) as receiver:
        port = free_port()
        cmd = [sys.executable, "-m", "postdeploy", "demo", "stripe", "--port", str(port),
               "--webhook-url", f"{receiver}/hook", "--business-name", "Selftest Studio"]  # fmt: skip
        env = {**os.environ, "STRIPE_WEBHOOK_SECRET": SECRET, "STRIPE_SECRET_KEY": KEY, "PYTHONUNBUFFERED": "1"}
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            assert line.startswith(READY_PREFIX), line
            yield f"http://127.0.0.1:{port}"
        finally:
            proc.terminate()
            proc.wait(timeout=10)


SESSION = {
    "mode": "payment",
    "success_url": "http://127.0.0.1:1/done?session_id={CHECKOUT_SESSION_ID}",
    "cancel_url": "http://127.0.0.1:1/back",
    "client_reference_id": "R-1",
    "metadata[order]": "R-1",
    "line_items[0][quantity]": "2",
    "line_items[0][price_data][currency]": "eur",
    "line_items[0][price_data][unit_amount]": "1500",
    "line_items[0][price_data][product_data][name]": "Linocut printing",
}
BY_PRICE_ID = {"mode": "payment", "success_url": "http://127.0.0.1:1/done", "line_items[0][price]": "price_123"}


def create(base: str, key: str = KEY, form: dict[str, str] = SESSION) -> httpx.Response:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return httpx.post(f"{base}/v1/checkout/sessions", data=form, headers=headers)


def test_parse_form_nests_brackets_into_dicts_and_lists() -> None:
    pairs = [
        ("mode", "payment"),
        ("metadata[a]", "1"),
        ("line_items[1][quantity]", "3"),
        ("line_items[0][quantity]", "1"),
    ]
    assert parse_form(pairs) == {"mode": "payment", "metadata": {"a": "1"},
                                 "line_items": [{"quantity": "1"}, {"quantity": "3"}]}  # fmt: skip


def test_session_in_stripe_shape_paid_on_the_hosted_page_and_signed_webhook(stripe_like: str) -> None:
    session = create(stripe_like).json()
    assert session["object"] == "checkout.session" and session["id"].startswith("cs_test_")
    assert (session["amount_total"], session["currency"], session["status"]) == (3000, "eur", "open")
    assert session["metadata"] == {"order": "R-1"} and session["url"] == f"{stripe_like}/c/pay/{session['id']}"
    page = httpx.get(session["url"])
    assert "Pay Selftest Studio" in page.text and "€" not in page.text and 'id="cardNumber"' in page.text
    form = {"email": "a@example.com", "cardNumber": "4242 4242 4242 4242", "cardExpiry": "12 / 34",
            "cardCvc": "123", "billingName": "A"}  # fmt: skip
    paid = httpx.post(session["url"], data=form)
    assert paid.status_code == 303 and paid.headers["location"] == f"http://127.0.0.1:1/done?session_id={session['id']}"
    signature, body = received.get(timeout=10)
    event = stripe.Webhook.construct_event(body, signature, SECRET)
    assert event["type"] == "checkout.session.completed"
    completed = event["data"]["object"]
    assert (completed["id"], completed["payment_status"]) == (session["id"], "paid")
    assert completed["client_reference_id"] == "R-1"
    auth = {"Authorization": f"Bearer {KEY}"}
    assert httpx.get(f"{stripe_like}/v1/checkout/sessions/{session['id']}", headers=auth).json()["status"] == "complete"


@pytest.mark.parametrize(
    ("key", "form", "status", "says"),
    [
        ("", SESSION, 401, "did not provide an API key"),
        ("sk_live_abcdef", SESSION, 401, "refuses live-mode keys"),
        ("sk_test_other", SESSION, 401, "Invalid API Key"),
        (KEY, {**SESSION, "mode": "subscription"}, 400, "mode=payment"),
        (KEY, BY_PRICE_ID, 400, "No such price"),
        (KEY, {**SESSION, "success_url": "not-a-url"}, 400, "Not a valid URL"),
    ],
)
def test_api_errors_in_stripe_shape(stripe_like: str, key: str, form: dict[str, str], status: int, says: str) -> None:
    response = create(stripe_like, key, form)
    assert response.status_code == status
    assert says in response.json()["error"]["message"]


def test_missing_webhook_secret_is_one_line() -> None:
    env = {k: v for k, v in os.environ.items() if k != "STRIPE_WEBHOOK_SECRET"}
    cmd = [sys.executable, "-m", "postdeploy", "demo", "stripe", "--webhook-url", "http://127.0.0.1:1/hook"]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=30)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "STRIPE_WEBHOOK_SECRET" in proc.stderr
