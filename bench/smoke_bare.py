"""The baseline for bench/smoke_bench.py: the smoke layer's HTTP requests as a bare httpx script
(what a runbook's `curl -f` lines grow into). `python bench/smoke_bare.py BASE_URL PROFILE.toml`."""

from __future__ import annotations

import re
import sys
import tomllib
from urllib.parse import urljoin

import httpx


def main(base_url: str, profile_path: str) -> int:
    with open(profile_path, "rb") as handle:
        profile = tomllib.load(handle)
    bad: list[str] = []
    with httpx.Client(base_url=base_url, verify=False, timeout=10) as client:
        health = client.get(profile["health"]["path"])
        if health.status_code != 200 or health.json().get("status") != "healthy":
            bad.append("health")
        pages = [p["path"] for p in profile.get("pages", [])]
        for path in pages:
            if client.get(path).status_code != 200:
                bad.append(path)
        for redirect in profile.get("redirects", []):
            if client.get(redirect["source"]).headers.get("location") != redirect["destination"]:
                bad.append(redirect["source"])
        for rewrite in profile.get("rewrites", []):
            client.get(rewrite["source"])
            client.get(rewrite["destination"])
        for path in dict.fromkeys([r["source"] for r in profile.get("redirects", [])] + pages):
            url, seen = urljoin(base_url, path), set()
            while url not in seen and len(seen) < 10:
                seen.add(url)
                response = client.get(url)
                if not response.is_redirect:
                    break
                url = urljoin(url, response.headers["location"])
        caching = profile.get("caching", {})
        for path in caching.get("static_paths", []):
            if "immutable" not in client.get(path).headers.get("cache-control", ""):
                bad.append(path)
        for path in caching.get("api_paths", []):
            if "no-store" not in client.get(path).headers.get("cache-control", ""):
                bad.append(path)
        for path in caching.get("html_paths", []):
            client.get(path, headers={"Accept-Encoding": "gzip, br"})
        if profile.get("sitemap", {}).get("enabled"):
            sitemap = client.get(profile["sitemap"].get("path", "/sitemap.xml")).text
            for url in re.findall(r"<loc>\s*([^<]+?)\s*</loc>", sitemap):
                if httpx.URL(url).path not in pages and client.get(url).status_code >= 400:
                    bad.append(url)
    print("bad:", bad) if bad else None
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
