"""Shared plumbing of the demo's pages: templates, signed session cookies, the login rate limiter."""

from __future__ import annotations

import hashlib
import hmac
import time
from collections import deque
from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from postdeploy.demo.db import Store, User
from postdeploy.demo.nextjs import next_data
from postdeploy.demo.settings import DemoSettings

HERE = Path(__file__).parent
SESSION_COOKIE = "sm_session"
# The project a misconfigured preview points at (never contacted: the audit uses the profile's URL).
PRODUCTION_SUPABASE_URL = "https://skymarketprod0demo.supabase.co"


class Templates:
    def __init__(self, settings: DemoSettings) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True, auto_reload=False
        )
        self.env.globals.update(
            faults=settings.faults,
            checkout_origin=settings.checkout_origin,
            publishable_key=settings.publishable_key,
            noindex=settings.noindex,
            next_data=next_data(settings.faults),
        )
        if settings.supabase_url and settings.supabase_anon_key:
            # What a Next.js build inlines from NEXT_PUBLIC_ variables; the audit discovers it here.
            url = settings.supabase_url
            if settings.faults.on("preview-production-supabase"):  # a preview built with production's env
                url = PRODUCTION_SUPABASE_URL
            self.env.globals["supabase_env"] = {
                "NEXT_PUBLIC_SUPABASE_URL": url,
                "NEXT_PUBLIC_SUPABASE_ANON_KEY": settings.supabase_anon_key,
            }

    def render(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(self.env.get_template(template).render(**context), status_code=status)


class Sessions:
    """Server-side sessions; the cookie carries the session token and its HMAC."""

    def __init__(self, settings: DemoSettings, store: Store) -> None:
        self.secret, self.store, self.settings = settings.session_secret, store, settings

    def _sign(self, token: str) -> str:
        return hmac.new(self.secret, token.encode(), hashlib.sha256).hexdigest()[:32]

    def token_of(self, request: Request) -> str | None:
        token, _, signature = request.cookies.get(SESSION_COOKIE, "").partition(".")
        if token and hmac.compare_digest(signature, self._sign(token)):
            return token
        return None

    def user(self, request: Request) -> User | None:
        token = self.token_of(request)
        return self.store.session_user(token) if token else None

    def start(self, response: Response, user: User) -> None:
        token = self.store.create_session(user.id)
        insecure = self.settings.faults.on("cookie-insecure")
        response.set_cookie(
            SESSION_COOKIE,
            f"{token}.{self._sign(token)}",
            path="/",
            httponly=not insecure,
            samesite=None if insecure else "lax",
            secure=self.settings.https,
        )

    def end(self, request: Request, response: Response) -> None:
        token = self.token_of(request)
        if token:
            self.store.delete_session(token)
        response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=self.settings.https)


class LoginRateLimit:
    """At most 5 failed login attempts per client (address and account) in 60 s; then 429 until the
    window moves on."""

    MAX_FAILURES = 5
    WINDOW_S = 60.0

    def __init__(self) -> None:
        self.failures: dict[str, deque[float]] = {}

    def _recent(self, client: str) -> deque[float]:
        attempts = self.failures.setdefault(client, deque())
        while attempts and attempts[0] < time.monotonic() - self.WINDOW_S:
            attempts.popleft()
        return attempts

    def limited(self, client: str) -> bool:
        return len(self._recent(client)) >= self.MAX_FAILURES

    def failed(self, client: str) -> None:
        self._recent(client).append(time.monotonic())

    def retry_after(self, client: str) -> int:
        attempts = self._recent(client)
        return max(1, int(attempts[0] + self.WINDOW_S - time.monotonic()) + 1) if attempts else 1


def client_id(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def safe_next(value: str | None, default: str = "/dashboard") -> str:
    """Only same-site paths: never an open redirect."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return default
