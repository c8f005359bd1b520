"""Auth guards: a private route, asked without a session, must answer 401/403 or send the visitor to
login, and must answer the same when the request carries a header known to bypass guards."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from postdeploy.findings import Finding, Severity

MAX_HOPS = 5
LOGIN_HINTS = ("login", "signin", "sign-in", "auth")
# CVE-2025-29927: Next.js middleware skipped itself when this header named it (the names differ by
# version and folder layout; the repeated form defeats the recursion guard of 13.2+/15.x).
SUBREQUEST_HEADER = "x-middleware-subrequest"
SUBREQUEST_VALUES = (
    "middleware",
    "src/middleware",
    "pages/_middleware",
    ":".join(["middleware"] * 5),
    ":".join(["src/middleware"] * 5),
)
# Proxies and frameworks (IIS, Symfony, some Express stacks) that route by these headers: a guard
# reading them sees a public path while the router serves the private one.
REWRITE_HEADERS = ("X-Original-URL", "X-Rewrite-URL")


def _is_login(location_path: str, login_path: str) -> bool:
    return location_path == login_path or any(h in location_path.lower() for h in LOGIN_HINTS)


def check_guard(chain: list[httpx.Response], route: str, login_path: str, hidden: bool = False) -> list[Finding]:
    """`chain`: the responses of following same-origin redirects from `route` without a session.

    A 404 is not a guard: it is what a mistyped or removed route answers too, so it passes only
    when the profile says the route hides itself on purpose (`hidden`)."""
    hops = [f"{r.status_code} {r.headers.get('location', '')}".strip() for r in chain]
    evidence = {"route": route, "hops": hops}
    for response in chain:
        if response.status_code in (401, 403):
            return []
        if response.status_code == 404:
            if hidden:
                return []
            message = (
                f"{route} answered 404 without a session: a guard cannot be told from a missing route "
                "(check the path; list it in [security] hidden_routes if it hides itself on purpose)"
            )
            return [Finding("auth.not-found", Severity.HIGH, message, evidence, subject=route)]
        if response.is_redirect and _is_login(urlsplit(response.headers.get("location", "")).path, login_path):
            return []
    last = chain[-1]
    if last.is_redirect:
        message = f"{route} redirects ({' → '.join(hops)}) but never to the login page"
        return [Finding("auth.redirect-not-login", Severity.MEDIUM, message, evidence, subject=route)]
    message = f"{route} answered {last.status_code} without a session: the private page is public"
    return [Finding("auth.unguarded", Severity.CRITICAL, message, evidence, subject=route)]


def follow_without_session(
    client: httpx.Client, route: str, headers: dict[str, str] | None = None
) -> list[httpx.Response]:
    """GET `route` with a cookie-less client, following same-origin redirects (bounded)."""
    origin = client.base_url.netloc
    chain: list[httpx.Response] = []
    url = route
    for _ in range(MAX_HOPS):
        response = client.get(url, headers=headers)
        chain.append(response)
        location = response.headers.get("location")
        if not response.is_redirect or not location:
            break
        target = response.next_request.url if response.next_request else None
        if target is None or target.netloc != origin:
            break
        url = str(target)
    return chain


@dataclass(frozen=True)
class BypassProbe:
    """One request of a private route with a header that must change nothing."""

    header: str
    value: str

    @property
    def label(self) -> str:
        return f"{self.header}: {self.value}"


def bypass_probes(public_path: str = "/") -> list[BypassProbe]:
    """The CVE-2025-29927 subrequest variants, and the rewrite headers pointing at a public path."""
    probes = [BypassProbe(SUBREQUEST_HEADER, value) for value in SUBREQUEST_VALUES]
    return probes + [BypassProbe(header, public_path) for header in REWRITE_HEADERS]


def _answer(response: httpx.Response) -> str:
    location = urlsplit(response.headers.get("location", "")).path
    return f"{response.status_code} {location}".strip()


def check_bypass(route: str, plain: httpx.Response, probed: list[tuple[BypassProbe, httpx.Response]]) -> list[Finding]:
    """A guarded route must not open because of a header: a 2xx where the plain request was
    refused or sent to log in is a bypass. Other differences (a 400 for a header the edge strips
    or refuses) are the guard doing its job."""
    if plain.is_success:
        return []  # not guarded at all: check_guard reports that
    findings = []
    for probe, response in probed:
        if response.is_success:
            message = (
                f"{route} opens with `{probe.label}`: answered {response.status_code} where the plain request got "
                f"{_answer(plain)}; the guard can be bypassed"
            )
            evidence = {
                "route": route, "header": probe.header, "plain": _answer(plain), "with_header": _answer(response)
            }
            findings.append(Finding("auth.guard-bypass", Severity.CRITICAL, message, evidence, subject=route))
    return findings
