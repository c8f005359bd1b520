"""Sitemap sweep: every listed URL answers (bounded count, concurrent, polite); dead ones listed together."""

from __future__ import annotations

import httpx
import pytest

from postdeploy.access import TargetAccess
from postdeploy.checks.smoke.sitemap import SitemapError, check_sweep, parse_sitemap, rebase, sweep, walk_index
from postdeploy.evidence import Evidence
from postdeploy.plugins.smoke import is_https
from postdeploy.plugins.verdict import Verdict
from postdeploy.profile import TargetProfile


def test_sitemap_links(
    smoke_http: httpx.Client,
    target_access: TargetAccess,
    base_url: str,
    target_profile: TargetProfile,
    evidence: Evidence,
    verdict: Verdict,
) -> None:
    """Every sitemap URL answers."""
    settings = target_profile.sitemap
    if not settings.enabled:
        pytest.skip("sitemap sweep is off (profile: sitemap.enabled = false)")
    response = smoke_http.get(settings.path)
    if response.status_code != 200:
        evidence.response(response)
        pytest.fail(f"sitemap {settings.path} answered HTTP {response.status_code}", pytrace=False)
    try:
        urls, children = parse_sitemap(response.content)
    except SitemapError as exc:
        evidence.response(response)
        pytest.fail(f"{settings.path}: {exc}", pytrace=False)

    def fetch(url: str) -> tuple[int, bytes]:
        child = smoke_http.get(rebase(url, base_url))
        return child.status_code, child.content

    urls = walk_index(fetch, urls, children)
    listed = len(urls)
    # The profile's critical pages have their own test each; sweeping them again would report one
    # broken page twice.
    checked = {rebase(page.path, base_url) for page in target_profile.pages}
    targets = [u for u in dict.fromkeys(rebase(u, base_url) for u in urls) if u not in checked]
    targets = targets[: settings.max_urls]
    # Same certificate policy and access headers as every other smoke request.
    limits = httpx.Limits(max_connections=settings.concurrency, max_keepalive_connections=settings.concurrency)
    with target_access.client(
        timeout=settings.timeout_s, verify_certificate=not is_https(base_url), limits=limits
    ) as client:
        results = sweep(client, targets, settings.concurrency)
    verdict(check_sweep(results, listed), response)
