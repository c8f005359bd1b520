"""Assembles the demo: the main marketplace origin and the checkout origin, one ASGI app that
dispatches on the port a request arrived at (one uvicorn server, two listening sockets)."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, ExceptionHandler, Receive, Scope, Send

from postdeploy.demo import db
from postdeploy.demo.api import api_routes
from postdeploy.demo.assets import asset_routes
from postdeploy.demo.checkout import checkout_routes
from postdeploy.demo.context import DemoContext
from postdeploy.demo.headers import security_headers
from postdeploy.demo.middleware import LoadFaults, NetworkDelay, SecurityHeaders
from postdeploy.demo.nextjs import nextjs_routes
from postdeploy.demo.pages import page_routes
from postdeploy.demo.protection import ProtectionWall, SecretWatch
from postdeploy.demo.settings import DemoSettings
from postdeploy.demo.web import Sessions, Templates


def build_context(settings: DemoSettings) -> DemoContext:
    store = db.Store(db.connect(settings.db_path))
    return DemoContext(settings, store, Templates(settings), Sessions(settings, store))


def _error_handlers(demo: DemoContext) -> dict[Any, ExceptionHandler]:
    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        if status == 405:
            return Response("Method Not Allowed", 405, headers={"Allow": "GET, HEAD, POST"})
        title = "Page not found" if status == 404 else "Something went wrong"
        return demo.templates.render("error.html", status, title=title, user=None, path=request.url.path)

    return {HTTPException: http_error, 500: http_error}


def _middleware(demo: DemoContext, form_targets: str, wall: Middleware | None = None) -> list[Middleware]:
    settings = demo.settings
    stack = [wall] if wall else []  # outermost: a refused request never reaches the app
    if settings.latency_s:
        stack.insert(0, Middleware(NetworkDelay, seconds=settings.latency_s))
    stack += [
        Middleware(LoadFaults, faults=settings.faults),
        Middleware(
            SecurityHeaders,
            headers=security_headers(settings.faults, form_targets, settings.https, settings.noindex_header),
            faults=settings.faults,
        ),
    ]
    if not settings.faults.on("no-compression"):
        stack.append(Middleware(GZipMiddleware, minimum_size=500))
    return stack


def main_app(demo: DemoContext) -> Starlette:
    routes = [*page_routes(demo), *api_routes(demo), *nextjs_routes(demo.settings), *asset_routes(demo)]
    settings = demo.settings
    wall = None
    if settings.protect_secret:
        wall = Middleware(ProtectionWall, secret=settings.protect_secret, https=settings.https)
    return Starlette(
        routes=routes,
        middleware=_middleware(demo, settings.checkout_origin, wall),
        exception_handlers=_error_handlers(demo),
    )


def checkout_app(demo: DemoContext) -> Starlette:
    # The hosted page posts to itself, then sends the browser back to the marketplace's success URL.
    routes = [*checkout_routes(demo), *[r for r in asset_routes(demo) if getattr(r, "path", "") == "/static"]]
    secret = demo.settings.protect_secret
    watch = Middleware(SecretWatch, secret=secret) if secret else None
    return Starlette(
        routes=routes,
        middleware=_middleware(demo, demo.settings.main_origin, watch),
        exception_handlers=_error_handlers(demo),
    )


class PortDispatch:
    """Routes each request to the origin whose socket it arrived on."""

    def __init__(self, by_port: dict[int, ASGIApp], default: ASGIApp) -> None:
        self.by_port, self.default = by_port, default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        server = scope.get("server")
        app = self.by_port.get(server[1], self.default) if server else self.default
        await app(scope, receive, send)


def build_app(
    settings: DemoSettings, port: int, checkout_port: int, extra_origins: dict[int, ASGIApp] | None = None
) -> ASGIApp:
    """`extra_origins`: more apps by port (the Supabase-compatible data API)."""
    demo = build_context(settings)
    main = main_app(demo)
    return PortDispatch({port: main, checkout_port: checkout_app(demo), **(extra_origins or {})}, main)
