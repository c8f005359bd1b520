"""How the suite reaches a target: base URL, trust, User-Agent and the headers a protected site needs.

Every client for the target is made here or fed from here: the httpx clients of every layer, the
Playwright contexts (headers on the target's origin only), Lighthouse (a bypass cookie for the
target's origin) and the Locust users. The TLS check alone opens its own connections, on purpose.
"""

from __future__ import annotations

import contextlib
import ssl
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlsplit

import httpx

from postdeploy import __version__
from postdeploy.profile import TargetProfile

__all__ = [
    "USER_AGENT",
    "VERCEL_BYPASS_HEADER",
    "VERCEL_SET_COOKIE_HEADER",
    "ProtectedTarget",
    "TargetAccess",
    "access_for",
    "describe_transport_error",
    "origin_of",
]

USER_AGENT = f"postdeploy/{__version__} (+post-deploy verification)"
VERCEL_BYPASS_HEADER = "x-vercel-protection-bypass"
# Asks Vercel to answer with a cookie that opens the deployment to this browser from then on.
VERCEL_SET_COOKIE_HEADER = "x-vercel-set-bypass-cookie"


class ProtectedTarget(Exception):
    """The target answered 401 to the suite's own requests: a wall (deployment protection, basic
    auth) the profile's access settings do not open. The message is the one line a user sees."""


def origin_of(url: str) -> str:
    """`https://Site.example:443/a?b` → `https://site.example` (scheme, host and a non-default port)."""
    parts = urlsplit(url)
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    default = {"http": 80, "https": 443}.get(scheme)
    port = f":{parts.port}" if parts.port and parts.port != default else ""
    return f"{scheme}://{host}{port}"


class _TargetHeaders:
    """A request hook (it runs for every hop, redirects included) that adds the access headers to
    requests on the target's origin and removes them from any other: a redirect to a third party,
    or to the plain-HTTP twin of an HTTPS site, never carries them. (httpx builds a redirect's
    request from the previous one's headers and strips only Authorization.)"""

    def __init__(self, origin: str, headers: Mapping[str, str]) -> None:
        self.origin, self.headers = origin, dict(headers)

    def __call__(self, request: httpx.Request) -> None:
        on_target = origin_of(str(request.url)) == self.origin
        for name, value in self.headers.items():
            if on_target:
                request.headers.setdefault(name, value)
            elif request.headers.get(name) == value:
                del request.headers[name]


@dataclass(frozen=True)
class TargetAccess:
    """The one description of how to reach a target. Header values are secrets: they are sent to
    the target's origin only, over verified TLS, and the redactor is given every one of them."""

    base_url: str
    # Out of the repr: tracebacks (and Allure, which keeps them) list a failing test's fixtures.
    headers: Mapping[str, str] = field(default_factory=dict, repr=False)
    ca_bundle: str | None = None
    timeout: float = 10.0
    user_agent: str = USER_AGENT
    # What to tell a user whose requests hit the wall: the env var(s) that would open it.
    wall_hint: str = ""

    @property
    def origin(self) -> str:
        return origin_of(self.base_url)

    def on_target(self, url: str) -> bool:
        return origin_of(url) == self.origin

    @property
    def secrets(self) -> list[str]:
        return [value for value in self.headers.values() if value]

    @property
    def vercel_bypass(self) -> bool:
        return VERCEL_BYPASS_HEADER in {name.lower() for name in self.headers}

    @cached_property
    def verify(self) -> ssl.SSLContext:
        """The trust every verifying client shares: httpx's default roots, plus the profile's CA
        bundle when it names one (as a browser with the CA installed trusts both: a private-CA site
        and the public services it uses). Built once per run (loading a trust store costs ~70 ms).
        An unreadable bundle raises OSError (or ssl.SSLError) here, where the caller turns it into
        one line."""
        context = httpx.create_ssl_context()
        if self.ca_bundle:
            context.load_verify_locations(cafile=self.ca_bundle)
        return context

    def client(
        self,
        *,
        timeout: float | None = None,
        connect_retries: int = 2,
        follow_redirects: bool = False,
        verify_certificate: bool = True,
        anonymous: bool = False,
        local_address: str | None = None,
        limits: httpx.Limits | None = None,
        base_url: str | None = None,
        wrap_transport: Callable[[httpx.BaseTransport], httpx.BaseTransport] | None = None,
    ) -> httpx.Client:
        """An httpx client for the target.

        Retries cover connection set-up only, never a request that reached the server: a check
        must see the target's real answer. Redirects are not followed by default, so redirect
        checks see each hop. `verify_certificate=False` is for requests whose only job is to look
        (the TLS checks judge the certificate by name); it is ignored whenever the client carries
        access headers, because a secret never goes to an unverified peer. `anonymous` leaves the
        access headers out (what a visitor without the secret sees). `wrap_transport` puts a layer
        between the client and the network (the prefetch's replay, postdeploy.prefetch).
        """
        seconds = self.timeout if timeout is None else timeout
        carries_secrets = bool(self.headers) and not anonymous
        verify: bool | ssl.SSLContext = self.verify if verify_certificate or carries_secrets else False
        transport: httpx.BaseTransport = httpx.HTTPTransport(
            retries=connect_retries, verify=verify, local_address=local_address
        )
        if wrap_transport is not None:
            transport = wrap_transport(transport)
        return httpx.Client(
            base_url=self.base_url if base_url is None else base_url,
            timeout=httpx.Timeout(seconds, connect=min(seconds, 5.0)),
            transport=transport,
            follow_redirects=follow_redirects,
            headers={"User-Agent": self.user_agent},
            event_hooks={"request": [_TargetHeaders(self.origin, self.headers)]} if carries_secrets else None,
            limits=limits or httpx.Limits(max_connections=100, max_keepalive_connections=20),
        )

    def browser_headers(self) -> dict[str, str]:
        """Headers a browser adds to its requests to the target (never to other origins); with
        Vercel's bypass, also the header that makes Vercel set its bypass cookie."""
        headers = dict(self.headers)
        if self.vercel_bypass:
            headers[VERCEL_SET_COOKIE_HEADER] = "true"
        return headers

    def bypass_cookies(self) -> list[tuple[str, str]]:
        """The cookies the target sets when asked for a bypass cookie: how a browser that cannot
        send the header to one origin only (Lighthouse's) gets through Vercel's protection."""
        if not self.vercel_bypass:
            return []
        with self.client(connect_retries=1) as client:
            response = client.get("/", headers={VERCEL_SET_COOKIE_HEADER: "true"})
        return [(name, value) for name, value in response.cookies.items()]

    def refusal(self, response: httpx.Response) -> str | None:
        """The one line for a 401 from the target's wall, or None when the answer is not one."""
        if response.status_code != 401 or not self.on_target(str(response.request.url)):
            return None
        return f"{response.request.url} answered 401: the deployment is protected; {self.wall_hint}"

    def preflight(self) -> None:
        """One request to the base URL: raises ProtectedTarget when the wall refuses the suite.
        A target that does not answer at all is left to the checks, which each say so."""
        with contextlib.suppress(httpx.TransportError), self.client(connect_retries=1) as client:
            refusal = self.refusal(client.get("/"))
            if refusal:
                raise ProtectedTarget(refusal)


def access_for(profile: TargetProfile, env: Mapping[str, str], base_url: str) -> TargetAccess:
    """The target's access from its profile's [access] section and the environment's values."""
    settings = profile.access
    headers: dict[str, str] = {}
    named: list[tuple[str, str]] = [
        ("Authorization", settings.authorization_env),
        (VERCEL_BYPASS_HEADER, settings.vercel_bypass_env),
        *settings.headers.items(),
    ]
    for header, env_name in named:
        if value := env.get(env_name):
            headers[header] = value
    return TargetAccess(
        base_url=base_url,
        headers=headers,
        ca_bundle=profile.tls.ca_bundle(env),
        timeout=profile.http_timeout_s,
        wall_hint=_wall_hint(named, env),
    )


def _wall_hint(named: list[tuple[str, str]], env: Mapping[str, str]) -> str:
    sent = [env_name for _, env_name in named if env.get(env_name)]
    if sent:
        return f"it refused the value of {' and '.join(sent)}"
    vercel = next(env_name for header, env_name in named if header == VERCEL_BYPASS_HEADER)
    authorization = next(env_name for header, env_name in named if header == "Authorization")
    return f"set {vercel} (Vercel's protection bypass) or {authorization} (an Authorization header value)"


def describe_transport_error(exc: httpx.TransportError) -> str:
    """One line for a request that never got an answer: what failed and where."""
    url = ""
    with contextlib.suppress(RuntimeError):  # a request-less error (e.g. raised by a transport)
        url = str(exc.request.url)
    reason = str(exc) or type(exc).__name__
    kind = {
        httpx.ConnectTimeout: "connection timed out",
        httpx.ReadTimeout: "read timed out",
        httpx.WriteTimeout: "write timed out",
        httpx.PoolTimeout: "connection pool timed out",
        httpx.ConnectError: "cannot connect",
        httpx.RemoteProtocolError: "protocol error",
        httpx.TooManyRedirects: "too many redirects (redirect loop?)",
    }.get(type(exc), "request failed")
    lowered = reason.lower()
    if "name or service not known" in lowered or "nodename nor servname" in lowered or "name resolution" in lowered:
        kind = "DNS lookup failed"
    elif "connection refused" in lowered:
        kind = "connection refused"
    elif "certificate" in lowered or "ssl" in lowered:
        kind = "TLS error"
    return f"{kind}: {url} ({reason.splitlines()[0][:200]})" if url else f"{kind}: {reason[:200]}"
