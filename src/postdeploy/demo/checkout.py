"""The second origin: a Stripe-like hosted Checkout page with Stripe's element ids and test cards,
which sends a signed `checkout.session.completed` webhook to the main origin after a payment."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import secrets
import sqlite3
import ssl
import sys
import time
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from postdeploy.demo.context import DemoContext
from postdeploy.demo.protection import BYPASS

CARD_SUCCEEDS = "4242424242424242"
CARD_DECLINED = "4000000000009995"
CARD_3DS = "4000002500003155"
DECLINED = "Your card was declined."
AUTH_FAILED = (
    "We are unable to authenticate your payment method. Please choose a different payment method and try again."
)
WEBHOOK_PATH = "/api/webhooks/stripe"


def stripe_signature(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """Stripe's `Stripe-Signature` header: `t=<unix time>,v1=<hex HMAC-SHA256 of "t.payload">`."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def completed_event(session_id: str, booking_id: int, amount_cents: int) -> bytes:
    event = {
        "id": "evt_test_" + secrets.token_hex(12),
        "object": "event",
        "api_version": "2024-06-20",
        "created": int(time.time()),
        "livemode": False,
        "type": "checkout.session.completed",
        "data": {
            "object": {
                "id": session_id,
                "object": "checkout.session",
                "amount_total": amount_cents,
                "currency": "usd",
                "client_reference_id": str(booking_id),
                "metadata": {"booking_id": str(booking_id)},
                "mode": "payment",
                "payment_status": "paid",
                "status": "complete",
            }
        },
    }
    return json.dumps(event, separators=(",", ":")).encode()


def checkout_routes(demo: DemoContext) -> list[Route]:
    store, faults, settings = demo.store, demo.faults, demo.settings

    def page(name: str, status: int = 200, **context: object) -> Response:
        return demo.templates.render(name, status, publishable_key=settings.publishable_key, **context)

    def open_session(request: Request) -> tuple[sqlite3.Row | None, Response | None]:
        row = store.checkout_session(request.path_params["session_id"])
        if row is None:
            return None, page("checkout/gone.html", 404, message="This checkout session does not exist.")
        if row["status"] == "complete":
            return None, page("checkout/gone.html", 409, message="This checkout session is already paid.")
        return row, None

    async def send_webhook(session_id: str, booking_id: int, amount_cents: int) -> None:
        import httpx  # lazily: only a paid checkout needs it

        payload = completed_event(session_id, booking_id, amount_cents)
        headers = {
            "Stripe-Signature": stripe_signature(payload, settings.webhook_secret),
            "Content-Type": "application/json",
            "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        }
        verify: ssl.SSLContext | bool = True
        if settings.ca_file:
            verify = ssl.create_default_context(cafile=settings.ca_file)
        # Behind the protection wall, the endpoint URL carries the bypass, as a team configures
        # Stripe's webhook endpoint for a protected deployment.
        params = {BYPASS: settings.protect_secret} if settings.protect_secret else None
        try:
            async with httpx.AsyncClient(verify=verify, timeout=10) as client:
                response = await client.post(
                    settings.main_origin + WEBHOOK_PATH, content=payload, headers=headers, params=params
                )
            print(f"checkout: webhook for {session_id} -> {response.status_code}", file=sys.stderr)
        except httpx.HTTPError as exc:
            print(f"checkout: webhook for {session_id} failed: {exc}", file=sys.stderr)

    def complete(row: sqlite3.Row | None, *, paid: bool = True) -> Response:
        assert row is not None
        session = dict(row)
        if paid:
            store.set_checkout_status(session["id"], "complete")
        if not faults.on("webhook-not-sent"):
            # Like Stripe, the webhook goes out on its own, after the customer is sent back.
            task = asyncio.get_running_loop().create_task(
                send_webhook(session["id"], int(session["booking_id"]), int(session["amount_cents"]))
            )
            _background.add(task)
            task.add_done_callback(_background.discard)
        url = str(session["success_url"]).replace("{CHECKOUT_SESSION_ID}", quote(session["id"]))
        return RedirectResponse(url, status_code=303)

    async def pay_page(request: Request) -> Response:
        row, problem = open_session(request)
        return problem or page("checkout/pay.html", session=row)

    async def pay(request: Request) -> Response:
        row, problem = open_session(request)
        if problem:
            return problem
        form = await request.form()
        card = "".join(ch for ch in str(form.get("cardNumber", "")) if ch.isdigit())
        values = {key: str(form.get(key, "")) for key in ("email", "cardExpiry", "cardCvc", "billingName")}
        if card == CARD_SUCCEEDS:
            return complete(row)
        if card == CARD_3DS:
            return RedirectResponse(f"/c/3ds/{request.path_params['session_id']}", status_code=303)
        if card == CARD_DECLINED:
            if faults.on("checkout-decline-confirms"):
                complete(row, paid=False)  # the bug: the webhook goes out although the card was declined
            return page("checkout/pay.html", session=row, error=DECLINED, values=values)
        return page("checkout/pay.html", session=row, error="Your card number is invalid.", values=values)

    async def challenge_page(request: Request) -> Response:
        row, problem = open_session(request)
        return problem or page("checkout/3ds.html", session=row)

    async def challenge(request: Request) -> Response:
        row, problem = open_session(request)
        if problem:
            return problem
        form = await request.form()
        if form.get("outcome") == "complete":
            return complete(row)
        return page("checkout/pay.html", session=row, error=AUTH_FAILED, values={})

    return [
        Route("/c/pay/{session_id}", pay_page, methods=["GET"]),
        Route("/c/pay/{session_id}", pay, methods=["POST"]),
        Route("/c/3ds/{session_id}", challenge_page, methods=["GET"]),
        Route("/c/3ds/{session_id}", challenge, methods=["POST"]),
    ]


_background: set[asyncio.Task[None]] = set()
