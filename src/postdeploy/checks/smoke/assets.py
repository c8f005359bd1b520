"""Static assets a page loads (scripts, stylesheets, preloaded fonts), for the caching check when the
profile names none: build tools put a content hash in their names, so no fixed path can be written."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

__all__ = ["asset_paths", "fingerprinted_assets"]

_LINK_RELS = frozenset({"stylesheet", "preload", "modulepreload", "prefetch"})


class _AssetTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.references: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "script" and values.get("src"):
            self.references.append(values["src"])
        elif tag == "link" and values.get("href") and _LINK_RELS & set(values.get("rel", "").lower().split()):
            self.references.append(values["href"])


def asset_paths(html: str, page_url: str) -> list[str]:
    """Same-origin paths (with query) of the scripts and linked assets of one page, in document order."""
    parser = _AssetTags()
    parser.feed(html)
    origin = urlsplit(page_url)
    paths: list[str] = []
    for reference in parser.references:
        url = urlsplit(urljoin(page_url, reference))
        if (url.scheme, url.netloc) == (origin.scheme, origin.netloc):
            paths.append(url.path + (f"?{url.query}" if url.query else ""))
    return list(dict.fromkeys(paths))


def fingerprinted_assets(pages: dict[str, str], base_url: str, pattern: str, limit: int) -> list[str]:
    """The first `limit` assets across `pages` (path → HTML) whose path (query aside) matches
    `pattern`: the ones a build names by content hash, which may be cached forever."""
    matcher = re.compile(pattern)
    found: list[str] = []
    for path, html in pages.items():
        page_url = urljoin(base_url.rstrip("/") + "/", path.lstrip("/"))
        for asset in asset_paths(html, page_url):
            if asset not in found and matcher.search(asset.split("?", 1)[0]):
                found.append(asset)
    return found[:limit]
