"""The HTTP client every check uses, and the evidence it leaves: request, status, headers, first KB."""

from __future__ import annotations

import contextlib
import ssl
from dataclasses import dataclass

import httpx

from postdeploy import __version__
from postdeploy.redact import Redactor

USER_AGENT = f"postdeploy/{__version__} (+post-deploy verification)"
EVIDENCE_BODY_BYTES = 1024


def verification(ca_bundle: str | None) -> bool | ssl.SSLContext:
    """httpx's `verify` for a target: the given CA bundle (a private CA), else the system store.
    Build it once per run and share it: loading a trust store costs ~70 ms each time."""
    return ssl.create_default_context(cafile=ca_bundle) if ca_bundle else True


def make_client(
    base_url: str,
    *,
    timeout: float = 10.0,
    connect_retries: int = 2,
    verify: bool | ssl.SSLContext = True,
    follow_redirects: bool = False,
) -> httpx.Client:
    """An httpx client bound to the target.

    Retries cover connection set-up only (httpx transport retries), never a request that reached
    the server: a check must see the target's real answer. Redirects are not followed by default
    so redirect checks see each hop.
    """
    transport = httpx.HTTPTransport(retries=connect_retries, verify=verify)
    return httpx.Client(
        base_url=base_url,
        timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
        transport=transport,
        follow_redirects=follow_redirects,
        headers={"User-Agent": USER_AGENT},
    )


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


@dataclass(frozen=True)
class Exchange:
    """A request and its response, redacted, ready to attach to a report."""

    method: str
    url: str
    request_headers: list[tuple[str, str]]
    status: int
    response_headers: list[tuple[str, str]]
    body_head: str
    elapsed_ms: float

    def as_text(self) -> str:
        lines = [f"{self.method} {self.url}"]
        lines += [f"{k}: {v}" for k, v in self.request_headers]
        lines += ["", f"HTTP {self.status}  ({self.elapsed_ms:.0f} ms)"]
        lines += [f"{k}: {v}" for k, v in self.response_headers]
        lines += ["", self.body_head]
        return "\n".join(lines)


def exchange_of(response: httpx.Response, redactor: Redactor | None = None) -> Exchange:
    redactor = redactor or Redactor()
    request = response.request
    try:
        raw = response.content[:EVIDENCE_BODY_BYTES]
    except httpx.ResponseNotRead:
        raw = b""
    try:
        elapsed = response.elapsed.total_seconds() * 1000
    except RuntimeError:
        elapsed = 0.0
    return Exchange(
        method=request.method,
        url=redactor.text(str(request.url)),
        request_headers=redactor.headers(request.headers.multi_items()),
        status=response.status_code,
        response_headers=redactor.headers(response.headers.multi_items()),
        body_head=redactor.text(raw.decode("utf-8", errors="replace")),
        elapsed_ms=elapsed,
    )
