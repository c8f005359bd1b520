"""Small HTTP helpers for the demo's self-tests: log in, book, pay, sign webhooks."""

from __future__ import annotations

import re
import time

import httpx

from postdeploy.demo.checkout import stripe_signature
from postdeploy.demo.launch import RunningDemo

EMAIL, PASSWORD = "pilot@skymarket.test", "demo-pilot-pass"


def client(url: str, **kwargs: object) -> httpx.Client:
    return httpx.Client(base_url=url, follow_redirects=False, timeout=10, **kwargs)  # type: ignore[arg-type]


def login(http: httpx.Client, email: str = EMAIL, password: str = PASSWORD) -> httpx.Response:
    return http.post("/auth/login", data={"email": email, "password": password, "next": "/dashboard"})


def book(http: httpx.Client, listing_id: int = 1) -> int:
    response = http.post("/bookings", data={"listing_id": str(listing_id), "date": "2030-05-01", "time": "10:30"})
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def status_of(http: httpx.Client, booking_id: int) -> str:
    page = http.get(f"/bookings/{booking_id}").text
    found = re.search(r'data-testid="booking-status"[^>]*>([a-z]+)<', page)
    return found.group(1) if found else "?"


def start_checkout(http: httpx.Client, booking_id: int) -> str:
    response = http.post(f"/bookings/{booking_id}/checkout")
    assert response.status_code == 303
    return str(response.headers["location"])


def pay(demo: RunningDemo, pay_url: str, card: str) -> httpx.Response:
    form = {"email": EMAIL, "cardNumber": card, "cardExpiry": "12 / 34", "cardCvc": "123", "billingName": "Demo Pilot"}
    with client(demo.checkout_url) as checkout:
        return checkout.post(pay_url.removeprefix(demo.checkout_url), data=form)


def wait_status(http: httpx.Client, booking_id: int, wanted: str, timeout: float = 5.0) -> str:
    deadline = time.monotonic() + timeout
    status = status_of(http, booking_id)
    while status != wanted and time.monotonic() < deadline:
        time.sleep(0.1)
        status = status_of(http, booking_id)
    return status


def signed_webhook(http: httpx.Client, payload: bytes, secret: str, timestamp: int | None = None) -> httpx.Response:
    headers = {"Stripe-Signature": stripe_signature(payload, secret, timestamp), "Content-Type": "application/json"}
    return http.post("/api/webhooks/stripe", content=payload, headers=headers)
