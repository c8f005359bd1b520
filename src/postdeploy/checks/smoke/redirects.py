"""Redirects (exact status class and location), rewrites (same content, no redirect), HTTP→HTTPS, loops."""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from postdeploy.findings import Finding, Severity
from postdeploy.profile.smoke import RedirectSpec

__all__ = [
    "PERMANENT",
    "TEMPORARY",
    "Hop",
    "check_chain",
    "check_https_redirect",
    "check_redirect",
    "check_rewrite",
    "follow_chain",
    "same_content",
]

MAX_HOPS = 10  # a longer chain is a finding of its own
PERMANENT = frozenset({301, 308})
TEMPORARY = frozenset({302, 303, 307})
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _normal(url: str) -> str:
    """Scheme and host lower-cased, empty path as "/", fragment dropped: how browsers compare URLs."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def check_redirect(spec: RedirectSpec, response: httpx.Response) -> list[Finding]:
    """The source answers the declared kind of redirect to exactly the declared location."""
    source, status = spec.source, response.status_code
    kind = "permanent" if spec.permanent else "temporary"
    allowed = PERMANENT if spec.permanent else TEMPORARY
    if status not in PERMANENT | TEMPORARY:
        return [
            Finding(
                "redirect.missing",
                Severity.HIGH,
                f"{source} answered HTTP {status} instead of a {kind} redirect to {spec.destination}",
                {"status": status},
                subject=source,
            )
        ]
    findings: list[Finding] = []
    if spec.status is not None and status != spec.status:
        findings.append(
            Finding(
                "redirect.status",
                Severity.HIGH,
                f"{source} redirected with {status}, expected {spec.status}",
                {"status": status, "expected": spec.status},
                subject=source,
            )
        )
    elif status not in allowed:
        other = "temporary" if spec.permanent else "permanent"
        findings.append(
            Finding(
                "redirect.kind",
                Severity.HIGH,
                f"{source} redirected with {status} ({other}), expected a {kind} redirect "
                f"({'/'.join(map(str, sorted(allowed)))})",
                {"status": status, "expected": sorted(allowed)},
                subject=source,
            )
        )
    location = response.headers.get("location")
    if location is None:
        findings.append(
            Finding(
                "redirect.no-location",
                Severity.HIGH,
                f"{source} answered {status} without a Location header",
                {"status": status},
                subject=source,
            )
        )
        return findings
    request_url = str(response.request.url)
    actual = _normal(urljoin(request_url, location))
    expected = _normal(urljoin(request_url, spec.destination))
    if actual != expected:
        findings.append(
            Finding(
                "redirect.location",
                Severity.HIGH,
                f"{source} redirects to {location}, expected {spec.destination}",
                {"location": location, "expected": spec.destination},
                subject=source,
            )
        )
    return findings


@dataclass(frozen=True)
class Hop:
    url: str
    status: int
    location: str | None  # absolute


def follow_chain(client: httpx.Client, url: str, max_hops: int = MAX_HOPS) -> list[Hop]:
    """Follow redirects by hand, one GET per hop, stopping at a non-redirect, a revisit or `max_hops`."""
    hops: list[Hop] = []
    seen: set[str] = set()
    current = str(client.base_url.join(url))
    for _ in range(max_hops + 1):
        response = client.get(current, follow_redirects=False)
        location = response.headers.get("location")
        target = urljoin(current, location) if response.is_redirect and location else None
        hops.append(Hop(current, response.status_code, target))
        seen.add(_normal(current))
        if target is None or _normal(target) in seen:
            break
        current = target
    return hops


def check_chain(source: str, hops: list[Hop], max_hops: int = MAX_HOPS) -> list[Finding]:
    """A redirect chain must end at a real answer: a revisited URL is a loop, a long chain a problem too."""
    if not hops or hops[-1].location is None:
        return []
    trail = " → ".join(urlsplit(h.url).path or "/" for h in hops)
    last = hops[-1].location
    if any(_normal(h.url) == _normal(last) for h in hops):
        return [
            Finding(
                "redirect.loop",
                Severity.CRITICAL,
                f"redirect loop from {source}: {trail} → {urlsplit(last).path or '/'}",
                {"chain": [h.url for h in hops] + [last]},
                subject=source,
            )
        ]
    return [
        Finding(
            "redirect.too-many-hops",
            Severity.HIGH,
            f"{source} still redirecting after {max_hops} hops: {trail} …",
            {"chain": [h.url for h in hops]},
            subject=source,
        )
    ]


def _json_like(a: Any, b: Any) -> bool:
    """Same JSON apart from volatile leaves: numbers (timings) and timestamps may differ between calls."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_json_like(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_json_like(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return True
    if isinstance(a, str) and isinstance(b, str) and _TIMESTAMP.match(a) and _TIMESTAMP.match(b):
        return True
    return bool(a == b)


def same_content(a: bytes, b: bytes) -> bool:
    """Two answers of the same resource, fetched moments apart: exact, JSON-equal, or near-identical text."""
    if a == b:
        return True
    try:
        return _json_like(json.loads(a), json.loads(b))
    except ValueError:
        pass
    # HTML may carry per-request nonces or timestamps; anything beyond that is a different page.
    ratio = difflib.SequenceMatcher(None, a[:65536], b[:65536], autojunk=False).quick_ratio()
    return ratio >= 0.97


def check_rewrite(source: str, destination: str, src: httpx.Response, dst: httpx.Response) -> list[Finding]:
    """A rewrite serves the destination's content at the source URL, without redirecting."""
    if src.is_redirect:
        return [
            Finding(
                "rewrite.redirects",
                Severity.HIGH,
                f"{source} redirects ({src.status_code} → {src.headers.get('location', '?')}) "
                f"instead of serving {destination} as a rewrite",
                {"status": src.status_code, "location": src.headers.get("location")},
                subject=source,
            )
        ]
    if src.status_code != dst.status_code:
        return [
            Finding(
                "rewrite.status",
                Severity.HIGH,
                f"{source} answered HTTP {src.status_code} but {destination} answered {dst.status_code}",
                {"status": src.status_code, "destination_status": dst.status_code},
                subject=source,
            )
        ]
    src_type = src.headers.get("content-type", "").split(";")[0].strip()
    dst_type = dst.headers.get("content-type", "").split(";")[0].strip()
    if src_type != dst_type or not same_content(src.content, dst.content):
        return [
            Finding(
                "rewrite.content",
                Severity.HIGH,
                f"{source} does not serve what {destination} serves ({src_type or 'no type'}, "
                f"{len(src.content)} bytes vs {dst_type or 'no type'}, {len(dst.content)} bytes)",
                {"source_type": src_type, "destination_type": dst_type},
                subject=source,
            )
        ]
    return []


def check_https_redirect(response: httpx.Response) -> list[Finding]:
    """Plain HTTP must answer a permanent redirect to the same host over HTTPS."""
    url = response.request.url
    location = response.headers.get("location", "")
    target = urlsplit(urljoin(str(url), location)) if location else None
    if not response.is_redirect or target is None or target.scheme != "https":
        return [
            Finding(
                "tls.no-https-redirect",
                Severity.HIGH,
                f"{url} answered HTTP {response.status_code}"
                f"{' → ' + location if location else ''} instead of redirecting to HTTPS",
                {"status": response.status_code, "location": location},
                subject=str(url),
            )
        ]
    findings: list[Finding] = []
    if target.hostname != url.host:
        findings.append(
            Finding(
                "tls.https-redirect-host",
                Severity.MEDIUM,
                f"{url} redirects to another host over HTTPS: {location}",
                {"location": location},
                subject=str(url),
            )
        )
    if response.status_code not in PERMANENT:
        findings.append(
            Finding(
                "tls.https-redirect-temporary",
                Severity.LOW,
                f"{url} redirects to HTTPS with a temporary {response.status_code}; 301/308 lets browsers "
                "and crawlers remember it",
                {"status": response.status_code},
                subject=str(url),
            )
        )
    return findings
