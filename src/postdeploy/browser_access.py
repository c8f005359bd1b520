"""The target's [access] in a Playwright browser context, on the target's origin only.

Vercel's protection bypass becomes Vercel's bypass cookie on the target's host (what Vercel's
`x-vercel-set-bypass-cookie` is for): no request is rerouted. Any other access header goes through a
route on the target's origin. Not the context's `extra_http_headers`: those go to every origin, so the
secret would reach Stripe's checkout and any third-party script. Not `route.continue_(headers=…)`
either: the browser keeps changed headers when it follows a redirect, so a redirect to the checkout
origin would carry the secret there. Each target request is fetched with the headers and no redirect
followed; the browser then follows a redirect itself, with a request of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress

from playwright.sync_api import BrowserContext, Error, Route

from postdeploy.access import VERCEL_BYPASS_HEADER, TargetAccess, origin_of

# The browser's cookie jar is the request context's: a Cookie header of our own would double it.
_LEFT_TO_THE_BROWSER = frozenset({"cookie", "host", "content-length"})


def attach_target_headers(
    context: BrowserContext, access: TargetAccess, bypass_cookies: Sequence[tuple[str, str]] = ()
) -> None:
    """Give the context what opens the target's wall: the bypass cookies (see
    TargetAccess.bypass_cookies) and a route for any other access header. Nothing when the profile
    names none (routing costs a little per request and disables the HTTP cache)."""
    if bypass_cookies:
        context.add_cookies([{"name": n, "value": v, "url": access.origin + "/"} for n, v in bypass_cookies])
    headers = {k: v for k, v in access.headers.items() if k.lower() != VERCEL_BYPASS_HEADER or not bypass_cookies}
    if not headers:
        return

    def add_headers(route: Route) -> None:
        try:
            sent = {k: v for k, v in route.request.all_headers().items() if k.lower() not in _LEFT_TO_THE_BROWSER}
            route.fulfill(response=route.fetch(headers={**sent, **headers}, max_redirects=0))
        except Error:
            # The page closed meanwhile, or the fetch failed: end the request, never leave it hanging.
            with suppress(Error):
                route.abort("failed")

    origin = access.origin  # a plain function: Playwright marks the handlers it is given
    context.route(lambda url: origin_of(url) == origin, add_headers)
