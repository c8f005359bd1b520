"""What the demo shows of a Next.js build: the pages' inline `__NEXT_DATA__` (build ID, page props),
the build manifest and its route chunks, and `/_next/image`. The chunks are never executed: they
are there to be found, like the chunks of a route nobody has opened yet.

Faults put secrets where Next.js apps leak them (a `NEXT_PUBLIC_` service-role key inlined into a
chunk, a secret passed through page props), serve a chunk's source map, and turn the image
optimizer into an open proxy. The fake keys are assembled at run time, so no secret scanner
mistakes this file for a leak.
"""

from __future__ import annotations

import base64
import json
import secrets
import ssl
from collections.abc import Awaitable, Callable
from functools import cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from postdeploy.demo.settings import DemoSettings
from postdeploy.demo.switches import ActiveFaults

Endpoint = Callable[[Request], Awaitable[Response]]
STATIC_DIR = Path(__file__).parent / "static"

BUILD_ID = "skymarket-demo-b1"
INDEX_CHUNK = "static/chunks/pages/index-5f1c2a9e.js"
DASHBOARD_CHUNK = "static/chunks/pages/dashboard-8b3e9d41.js"  # listed in the manifest only
IMMUTABLE = {"Cache-Control": "public, max-age=31536000, immutable"}


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode().rstrip("=")


@cache
def service_role_key() -> str:
    """A Supabase-shaped service-role JWT (fresh signature per start, signed by nothing)."""
    claims = {"iss": "supabase", "ref": "skymarket-demo", "role": "service" + "_role", "iat": 1_700_000_000}
    return ".".join([_b64({"alg": "HS256", "typ": "JWT"}), _b64(claims), secrets.token_urlsafe(32)])


@cache
def stripe_secret_key() -> str:
    return "sk_" + "live_" + secrets.token_hex(12)


def page_props(faults: ActiveFaults) -> dict[str, object]:
    """Props every page carries in `__NEXT_DATA__`; the fault passes the server's config through."""
    props: dict[str, object] = {"brand": "SkyMarket"}
    if faults.on("stripe-key-in-page-data"):
        props["stripe"] = {"currency": "eur", "secretKey": stripe_secret_key()}
    return props


def _manifest() -> str:
    pages = {"/": [INDEX_CHUNK], "/dashboard": [DASHBOARD_CHUNK], "sortedPages": ["/", "/dashboard"]}
    return f"self.__BUILD_MANIFEST={json.dumps(pages)};self.__BUILD_MANIFEST_CB&&self.__BUILD_MANIFEST_CB();\n"


def _chunk(name: str, body: str) -> str:
    return f'(self.webpackChunk_N_E=self.webpackChunk_N_E||[]).push([["{name}"],{{1:function(e,t,n){{{body}}}}}]);\n'


def _dashboard_chunk(faults: ActiveFaults) -> str:
    # No Supabase URL here: the Supabase audit discovers the project from the site's HTML and JS.
    env = {"NEXT_PUBLIC_SITE_NAME": "SkyMarket"}
    if faults.on("service-role-key-in-bundle"):  # a NEXT_PUBLIC_ prefix inlines a server key
        env["NEXT_PUBLIC_SUPABASE_SERVICE_ROLE_KEY"] = service_role_key()
    return _chunk("dashboard", f"var env={json.dumps(env)};n.r(t);t.default=function(){{return env}}")


DASHBOARD_MAP = json.dumps(
    {
        "version": 3,
        "file": DASHBOARD_CHUNK,
        "sources": ["webpack://_N_E/./pages/dashboard.tsx"],
        "sourcesContent": ["export default function Dashboard() { return <Bookings /> }\n"],
        "names": [],
        "mappings": "AAAA",
    }
)


def nextjs_routes(settings: DemoSettings) -> list[Route]:
    faults = settings.faults

    def script(body: str) -> Endpoint:
        async def endpoint(_: Request) -> Response:
            return Response(body, media_type="application/javascript", headers=IMMUTABLE)

        return endpoint

    routes = [
        Route(f"/_next/static/{BUILD_ID}/_buildManifest.js", script(_manifest())),
        Route(f"/_next/{INDEX_CHUNK}", script(_chunk("index", "n.r(t)"))),
        Route(f"/_next/{DASHBOARD_CHUNK}", script(_dashboard_chunk(faults))),
        Route("/_next/image", image_optimizer(settings)),
    ]
    if faults.on("sourcemap-unlinked-chunk"):
        routes.append(Route(f"/_next/{DASHBOARD_CHUNK}.map", script(DASHBOARD_MAP)))
    return routes


def image_optimizer(settings: DemoSettings) -> Endpoint:
    """`/_next/image?url=…&w=…&q=…`: the demo's own images only, passed through unresized. With the
    image-proxy-open fault it fetches any URL it is given (here only loopback answers)."""
    static = STATIC_DIR

    @cache
    def verify() -> ssl.SSLContext | bool:
        # The HTTPS demo's own loopback URL needs its CA; built on first use, not at every start.
        return ssl.create_default_context(cafile=settings.ca_file) if settings.ca_file else True

    async def optimize(request: Request) -> Response:
        url = request.query_params.get("url", "")
        if not url:
            return PlainTextResponse('"url" parameter is required', 400)
        if url.startswith("/static/") and ".." not in url:
            file = static / url.removeprefix("/static/")
            if file.is_file():
                return Response(file.read_bytes(), media_type="image/svg+xml", headers=IMMUTABLE)
            return PlainTextResponse('"url" parameter is valid but upstream response is invalid', 404)
        if not settings.faults.on("image-proxy-open"):
            return PlainTextResponse('"url" parameter is not allowed', 400)
        import httpx  # lazily: only this fault fetches anything

        invalid = '"url" parameter is valid but upstream response is invalid'
        try:  # trust_env off: straight to the address, as a server without a proxy would
            async with httpx.AsyncClient(timeout=1.5, verify=verify(), trust_env=False) as client:
                upstream = await client.get(url)
        except httpx.HTTPError:
            return PlainTextResponse(invalid, 500)
        if not upstream.is_success:  # Next.js answers with the upstream's status
            return PlainTextResponse(invalid, upstream.status_code)
        media_type = upstream.headers.get("content-type", "application/octet-stream")
        return Response(upstream.content, media_type=media_type)

    return optimize


def next_data(faults: ActiveFaults) -> dict[str, object]:
    return {"props": {"pageProps": page_props(faults)}, "buildId": BUILD_ID}
