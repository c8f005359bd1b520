"""The main origin's machine-facing routes: health, listings API, the Stripe webhook, redirects and
rewrites, robots.txt, sitemap.xml, and the files a careless deploy exposes (only under faults)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from postdeploy.demo.context import DemoContext
from postdeploy.demo.settings import OLD_VERSION, VERSION
from postdeploy.demo.switches import ActiveFaults

SITEMAP_PATHS = ["/", "/browse", "/auth/login", "/auth/signup"]
NO_STORE = {"Cache-Control": "no-store"}
SLOWER_LISTING_API_S = 0.04  # regression fault: slower, yet far under the load SLAs


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def api_routes(demo: DemoContext) -> list[Route]:
    store, faults = demo.store, demo.faults

    def service(name: str) -> dict[str, object]:
        started = time.perf_counter()
        up = True
        if name == "database":
            up = store.ping() and not faults.on("health-503")
        elif name == "email":
            up = not faults.on("service-down")
        result: dict[str, object] = {"status": "up" if up else "down", "lastCheck": _now()}
        if up:
            result["responseTime"] = round((time.perf_counter() - started) * 1000, 2)
        else:
            result["error"] = "connection refused" if name == "database" else "HTTP 503 from provider"
        return result

    async def health(request: Request) -> Response:
        started = time.perf_counter()
        services = {name: service(name) for name in ("database", "stripe", "email", "ai")}
        # A required core service down makes the deploy unhealthy; an auxiliary one only degrades it.
        status = "healthy"
        if services["email"]["status"] == "down" or services["ai"]["status"] == "down":
            status = "degraded"
        if services["database"]["status"] == "down" or services["stripe"]["status"] == "down":
            status = "unhealthy"
        body = {
            "status": status,
            "timestamp": _now(),
            "version": OLD_VERSION if faults.on("wrong-version") else VERSION,
            "responseTime": round((time.perf_counter() - started) * 1000, 2),
            "services": services,
        }
        return JSONResponse(body, status_code=503 if status == "unhealthy" else 200, headers=NO_STORE)

    async def health_rewrite(request: Request) -> Response:
        if faults.on("rewrite-broken"):
            return RedirectResponse("/api/health", status_code=307)
        return await health(request)

    async def listings(request: Request) -> Response:
        cache = "public, max-age=600" if faults.on("api-cache-public") else "no-store"
        return JSONResponse(store.listings(), headers={"Cache-Control": cache})

    async def one_listing(request: Request) -> Response:
        if faults.on("slower-listing-api"):
            await asyncio.sleep(SLOWER_LISTING_API_S)  # a lost index: every lookup scans
        item = store.listing(request.path_params["listing_id"])
        if item is None:
            return JSONResponse({"error": "not found"}, status_code=404, headers=NO_STORE)
        return JSONResponse(item, headers=NO_STORE)

    async def stripe_webhook(request: Request) -> Response:
        payload = await request.body()
        signature = request.headers.get("stripe-signature", "")
        if faults.on("webhook-unsigned-accepted"):
            try:
                event = json.loads(payload or b"{}")
            except ValueError:
                event = {}
        else:
            import stripe  # lazily: importing stripe costs more than the rest of the demo's start-up

            # webhook-replay-accepted: a tolerance of years, so an old signed event still passes.
            tolerance = 10**9 if faults.on("webhook-replay-accepted") else 300
            try:
                stripe.Webhook.construct_event(payload, signature, demo.settings.webhook_secret, tolerance)
                event = json.loads(payload)
            except (ValueError, stripe.SignatureVerificationError):
                return JSONResponse({"error": "invalid signature"}, status_code=400, headers=NO_STORE)
        if isinstance(event, dict) and event.get("type") == "checkout.session.completed":
            confirm_paid_session(event)
        return JSONResponse({"received": True}, headers=NO_STORE)

    def confirm_paid_session(event: dict[str, object]) -> None:
        data = event.get("data")
        session = data.get("object") if isinstance(data, dict) else None
        if not isinstance(session, dict):
            return
        row = store.checkout_session(str(session.get("id", "")))
        if row is not None:
            store.set_checkout_status(row["id"], "complete")
            store.set_booking_status(int(row["booking_id"]), "confirmed", only_from="pending")

    async def csp_report(request: Request) -> Response:
        await request.body()  # accepted and dropped: the demo has nowhere to send reports
        return Response(status_code=204)

    async def login_redirect(request: Request) -> Response:
        if faults.on("broken-redirect"):
            return RedirectResponse("/auth/login", status_code=302)
        return RedirectResponse("/auth/login", status_code=308)

    async def robots(request: Request) -> Response:
        origin = demo.settings.main_origin
        text = f"User-agent: *\nAllow: /\nDisallow: /dashboard\nDisallow: /admin\n\nSitemap: {origin}/sitemap.xml\n"
        return PlainTextResponse(text)

    async def sitemap(request: Request) -> Response:
        paths = SITEMAP_PATHS + [f"/listings/{item['id']}" for item in store.listings()]
        if faults.on("sitemap-dead-link"):
            paths.append("/services/retired-listing")
        urls = "".join(f"<url><loc>{demo.settings.main_origin}{path}</loc></url>" for path in paths)
        xml = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n'
        return Response(xml, media_type="application/xml")

    return [
        *careless_files(faults),
        Route("/api/health", health),
        Route("/health", health_rewrite),
        Route("/api/listings", listings),
        Route("/api/listings/{listing_id:int}", one_listing),
        Route("/api/webhooks/stripe", stripe_webhook, methods=["POST"]),
        Route("/api/csp-report", csp_report, methods=["POST"]),
        Route("/login", login_redirect),
        Route("/robots.txt", robots),
        Route("/sitemap.xml", sitemap),
    ]


# Backups and editor files left next to the app (fault backup-exposed) and an auto-index of /static/
# (fault directory-listing): what the security layer's exposure checks must find.
BACKUP_FILES = {
    "/backup.sql": (
        "-- PostgreSQL database dump\nCREATE TABLE users (id serial primary key, email text);\n",
        "text/plain",
    ),
    "/next.config.js.bak": ("module.exports = { poweredByHeader: false }\n", "text/plain"),
    "/backup.zip": ("PK\x03\x04\x14\x00\x00\x00\x08\x00", "application/zip"),
    "/.DS_Store": ("\x00\x00\x00\x01Bud1\x00\x00\x10\x00", "application/octet-stream"),
}
DIRECTORY_INDEX = (
    "<html><head><title>Index of /static/</title></head><body><h1>Index of /static/</h1>"
    '<a href="app.js">app.js</a> <a href="app.css">app.css</a> <a href="favicon.svg">favicon.svg</a></body></html>'
)


def careless_files(faults: ActiveFaults) -> list[Route]:
    routes: list[Route] = []

    def serve(body: str, media_type: str) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(_: Request) -> Response:
            return Response(body, media_type=media_type)

        return endpoint

    if faults.on("backup-exposed"):
        routes += [Route(path, serve(body, kind)) for path, (body, kind) in BACKUP_FILES.items()]
    if faults.on("directory-listing"):
        routes.append(Route("/static/", serve(DIRECTORY_INDEX, "text/html")))
    return routes
