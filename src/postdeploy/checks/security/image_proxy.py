"""The image optimizer as an open proxy: `/_next/image?url=…` must refuse hosts the site never listed,
and above all loopback and link-local addresses (cloud metadata), or anyone can make the site fetch
them (SSRF) and pay for the bandwidth.

Next.js refuses an unlisted URL with 400 `"url" parameter is not allowed` before fetching anything;
an accepted one is fetched, and a failed fetch answers 5xx or `"url" parameter is valid but …`.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import httpx

from postdeploy.findings import Finding, Severity

ACCEPTED_MARK = '"url" parameter is valid'  # Next.js's words for a URL that passed its allowlist


@dataclass(frozen=True)
class ImageProbe:
    kind: str  # "remote", "loopback", "link-local"
    url: str
    severity: Severity


def probes(base_url: str, remote_url: str) -> list[ImageProbe]:
    """An unlisted remote image, the target's own loopback address, and the cloud metadata address."""
    target = urlsplit(base_url)
    port = f":{target.port}" if target.port else ""
    return [
        ImageProbe("remote", remote_url, Severity.HIGH),
        ImageProbe("loopback", f"{target.scheme}://127.0.0.1{port}/favicon.ico", Severity.CRITICAL),
        ImageProbe("loopback", "http://localhost/favicon.ico", Severity.CRITICAL),
        ImageProbe("link-local", "http://169.254.169.254/latest/meta-data/", Severity.CRITICAL),
    ]


def probe_path(optimizer_path: str, image_url: str) -> str:
    # w=64 and q=75 are in Next.js's default imageSizes and qualities: only the url can be refused.
    return f"{optimizer_path}?{urlencode({'url': image_url, 'w': 64, 'q': 75})}"


def optimizer_present(response: httpx.Response) -> bool:
    """Next.js answers a bare optimizer request with 400 (`"url" parameter is required`); a site
    without one answers 404, and a catch-all answers its HTML page."""
    if response.status_code == 404:
        return False
    return not (200 <= response.status_code < 300)


def check_probe(probe: ImageProbe, response: httpx.Response, path: str) -> list[Finding]:
    status = response.status_code
    body = response.text[:512] if status >= 400 else ""
    if 200 <= status < 300:
        verdict = f"fetched it and served {len(response.content)} bytes ({response.headers.get('content-type', '?')})"
    elif ACCEPTED_MARK in body or status >= 500:
        verdict = f"tried to fetch it (HTTP {status})"
    else:
        return []  # refused
    return [
        Finding(
            f"image-proxy.{probe.kind}",
            probe.severity,
            f"the image optimizer accepts the {probe.kind} URL {probe.url} and {verdict}: it must refuse it",
            {"request": path, "status": status, "content-type": response.headers.get("content-type", ""), "body": body},
            subject=probe.url,
        )
    ]
