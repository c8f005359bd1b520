"""ASGI middleware of the demo: security headers, method hygiene (TRACE, OPTIONS), CORS, and the
load faults that depend on how many requests are in flight."""

from __future__ import annotations

import asyncio
import random
import time
from collections import deque

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from postdeploy.demo.switches import ActiveFaults

ALLOWED_METHODS = b"GET, HEAD, POST"


class SecurityHeaders:
    """Adds the origin's security headers to every response and answers TRACE and OPTIONS itself."""

    def __init__(self, app: ASGIApp, headers: list[tuple[bytes, bytes]], faults: ActiveFaults) -> None:
        self.app, self.headers, self.faults = app, headers, faults

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        origin = _header(scope, b"origin")
        reflect_cors = origin is not None and self.faults.on("cors-reflect-credentials")
        reflect_cors = reflect_cors and scope["path"].startswith("/api/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = list(self.headers)
                if reflect_cors and origin is not None:
                    extra += [(b"access-control-allow-origin", origin),
                              (b"access-control-allow-credentials", b"true"), (b"vary", b"Origin")]  # fmt: skip
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        method = scope["method"]
        if method == "TRACE":
            await self._trace(scope, send_with_headers)
        elif method == "OPTIONS":
            # A server that answers TRACE also advertises it.
            methods = ALLOWED_METHODS + b", TRACE" if self.faults.on("trace-enabled") else ALLOWED_METHODS
            allow = [(b"allow", methods), (b"content-length", b"0")]
            if reflect_cors:
                allow += [(b"access-control-allow-methods", b"GET, POST, PUT, DELETE"),
                          (b"access-control-allow-headers", b"*")]  # fmt: skip
            await send_with_headers({"type": "http.response.start", "status": 204, "headers": allow})
            await send_with_headers({"type": "http.response.body", "body": b""})
        else:
            await self.app(scope, receive, send_with_headers)

    async def _trace(self, scope: Scope, send: Send) -> None:
        if not self.faults.on("trace-enabled"):
            headers = [(b"allow", ALLOWED_METHODS), (b"content-type", b"text/plain"), (b"content-length", b"18")]
            await send({"type": "http.response.start", "status": 405, "headers": headers})
            await send({"type": "http.response.body", "body": b"Method Not Allowed"})
            return
        # The classic TRACE echo: the request line and headers come back in the body.
        lines = [f"TRACE {scope['path']} HTTP/{scope.get('http_version', '1.1')}".encode()]
        lines += [name + b": " + value for name, value in scope["headers"]]
        body = b"\r\n".join(lines) + b"\r\n"
        headers = [(b"content-type", b"message/http"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class NetworkDelay:
    """Holds every answer back by a fixed delay (`demo serve --latency-ms`): the round trip of a
    CDN edge in another region, for the benches that compare clients over a realistic network."""

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app, self.seconds = app, seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await asyncio.sleep(self.seconds)
        await self.app(scope, receive, send)


class LoadFaults:
    """The load faults, driven by how busy the demo is.

    A fast single-threaded server finishes each request before it reads the next, so requests in
    flight alone stay at 1 and would hide the load; requests started in the last second show it.
    slow-under-load: each request waits 20 ms per other request of the last second plus 250 ms per
    other request in flight (capped at 5 s). The waits keep requests in flight, so under a closed
    load the delay feeds on itself until most users are waiting: a dozen users see seconds, a lone
    client sees nothing. errors-under-load: ~20% of answers are 500 once more than 5 requests
    started in the last second."""

    PER_OTHER_RECENT_S = 0.02
    PER_OTHER_IN_FLIGHT_S = 0.25
    MAX_DELAY_S = 5.0
    BUSY_ABOVE = 5
    ERROR_SHARE = 0.2
    WINDOW_S = 1.0

    def __init__(self, app: ASGIApp, faults: ActiveFaults) -> None:
        self.app, self.faults = app, faults
        self.recent: deque[float] = deque()
        self.in_flight = 0

    def _recent_requests(self) -> int:
        now = time.monotonic()
        self.recent.append(now)
        while self.recent and self.recent[0] < now - self.WINDOW_S:
            self.recent.popleft()
        return len(self.recent)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        recent = self._recent_requests()
        self.in_flight += 1
        try:
            if self.faults.on("slow-under-load"):
                delay = self.PER_OTHER_RECENT_S * (recent - 1) + self.PER_OTHER_IN_FLIGHT_S * (self.in_flight - 1)
                if delay > 0:
                    await asyncio.sleep(min(delay, self.MAX_DELAY_S))
            if self.faults.on("errors-under-load") and recent > self.BUSY_ABOVE and random.random() < self.ERROR_SHARE:
                body = b"Internal Server Error"
                headers = [(b"content-type", b"text/plain"), (b"content-length", str(len(body)).encode())]
                await send({"type": "http.response.start", "status": 500, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value)
    return None
