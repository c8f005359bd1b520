"""Auth guards: a private route, asked without a session, must answer 401/403 or send the visitor to login."""

from __future__ import annotations

import ssl
from urllib.parse import urlsplit

import httpx

from postdeploy.findings import Finding, Severity

MAX_HOPS = 5
LOGIN_HINTS = ("login", "signin", "sign-in", "auth")


def _is_login(location_path: str, login_path: str) -> bool:
    return location_path == login_path or any(h in location_path.lower() for h in LOGIN_HINTS)


def check_guard(chain: list[httpx.Response], route: str, login_path: str) -> list[Finding]:
    """`chain`: the responses of following same-origin redirects from `route` without a session."""
    hops = [f"{r.status_code} {r.headers.get('location', '')}".strip() for r in chain]
    evidence = {"route": route, "hops": hops}
    for response in chain:
        if response.status_code in (401, 403, 404):
            return []
        if response.is_redirect and _is_login(urlsplit(response.headers.get("location", "")).path, login_path):
            return []
    last = chain[-1]
    if last.is_redirect:
        message = f"{route} redirects ({' → '.join(hops)}) but never to the login page"
        return [Finding("auth.redirect-not-login", Severity.MEDIUM, message, evidence, subject=route)]
    message = f"{route} answered {last.status_code} without a session: the private page is public"
    return [Finding("auth.unguarded", Severity.CRITICAL, message, evidence, subject=route)]


def follow_without_session(
    base_url: str, route: str, timeout: float = 10.0, verify: bool | ssl.SSLContext = True
) -> list[httpx.Response]:
    """GET `route` with a fresh cookie-less client, following same-origin redirects (bounded)."""
    origin = urlsplit(base_url).netloc
    chain: list[httpx.Response] = []
    with httpx.Client(base_url=base_url, timeout=timeout, follow_redirects=False, verify=verify) as client:
        url = route
        for _ in range(MAX_HOPS):
            response = client.get(url)
            chain.append(response)
            location = response.headers.get("location")
            if not response.is_redirect or not location:
                break
            target = response.next_request.url if response.next_request else None
            if target is None or target.netloc.decode() != origin:
                break
            url = str(target)
    return chain
