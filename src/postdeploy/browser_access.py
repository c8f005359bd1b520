"""The target's [access] headers in a Playwright browser context, on the target's origin only.

Not the context's `extra_http_headers`: those go to every origin, so the secret would reach Stripe's
checkout and any third-party script the page loads. Not `route.continue_(headers=…)` either: the
browser keeps the changed headers when it follows a redirect, so a redirect to the checkout origin
would carry the secret there. Each target request is fetched with the headers and no redirects
followed; the browser then follows a redirect itself, with a request of its own.
"""

from __future__ import annotations

from playwright.sync_api import BrowserContext, Error, Route

from postdeploy.access import TargetAccess, origin_of

# The browser's cookie jar is the request context's: a Cookie header of our own would double it.
_LEFT_TO_THE_BROWSER = frozenset({"cookie", "host", "content-length"})


def attach_target_headers(context: BrowserContext, access: TargetAccess) -> None:
    """Add the access headers to every request the context makes to the target; nothing when
    the profile names none (routing costs a little per request and disables the HTTP cache)."""
    headers = access.browser_headers()
    if not headers:
        return

    def add_headers(route: Route) -> None:
        try:
            sent = {k: v for k, v in route.request.all_headers().items() if k.lower() not in _LEFT_TO_THE_BROWSER}
            route.fulfill(response=route.fetch(headers={**sent, **headers}, max_redirects=0))
        except Error:
            pass  # the page or context closed while the request was in flight: nobody waits for it

    origin = access.origin  # a plain function: Playwright marks the handlers it is given
    context.route(lambda url: origin_of(url) == origin, add_headers)
