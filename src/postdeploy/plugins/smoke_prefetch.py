"""The smoke layer's prefetch plan: the GETs its selected checks will make, from the profile.

Each entry mirrors one check's requests exactly (path and the headers it adds); an entry that no
longer matches a check is not wrong, only unused (the run's prefetch line counts them).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import httpx
import pytest

from postdeploy.checks.smoke.assets import fingerprinted_assets
from postdeploy.checks.smoke.caching import ACCEPT_ENCODING
from postdeploy.checks.smoke.redirects import MAX_HOPS, follow_chain
from postdeploy.checks.smoke.sitemap import SitemapError, parse_sitemap, rebase, walk_index
from postdeploy.prefetch import PlannedFetch
from postdeploy.profile import PageSpec, RedirectSpec, RewriteSpec, TargetProfile

__all__ = ["HEALTH_HEADERS", "smoke_plan"]

HEALTH_HEADERS = {"Accept": "application/json"}  # what the health probe sends (plugins/smoke.py)


def _get(path: str, headers: Mapping[str, str] | None = None) -> PlannedFetch:
    return lambda client: client.get(path, headers=headers)


def _chain(path: str) -> PlannedFetch:
    return lambda client: follow_chain(client, path, MAX_HOPS)


def _discovered_static(profile: TargetProfile) -> PlannedFetch:
    """test_static_cache with no static_paths: the html_paths, then the assets found on them."""
    caching = profile.caching

    def run(client: httpx.Client) -> None:
        pages = {}
        for path in caching.html_paths:
            response = client.get(path)
            if response.status_code == 200 and "html" in response.headers.get("content-type", ""):
                pages[path] = response.text
        limit = caching.max_discovered_static
        for asset in fingerprinted_assets(pages, str(client.base_url), caching.fingerprint_pattern, limit):
            client.get(asset)

    return run


def _sitemap(path: str, base_url: str) -> PlannedFetch:
    """test_sitemap_links' own client requests: the sitemap and its child sitemaps (the sweep of the
    listed URLs is concurrent already, on a client of its own)."""

    def run(client: httpx.Client) -> None:
        response = client.get(path)
        if response.status_code != 200:
            return
        try:
            urls, children = parse_sitemap(response.content)
        except SitemapError:
            return

        def fetch(url: str) -> tuple[int, bytes]:
            child = client.get(rebase(url, base_url))
            return child.status_code, child.content

        walk_index(fetch, urls, children)

    return run


def _planned_for(item: pytest.Item, profile: TargetProfile, base_url: str) -> Iterable[tuple[bool, PlannedFetch]]:
    """(several requests in a row?, job) for each job of one test."""
    callspec = getattr(item, "callspec", None)
    params: dict[str, object] = dict(callspec.params) if callspec is not None else {}
    page, redirect, rewrite = params.get("page_spec"), params.get("redirect_spec"), params.get("rewrite_spec")
    if isinstance(page, PageSpec):
        yield False, _get(page.path)
    if isinstance(redirect, RedirectSpec):
        yield False, _get(redirect.source)
    if isinstance(rewrite, RewriteSpec):
        yield False, _get(rewrite.source)
        yield False, _get(rewrite.destination)
    if isinstance(chain := params.get("chain_path"), str):
        yield True, _chain(chain)
    if isinstance(static := params.get("static_path"), str):
        yield (False, _get(static)) if static else (True, _discovered_static(profile))
    if isinstance(api := params.get("api_path"), str):
        yield False, _get(api)
    if isinstance(html := params.get("html_path"), str):
        yield False, _get(html, {"Accept-Encoding": ACCEPT_ENCODING})
    if getattr(item, "originalname", "") == "test_sitemap_links" and profile.sitemap.enabled:
        yield True, _sitemap(profile.sitemap.path, base_url)


def smoke_plan(items: Iterable[pytest.Item], profile: TargetProfile, base_url: str) -> list[PlannedFetch]:
    """The planned fetches of the selected smoke tests (after `-k`/`-m` deselection): the health
    endpoint once (one probe serves every health check), then one job per request-making test.
    Jobs of several requests in a row (redirect walks, the sitemap) go first: started last, the
    longest of them would set the prefetch's length alone."""
    selected = list(items)
    jobs: list[tuple[bool, PlannedFetch]] = []
    if any("health_probe" in getattr(item, "fixturenames", ()) for item in selected):
        jobs.append((False, _get(profile.health.path, HEALTH_HEADERS)))
    for item in selected:
        jobs.extend(_planned_for(item, profile, base_url))
    return [job for serial, job in jobs if serial] + [job for serial, job in jobs if not serial]
