"""A Vercel-style Deployment Protection wall in front of the demo's main origin (`--protect`).

Like Vercel's: every request without the bypass secret gets a 401 page. The secret opens it as the
`x-vercel-protection-bypass` header or query parameter; with `x-vercel-set-bypass-cookie` the answer
also sets a cookie that opens it from then on (how a browser gets through). Every refusal is
printed, so a self-test can tell that no client of the suite came without the secret.
"""

from __future__ import annotations

import hashlib
import hmac
import sys
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

BYPASS = "x-vercel-protection-bypass"
SET_COOKIE = "x-vercel-set-bypass-cookie"
COOKIE = "_vercel_jwt"
WALL_PREFIX = "protect:"
REFUSED_PREFIX = f"{WALL_PREFIX} refused"
LEAK_PREFIX = f"{WALL_PREFIX} checkout origin received the bypass secret"
PAGE = (
    b"<!doctype html><html lang=en><head><meta charset=utf-8><meta name=robots content=noindex>"
    b"<title>Authentication Required</title></head><body><h1>Authentication Required</h1>"
    b"<p>This deployment is protected.</p></body></html>"
)


def _headers(scope: Scope) -> dict[bytes, bytes]:
    return {bytes(k).lower(): bytes(v) for k, v in scope["headers"]}


class ProtectionWall:
    """401 for every request that does not carry the secret (header, query or cookie)."""

    def __init__(self, app: ASGIApp, secret: str, https: bool) -> None:
        self.app, self.secret, self.https = app, secret, https
        # The cookie holds a token derived from the secret, never the secret itself.
        self.token = hmac.new(secret.encode(), b"bypass-cookie", hashlib.sha256).hexdigest()

    def _opened_by(self, scope: Scope, headers: dict[bytes, bytes]) -> tuple[bool, str | None]:
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        given = headers.get(BYPASS.encode(), b"").decode("latin-1") or (query.get(BYPASS) or [""])[0]
        wants_cookie = headers.get(SET_COOKIE.encode(), b"").decode("latin-1") or (query.get(SET_COOKIE) or [""])[0]
        if given and hmac.compare_digest(given, self.secret):
            return True, wants_cookie or None
        cookies = SimpleCookie(headers.get(b"cookie", b"").decode("latin-1"))
        jar = cookies.get(COOKIE)
        return bool(jar and hmac.compare_digest(jar.value, self.token)), None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        opened, wants_cookie = self._opened_by(scope, _headers(scope))
        if not opened:
            agent = _headers(scope).get(b"user-agent", b"").decode("latin-1")[:60]
            print(f"{REFUSED_PREFIX} {scope['method']} {scope['path']} ({agent})", file=sys.stderr, flush=True)
            headers = [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(PAGE)).encode()),
                       (b"cache-control", b"no-store"), (b"x-robots-tag", b"noindex")]  # fmt: skip
            await send({"type": "http.response.start", "status": 401, "headers": headers})
            await send({"type": "http.response.body", "body": PAGE})
            return
        if not wants_cookie:
            await self.app(scope, receive, send)
            return
        same_site = "None" if wants_cookie == "samesitenone" else "Lax"
        secure = "; Secure" if self.https or same_site == "None" else ""
        cookie = f"{COOKIE}={self.token}; Path=/; HttpOnly; SameSite={same_site}{secure}".encode()

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"set-cookie", cookie)]
            await send(message)

        await self.app(scope, receive, send_with_cookie)


class SecretWatch:
    """On the checkout origin (the third party): says so when a request carries the bypass secret."""

    def __init__(self, app: ASGIApp, secret: str) -> None:
        self.app, self.secret = app, secret.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            raw = b"".join(k + b"=" + v for k, v in scope["headers"]) + scope.get("query_string", b"")
            if self.secret in raw or BYPASS.encode() in raw.lower():
                print(f"{LEAK_PREFIX}: {scope['method']} {scope['path']}", file=sys.stderr, flush=True)
        await self.app(scope, receive, send)
