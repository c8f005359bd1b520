"""The marketplace's users: anonymous browsers, API clients and signed-in bookers (who write data).

Requests are named by route template (`/listings/[id]`) so statistics group by route, not by id.
Weights come from the profile's [load].weights (keys: browser, api, booker).
"""

from __future__ import annotations

import os
import random
import re
from typing import ClassVar

from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

from postdeploy.load.session import current, paced, tls_context

BOOKING_ID = re.compile(r"/bookings/(\d+)")

_listing_ids: list[int] = []


def think_time(user: object) -> float:
    session = current()
    low, high = session.profile.load.think_time_s if session else (0.05, 0.25)
    return random.uniform(low, high)


def search_terms() -> list[str]:
    session = current()
    return session.profile.load.search_terms if session else ["design"]


class MarketplaceUser(FastHttpUser):
    abstract = True
    profile_key: ClassVar[str] = ""
    destructive: ClassVar[bool] = False
    wait_time = paced(think_time)
    insecure = False  # certificates are verified (Locust's default is not to)
    ssl_context_factory = staticmethod(tls_context)

    def listing_id(self) -> int:
        """A real listing id, fetched once per process from the listings API."""
        if not _listing_ids:
            with self.client.get("/api/listings", name="/api/listings", catch_response=True) as resp:
                if resp.status_code == 200 and isinstance(resp.json(), list):
                    _listing_ids.extend(int(item["id"]) for item in resp.json() if "id" in item)
                    resp.success()
                else:
                    resp.failure(f"listings API answered {resp.status_code}")
        return random.choice(_listing_ids) if _listing_ids else 1


class AnonymousBrowser(MarketplaceUser):
    """Someone looking around: home, browse, search, a listing's detail page."""

    profile_key = "browser"
    weight = 6

    @task(3)
    def home(self) -> None:
        self.client.get("/", name="/")

    @task(2)
    def browse(self) -> None:
        self.client.get("/browse", name="/browse")

    @task(2)
    def search(self) -> None:
        self.client.get(f"/browse?q={random.choice(search_terms())}", name="/browse?q=[term]")

    @task(4)
    def listing(self) -> None:
        self.client.get(f"/listings/{self.listing_id()}", name="/listings/[id]")


class ApiClient(MarketplaceUser):
    """A machine client: the listings API and the health endpoint."""

    profile_key = "api"
    weight = 3

    @task(3)
    def listings(self) -> None:
        self.client.get("/api/listings", name="/api/listings")

    @task(3)
    def one_listing(self) -> None:
        self.client.get(f"/api/listings/{self.listing_id()}", name="/api/listings/[id]")

    @task(1)
    def health(self) -> None:
        self.client.get("/api/health", name="/api/health")


class SignedInBooker(MarketplaceUser):
    """A signed-in customer who books and cancels: writes data, so never on production by default."""

    profile_key = "booker"
    destructive = True
    required_env: ClassVar[tuple[str, ...]] = ("POSTDEPLOY_TEST_EMAIL", "POSTDEPLOY_TEST_PASSWORD")
    weight = 1
    # People book far less often than they browse; writes also cost the target the most.
    wait_time = paced(between(1.0, 3.0))

    def on_start(self) -> None:
        env = session.env if (session := current()) else dict(os.environ)
        form = {"email": env.get("POSTDEPLOY_TEST_EMAIL", ""), "password": env.get("POSTDEPLOY_TEST_PASSWORD", "")}
        with self.client.post("/auth/login", data=form, name="/auth/login", catch_response=True) as resp:
            if "Invalid email or password" in (resp.text or "") or resp.status_code >= 400:
                resp.failure(f"login refused ({resp.status_code})")

    @task(3)
    def dashboard(self) -> None:
        self.client.get("/dashboard", name="/dashboard")

    @task(1)
    def book_and_cancel(self) -> None:
        listing = self.listing_id()
        form = {"listing_id": str(listing), "date": "2030-06-01", "time": "10:00"}
        with self.client.post("/bookings", data=form, name="/bookings", catch_response=True) as resp:
            found = BOOKING_ID.search(resp.url or "")
            if resp.status_code != 200 or not found:
                resp.failure(f"booking not created ({resp.status_code})")
                return
        self.client.post(f"/bookings/{found.group(1)}/cancel", name="/bookings/[id]/cancel")
