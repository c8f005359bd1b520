"""Static files with immutable caching, and the files only faults produce: oversized and numerous
assets for the perf faults, a delayed hero image, exposed .env/.git files and a source map."""

from __future__ import annotations

import asyncio
import base64
import os
import struct
import zlib
from collections.abc import Awaitable, Callable
from functools import cache

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from postdeploy.demo.context import DemoContext
from postdeploy.demo.web import HERE

STATIC_DIR = HERE / "static"
Endpoint = Callable[[Request], Awaitable[Response]]


class CachedStatic(StaticFiles):
    """Fingerprint-free for simplicity, but served like a build's hashed assets: cached for a year."""

    def __init__(self, cache_control: str) -> None:
        super().__init__(directory=STATIC_DIR)
        self.cache_control = cache_control

    def file_response(
        self, full_path: str | os.PathLike[str], stat_result: os.stat_result, scope: Scope, status_code: int = 200
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers["Cache-Control"] = self.cache_control
        return response


@cache
def heavy_script() -> bytes:
    # Random base64 so gzip cannot shrink it: ~600 KB on the wire either way.
    blob = base64.b64encode(os.urandom(600 * 1024)).decode()
    return f'window.__skymarketBundle = "{blob}";\n'.encode()


@cache
def extra_script(kib: int = 78) -> bytes:
    # gzip takes base64 back to about the random bytes it encodes: ~80 KB on the wire.
    blob = base64.b64encode(os.urandom(kib * 1024)).decode()
    return f'window.__skymarketVendor = "{blob}";\n'.encode()


@cache
def large_png(width: int = 720, height: int = 720) -> bytes:
    """An uncompressed-noise PNG of ~1.5 MB (stored deflate blocks of random pixels)."""
    rows = b"".join(b"\x00" + os.urandom(width * 3) for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 0)) + chunk(b"IEND", b"")


DOT_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><circle cx="4" cy="4" r="3" fill="#1d4ed8"/></svg>'
)
FAKE_ENV = (
    "NEXT_PUBLIC_SUPABASE_URL=https://demo-project.supabase.co\n"
    "SUPABASE_SERVICE_ROLE_KEY=demo-service-role-key-not-real\n"
    "STRIPE_SECRET_KEY=sk_test_demo_not_a_real_key\n"
    "STRIPE_WEBHOOK_SECRET=whsec_demo_not_the_real_one\n"
    "RESEND_API_KEY=re_demo_not_real\n"
)
FAKE_GIT_CONFIG = (
    "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n"
    '[remote "origin"]\n\turl = git@github.com:skymarket/skymarket-web.git\n'
    "\tfetch = +refs/heads/*:refs/remotes/origin/*\n"
)
SOURCE_MAP = (
    '{"version":3,"file":"app.js","sources":["webpack://skymarket/./src/app.ts"],'
    '"sourcesContent":["// SkyMarket client\\nexport const apiBase = \\"/api\\";\\n"],"names":[],"mappings":"AAAA"}'
)


def asset_routes(demo: DemoContext) -> list[Route | Mount]:
    faults = demo.faults
    routes: list[Route | Mount] = []

    def text(body: str, media_type: str = "text/plain") -> Endpoint:
        async def endpoint(_: Request) -> Response:
            return PlainTextResponse(body, media_type=media_type)

        return endpoint

    if faults.on("env-exposed"):
        for path in ("/.env", "/.env.production", "/.env.local"):
            routes.append(Route(path, text(FAKE_ENV)))
    if faults.on("git-exposed"):
        routes.append(Route("/.git/config", text(FAKE_GIT_CONFIG)))
        routes.append(Route("/.git/HEAD", text("ref: refs/heads/main\n")))
    if faults.on("sourcemap-exposed"):
        routes.append(Route("/static/app.js.map", text(SOURCE_MAP, "application/json")))
    if faults.on("slow-lcp"):

        async def slow_hero(_: Request) -> Response:
            await asyncio.sleep(3.0)  # the LCP image arrives late
            return FileResponse(STATIC_DIR / "img" / "hero.svg", headers={"Cache-Control": "no-store"})

        routes.append(Route("/static/img/hero.svg", slow_hero))
    if faults.on("heavy-page"):

        async def heavy_js(_: Request) -> Response:
            return Response(heavy_script(), media_type="text/javascript")

        async def heavy_png(_: Request) -> Response:
            return Response(large_png(), media_type="image/png")

        routes += [Route("/static/fault/bundle.js", heavy_js), Route("/static/fault/hero-large.png", heavy_png)]
    if faults.on("heavier-script"):

        async def vendor_js(_: Request) -> Response:
            return Response(extra_script(), media_type="text/javascript", headers={"Cache-Control": "no-store"})

        routes.append(Route("/static/fault/vendor-extra.js", vendor_js))
    if faults.on("too-many-requests"):

        async def dot(_: Request) -> Response:
            return Response(DOT_SVG, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})

        routes.append(Route("/static/fault/dot-{n:int}.svg", dot))

    async def favicon(_: Request) -> Response:
        return FileResponse(
            STATIC_DIR / "favicon.svg", media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"}
        )

    routes.append(Route("/favicon.ico", favicon))
    cache_control = "no-cache" if faults.on("static-no-cache") else "public, max-age=31536000, immutable"
    routes.append(Mount("/static", app=CachedStatic(cache_control), name="static"))
    return routes
