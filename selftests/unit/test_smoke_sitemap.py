"""Sitemap parsing and the concurrent sweep (MockTransport), dead links reported together."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from postdeploy.checks.smoke.sitemap import SitemapError, check_sweep, parse_sitemap, rebase, sweep

URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://skymarket.example/</loc></url>
  <url><loc> https://skymarket.example/browse </loc><lastmod>2026-11-01</lastmod></url>
  <url><loc>https://skymarket.example/listings/999</loc></url>
</urlset>"""

INDEX = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://skymarket.example/sitemap-1.xml</loc></sitemap></sitemapindex>"""


def test_parse_urlset_and_index() -> None:
    urls, children = parse_sitemap(URLSET)
    assert urls[1] == "https://skymarket.example/browse" and len(urls) == 3 and children == []
    assert parse_sitemap(INDEX) == ([], ["https://skymarket.example/sitemap-1.xml"])


def test_html_is_not_a_sitemap() -> None:
    with pytest.raises(SitemapError, match="HTML page"):
        parse_sitemap(b"<!DOCTYPE html><html><body><p>404</body></html>")
    with pytest.raises(SitemapError, match="<rss>"):
        parse_sitemap(b"<rss></rss>")


def test_rebase_onto_the_target() -> None:
    assert rebase("https://skymarket.example/browse?q=1", "http://127.0.0.1:8000") == "http://127.0.0.1:8000/browse?q=1"
    assert rebase("/about", "http://127.0.0.1:8000/") == "http://127.0.0.1:8000/about"


def test_sweep_is_concurrent_bounded_and_lists_every_dead_url() -> None:
    in_flight, peak, lock = 0, 0, threading.Lock()

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
        time.sleep(0.01)
        with lock:
            in_flight -= 1
        if request.url.path.startswith("/dead"):
            return httpx.Response(404)
        if request.url.path == "/moved":
            return httpx.Response(308, headers={"location": "/p1"})
        if request.url.path == "/boom":
            raise httpx.ConnectError("Connection refused", request=request)
        return httpx.Response(200, text="ok")

    urls = [f"http://site.test/p{i}" for i in range(40)] + ["http://site.test/dead1", "http://site.test/dead2"]
    urls += ["http://site.test/boom", "http://site.test/moved"]
    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        results = sweep(client, urls, concurrency=4)
    assert [r.url for r in results] == urls
    assert 1 < peak <= 4
    note, finding = check_sweep(results)
    assert note.id == "sitemap.redirects" and note.severity.label == "low" and "/moved" in note.message
    assert finding.message.startswith("3 of 44 swept sitemap URL(s) are dead")
    assert "dead1 → 404" in finding.message and "dead2 → 404" in finding.message
    assert "boom → connection refused" in finding.message
    assert check_sweep([r for r in results if r.status == 200]) == []
