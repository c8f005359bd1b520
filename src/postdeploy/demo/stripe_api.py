"""`postdeploy demo stripe`: a standalone Stripe-like test server for apps that use Stripe's own client
libraries. It answers `POST /v1/checkout/sessions` in Stripe's API shape, serves the demo's hosted
Checkout page for those sessions, and sends signed `checkout.session.completed` webhooks to the app.
"""

from __future__ import annotations

import re
import secrets
import sys
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route

from postdeploy.demo.checkout import HostedCheckout, hosted_checkout_routes

API_VERSION = "2024-06-20"
_KEY = re.compile(r"^[\w-]+|\[([^\]]*)\]")


class StripeError(Exception):
    """An API error in Stripe's shape: {"error": {"type", "message", "param", "code"}}."""

    def __init__(self, status: int, message: str, param: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.param, self.code = status, message, param, code

    def response(self) -> JSONResponse:
        kind = "authentication_error" if self.status == 401 else "invalid_request_error"
        error = {"type": kind, "message": self.message, "param": self.param, "code": self.code}
        return JSONResponse({"error": {k: v for k, v in error.items() if v is not None}}, self.status)


def parse_form(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Stripe's form encoding (`line_items[0][price_data][currency]=eur`) as nested dicts and lists."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        parts = [m.group(1) if m.group(1) is not None else m.group(0) for m in _KEY.finditer(key)]
        if not parts:
            continue
        node: dict[str, Any] = root
        for part in parts[:-1]:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):  # `a=1` then `a[b]=2`: the later, deeper key wins
                child = node[part] = {}
            node = child
        node[parts[-1]] = value
    parsed: dict[str, Any] = _lists(root)
    return parsed


def _lists(node: Any) -> Any:
    """Dicts keyed 0..n-1 (`line_items[0]`, `[1]`…) become lists."""
    if not isinstance(node, dict):
        return node
    converted = {key: _lists(value) for key, value in node.items()}
    if converted and all(k.isdigit() for k in converted):
        return [converted[k] for k in sorted(converted, key=int)]
    return converted


def _integer(value: Any, param: str, minimum: int = 0) -> int:
    try:
        number = int(str(value))
    except ValueError:
        raise StripeError(400, f"Invalid integer: {value}", param) from None
    if number < minimum:
        raise StripeError(400, f"This value must be greater than or equal to {minimum}.", param)
    return number


def _line_items(params: Mapping[str, Any]) -> tuple[int, str, str]:
    """(amount total in cents, currency, description) of `line_items` with inline `price_data`."""
    items = params.get("line_items")
    if not isinstance(items, list) or not items:
        raise StripeError(400, "You must provide at least one line item.", "line_items")
    total, currencies, names = 0, set(), []
    for index, item in enumerate(items):
        where = f"line_items[{index}]"
        if not isinstance(item, dict) or not isinstance(item.get("price_data"), dict):
            if isinstance(item, dict) and "price" in item:
                raise StripeError(400, f"No such price: '{item['price']}'", f"{where}[price]", "resource_missing")
            raise StripeError(400, "Each line item needs price_data.", f"{where}[price_data]")
        price = item["price_data"]
        quantity = _integer(item.get("quantity", "1"), f"{where}[quantity]", 1)
        total += quantity * _integer(price.get("unit_amount"), f"{where}[price_data][unit_amount]")
        currencies.add(str(price.get("currency", "")).lower())
        product = price.get("product_data") if isinstance(price.get("product_data"), dict) else {}
        names.append(str(product.get("name") or "Item") + (f" × {quantity}" if quantity > 1 else ""))
    if len(currencies) != 1 or "" in currencies:
        raise StripeError(400, "All line items need the same currency.", "line_items")
    description = names[0] + (f" and {len(names) - 1} more" if len(names) > 1 else "")
    return total, currencies.pop(), description


@dataclass
class SessionBook:
    """Checkout Sessions in memory: the public Stripe object, plus what the hosted page shows."""

    origin: str  # where the hosted page is served: the session's `url` points here
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)

    def create(self, params: Mapping[str, Any]) -> dict[str, Any]:
        if params.get("mode") != "payment":
            raise StripeError(400, "This test server supports mode=payment only.", "mode")
        success_url = str(params.get("success_url") or "")
        if not success_url.startswith(("http://", "https://")):
            raise StripeError(400, "Not a valid URL", "success_url", "url_invalid")
        amount, currency, description = _line_items(params)
        now = int(time.time())
        session_id = "cs_test_" + secrets.token_urlsafe(24).replace("-", "a").replace("_", "b")
        metadata = params.get("metadata")
        session = {
            "id": session_id,
            "object": "checkout.session",
            "amount_subtotal": amount,
            "amount_total": amount,
            "cancel_url": params.get("cancel_url"),
            "client_reference_id": params.get("client_reference_id"),
            "created": now,
            "currency": currency,
            "customer_email": params.get("customer_email"),
            "expires_at": now + 24 * 3600,
            "livemode": False,
            "metadata": metadata if isinstance(metadata, dict) else {},
            "mode": "payment",
            "payment_intent": None,
            "payment_status": "unpaid",
            "status": "open",
            "success_url": success_url,
            "url": f"{self.origin}/c/pay/{session_id}",
        }
        self.sessions[session_id] = {"public": session, "description": description}
        return session

    def public(self, session_id: str) -> dict[str, Any] | None:
        record = self.sessions.get(session_id)
        return record["public"] if record else None

    def find(self, session_id: str) -> dict[str, Any] | None:
        """The session as the hosted page reads it (template fields beside Stripe's)."""
        record = self.sessions.get(session_id)
        if record is None:
            return None
        public = record["public"]
        return {**public, "amount_cents": public["amount_total"], "description": record["description"]}

    def mark_complete(self, session_id: str) -> None:
        public = self.sessions[session_id]["public"]
        public.update(status="complete", payment_status="paid", payment_intent="pi_test_" + secrets.token_hex(12))

    def event_for(self, session: Mapping[str, Any]) -> bytes:
        import json

        event = {
            "id": "evt_test_" + secrets.token_hex(12),
            "object": "event",
            "api_version": API_VERSION,
            "created": int(time.time()),
            "data": {"object": self.public(str(session["id"])) or dict(session)},
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "type": "checkout.session.completed",
        }
        return json.dumps(event, separators=(",", ":")).encode()


def check_api_key(request: Request, expected: str | None) -> None:
    """Stripe's clients send `Authorization: Bearer sk_test_…`; live keys are refused outright."""
    auth = request.headers.get("authorization", "")
    key = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
    if not key:
        raise StripeError(401, "You did not provide an API key.")
    if key.startswith(("sk_live_", "rk_live_")):
        raise StripeError(401, "This test server refuses live-mode keys.")
    if not key.startswith(("sk_test_", "rk_test_")) or (expected and not secrets.compare_digest(key, expected)):
        raise StripeError(401, "Invalid API Key provided.")


def api_routes(book: SessionBook, expected_key: str | None) -> list[BaseRoute]:
    async def create_session(request: Request) -> Response:
        try:
            check_api_key(request, expected_key)
            form = await request.form()
            params = parse_form((k, str(v)) for k, v in form.multi_items())
            return JSONResponse(book.create(params))
        except StripeError as error:
            return error.response()

    async def retrieve_session(request: Request) -> Response:
        try:
            check_api_key(request, expected_key)
            session = book.public(request.path_params["session_id"])
            if session is None:
                raise StripeError(404, f"No such checkout.session: '{request.path_params['session_id']}'",
                                  "session", "resource_missing")  # fmt: skip
            return JSONResponse(session)
        except StripeError as error:
            return error.response()

    return [
        Route("/v1/checkout/sessions", create_session, methods=["POST"]),
        Route("/v1/checkout/sessions/{session_id}", retrieve_session, methods=["GET"]),
    ]


@dataclass(frozen=True)
class StripeOptions:
    port: int
    webhook_url: str
    webhook_secret: str
    api_key: str | None = None  # when set, the only key the API accepts
    business_name: str = "Test business"
    access_log: bool = False


def build_stripe_app(options: StripeOptions, origin: str) -> Starlette:
    import jinja2

    from postdeploy.demo.assets import CachedStatic
    from postdeploy.demo.headers import security_headers
    from postdeploy.demo.middleware import SecurityHeaders
    from postdeploy.demo.switches import ActiveFaults
    from postdeploy.demo.web import HERE

    templates = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True)
    book = SessionBook(origin)
    name = options.business_name

    def render(template: str, status: int = 200, **context: object) -> Response:
        page = templates.get_template(template).render(
            brand="Stripe-like", merchant=name, page_description=f"Hosted checkout page of {name} (test mode).",
            publishable_key="pk_test_postdeploy_stripe_like", **context,
        )  # fmt: skip
        return Response(page, status, media_type="text/html")

    hosted = HostedCheckout(
        find=book.find,
        mark_complete=book.mark_complete,
        event_for=book.event_for,
        webhook_url=options.webhook_url,
        webhook_secret=options.webhook_secret,
        render=render,
    )
    app_origin = "{0.scheme}://{0.netloc}".format(urlsplit(options.webhook_url))
    routes: list[BaseRoute] = [
        *api_routes(book, options.api_key),
        *hosted_checkout_routes(hosted),
        Mount("/static", CachedStatic("public, max-age=31536000, immutable"), name="static"),
    ]
    # The hosted form posts to itself and then redirects to the app: form-action allows both.
    headers = security_headers(ActiveFaults(), app_origin, https=False)
    return Starlette(routes=routes, middleware=[Middleware(SecurityHeaders, headers=headers, faults=ActiveFaults())])


def serve_stripe(options: StripeOptions) -> int:
    import asyncio

    import uvicorn

    from postdeploy.demo.launch import READY_PREFIX

    origin = f"http://127.0.0.1:{options.port}"
    config = uvicorn.Config(
        build_stripe_app(options, origin),
        host="127.0.0.1",
        port=options.port,
        log_level="warning",
        access_log=options.access_log,
        server_header=False,
        lifespan="off",
        timeout_graceful_shutdown=2,
    )
    server = uvicorn.Server(config)

    async def run() -> None:
        serving = asyncio.create_task(server.serve())
        while not server.started and not serving.done():
            await asyncio.sleep(0.005)
        if server.started:
            print(f"{READY_PREFIX} {origin} webhook={options.webhook_url}", flush=True)
        await serving

    asyncio.run(run())
    if not server.started:
        print(f"postdeploy demo stripe: cannot listen on 127.0.0.1:{options.port}", file=sys.stderr)
        return 1
    return 0
