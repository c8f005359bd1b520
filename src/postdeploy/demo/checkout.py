"""The second origin: a Stripe-like hosted Checkout page with Stripe's element ids and test cards,
which sends a signed `checkout.session.completed` webhook to the main origin after a payment."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import secrets
import ssl
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from postdeploy.demo.context import DemoContext
from postdeploy.demo.protection import BYPASS
from postdeploy.demo.switches import ActiveFaults

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


@dataclass(frozen=True)
class HostedCheckout:
    """What the hosted page needs from whoever keeps the checkout sessions: the demo's SQLite store,
    or the standalone Stripe-like server's memory (`postdeploy demo stripe`)."""

    # The session by id, as a mapping with id, status, amount_cents, description, success_url.
    find: Callable[[str], Mapping[str, Any] | None]
    mark_complete: Callable[[str], None]
    # The signed webhook's body for a paid session, and where it goes.
    event_for: Callable[[Mapping[str, Any]], bytes]
    webhook_url: str
    webhook_secret: str
    render: Callable[..., Response]
    faults: ActiveFaults = field(default_factory=ActiveFaults)
    ca_file: str | None = None


def checkout_routes(demo: DemoContext) -> list[Route]:
    store, settings = demo.store, demo.settings

    def find(session_id: str) -> dict[str, Any] | None:
        row = store.checkout_session(session_id)
        return dict(row) if row is not None else None

    def render(name: str, status: int = 200, **context: object) -> Response:
        return demo.templates.render(name, status, publishable_key=settings.publishable_key, **context)

    return hosted_checkout_routes(
        HostedCheckout(
            find=find,
            mark_complete=lambda session_id: store.set_checkout_status(session_id, "complete"),
            event_for=lambda s: completed_event(str(s["id"]), int(s["booking_id"]), int(s["amount_cents"])),
            webhook_url=settings.main_origin + WEBHOOK_PATH + _bypass_query(settings.protect_secret),
            webhook_secret=settings.webhook_secret,
            render=render,
            faults=demo.faults,
            ca_file=settings.ca_file,
        )
    )


def _bypass_query(secret: str | None) -> str:
    """Behind the protection wall, the endpoint URL carries the bypass, as a team configures Stripe's
    webhook endpoint for a protected deployment."""
    return f"?{BYPASS}={quote(secret)}" if secret else ""


def hosted_checkout_routes(site: HostedCheckout) -> list[Route]:
    """The hosted page's routes: the card form, the 3-D Secure challenge, and the webhook after a payment."""
    faults, page = site.faults, site.render

    def open_session(request: Request) -> tuple[Mapping[str, Any] | None, Response | None]:
        row = site.find(request.path_params["session_id"])
        if row is None:
            return None, page("checkout/gone.html", 404, message="This checkout session does not exist.")
        if row["status"] == "complete":
            return None, page("checkout/gone.html", 409, message="This checkout session is already paid.")
        return row, None

    async def send_webhook(session_id: str, payload: bytes) -> None:
        import httpx  # lazily: only a paid checkout needs it

        headers = {
            "Stripe-Signature": stripe_signature(payload, site.webhook_secret),
            "Content-Type": "application/json",
            "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        }
        verify: ssl.SSLContext | bool = True
        if site.ca_file:
            verify = ssl.create_default_context(cafile=site.ca_file)
        try:
            async with httpx.AsyncClient(verify=verify, timeout=10) as client:
                response = await client.post(site.webhook_url, content=payload, headers=headers)
            print(f"checkout: webhook for {session_id} -> {response.status_code}", file=sys.stderr)
        except httpx.HTTPError as exc:
            print(f"checkout: webhook for {session_id} failed: {exc}", file=sys.stderr)

    def complete(row: Mapping[str, Any] | None, *, paid: bool = True) -> Response:
        assert row is not None
        session_id = str(row["id"])
        if paid:
            site.mark_complete(session_id)
        session = site.find(session_id) or row  # as it is now: paid sessions say so in the event
        if not faults.on("webhook-not-sent"):
            # Like Stripe, the webhook goes out on its own, after the customer is sent back.
            task = asyncio.get_running_loop().create_task(send_webhook(session_id, site.event_for(session)))
            _background.add(task)
            task.add_done_callback(_background.discard)
        url = str(session["success_url"]).replace("{CHECKOUT_SESSION_ID}", quote(session_id))
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
        if faults.on("3ds-fail-confirms"):
            complete(row, paid=False)  # the bug: the webhook goes out although authentication failed
        return page("checkout/pay.html", session=row, error=AUTH_FAILED, values={})

    return [
        Route("/c/pay/{session_id}", pay_page, methods=["GET"]),
        Route("/c/pay/{session_id}", pay, methods=["POST"]),
        Route("/c/3ds/{session_id}", challenge_page, methods=["GET"]),
        Route("/c/3ds/{session_id}", challenge, methods=["POST"]),
    ]


_background: set[asyncio.Task[None]] = set()
