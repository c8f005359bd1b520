"""Script discovery on a real Next.js 15 build's answers (saved under selftests/data/bundles/nextjs15:
an app-router page, a pages-router page, the build manifest and the webpack runtime), and the crawl
on a mocked site."""

from __future__ import annotations

from pathlib import Path

import httpx

from postdeploy.checks.security import scripts

DATA = Path(__file__).resolve().parents[1] / "data" / "bundles" / "nextjs15"
BUILD = "xQxB1wJR-9Tf0cUhtGbA2"


def read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def test_pages_router_html_names_scripts_and_build_id() -> None:
    html = read("legacy.html")
    paths = scripts.html_script_paths(html, "https://site.example/legacy")
    assert paths[0] == "/_next/static/chunks/polyfills-42372ed130431b0a.js"
    assert f"/_next/static/{BUILD}/_buildManifest.js" in paths
    assert scripts.build_id(html) == BUILD  # from __NEXT_DATA__
    assert scripts.next_root(paths) == "/_next/"


def test_app_router_build_id_comes_from_flight_data() -> None:
    html = read("app-home.html")
    assert "__NEXT_DATA__" not in html
    assert scripts.build_id(html) == BUILD
    refs = scripts.chunk_references(html)
    # Flight data names the page's chunks, JSON-escaped: found all the same, each once.
    assert "/_next/static/chunks/app/page-3819a5acdc4fd33d.js" in refs
    assert len(refs) == len(set(refs))


def test_build_manifest_lists_route_chunks_no_page_loads() -> None:
    refs = scripts.chunk_references(read("_buildManifest.js"))
    assert refs == [
        "/_next/static/chunks/pages/_error-ab81c906cb1ada85.js",
        "/_next/static/chunks/pages/legacy-0a35d684336e4404.js",
        "/_next/static/chunks/pages/listings/[id]-42f1f2feecdc95a3.js",
    ]
    assert scripts.chunk_references('"static/chunks/pages/a.js"', "/base/_next/") == [
        "/base/_next/static/chunks/pages/a.js"
    ]


def test_webpack_runtime_yields_lazy_chunks() -> None:
    assert scripts.webpack_chunk_paths(read("webpack-runtime.js")) == [
        "/_next/static/chunks/930.ca132d0518e3dd21.js",
        "/_next/static/chunks/937.d14207833d9ac5c9.js",
    ]
    named = 'r.u=e=>"static/chunks/"+(({96:"app-x",7:"y"})[e]||e)+"."+({96:"aa11",12:"bb22"})[e]+".js"'
    assert scripts.webpack_chunk_paths(named) == [
        "/_next/static/chunks/app-x.aa11.js",
        "/_next/static/chunks/12.bb22.js",
    ]


def test_same_origin_only_and_preloads() -> None:
    html = (
        '<script src="https://cdn.example.com/x.js"></script><script src="/a.js?v=2"></script>'
        '<link rel="modulepreload" href="/b.mjs"><link rel="preload" as="script" href="/c.js">'
        '<link rel="preload" as="style" href="/d.css">'
    )
    assert scripts.html_script_paths(html, "https://site.example/") == ["/a.js?v=2", "/b.mjs", "/c.js"]


def test_crawl_follows_manifest_and_chunks_and_stops_at_the_limit() -> None:
    files = {
        "/_next/static/chunks/main.js": 'import("/_next/static/chunks/lazy.js")',
        f"/_next/static/{BUILD}/_buildManifest.js": 'self.__BUILD_MANIFEST={"/x":["static/chunks/pages/x.js"]}',
        "/_next/static/chunks/pages/x.js": "x()",
        "/_next/static/chunks/lazy.js": "lazy()",
    }

    def handler(request: httpx.Request) -> httpx.Response:
        body = files.get(request.url.path)
        if body is None:
            return httpx.Response(404, text="<html>not found</html>", headers={"content-type": "text/html"})
        return httpx.Response(200, text=body, headers={"content-type": "application/javascript"})

    page = f'<script src="/_next/static/chunks/main.js"></script><script src="/_next/static/{BUILD}/_buildManifest.js">'
    client = httpx.Client(base_url="https://site.example", transport=httpx.MockTransport(handler))
    found = scripts.collect_scripts(client.get, {"/": page}, "https://site.example", extra_paths=["/sw.js"])
    assert sorted(s.path for s in found.served()) == sorted(files)
    assert [s.path for s in found.scripts if not s.served] == ["/sw.js"]
    assert not found.truncated
    limited = scripts.collect_scripts(client.get, {"/": page}, "https://site.example", max_scripts=2)
    assert len(limited.scripts) == 2 and limited.truncated
