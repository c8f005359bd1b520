"""Which scripts a site ships to browsers: the pages' own scripts, Next.js's build manifest, the
webpack runtime's lazy chunks, and every chunk another file names. Found from the site's answers
alone, so chunks that no page loads directly (a route's bundle, a dynamic import) are covered too."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import httpx

from postdeploy.checks.security.parallel import send_all

NEXT_ROOT = "/_next/"

# A chunk path inside any text: absolute (`/_next/static/…js`, HTML and flight data) or relative to
# the Next.js root (`static/chunks/…js`, the build manifest and app-router flight data). Route
# groups and dynamic segments put `( ) [ ]` in names; quotes, backslashes (escaped JSON) and spaces end one.
_ABSOLUTE_CHUNK = re.compile(r"(?:/[\w.~-]+)*/_next/static/[^\s\"'`\\<>,;{}|^]+?\.m?js\b")
_RELATIVE_CHUNK = re.compile(r"(?<![\w/.-])static/chunks/[^\s\"'`\\<>,;{}|^]+?\.m?js\b")
_NEXT_DATA = re.compile(r"<script[^>]*\bid=[\"']?__NEXT_DATA__[\"']?[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)
_MANIFEST_REF = re.compile(r"/_next/static/([^/\"'\\\s]+)/_buildManifest\.js")
# App router flight data: `0:{"P":null,"b":"<buildId>",…}` (Next 15) or `"buildId":"…"`, JSON-escaped in the page.
_FLIGHT_BUILD_ID = re.compile(r"\\?\"(?:b|buildId)\\?\":\\?\"([A-Za-z0-9_-]{6,64})\\?\"")
# webpack's chunk-file function: `"static/chunks/"+e+"."+({930:"ca13…"})[e]+".js"`, optionally with
# a names map first: `"static/chunks/"+(({96:"app"})[e]||e)+"."+({…})[e]+".js"`.
_WEBPACK_CHUNK_FN = re.compile(r"\"static/chunks/\"\s*\+")
_OBJECT_LITERAL = re.compile(r"\{((?:\s*(?:\d+|\"[^\"]*\")\s*:\s*\"[^\"]*\"\s*,?)*)\}")
_OBJECT_ENTRY = re.compile(r"(\d+|\"[^\"]*\")\s*:\s*\"([^\"]*)\"")


class _ScriptTags(HTMLParser):
    """`<script src>` and script preloads (`<link rel=preload|modulepreload as=script href>`)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        if tag == "script" and attributes.get("src"):
            self.sources.append(attributes["src"])
        elif tag == "link" and attributes.get("href"):
            rel = attributes.get("rel", "").lower().split()
            if "modulepreload" in rel or ("preload" in rel and attributes.get("as", "").lower() == "script"):
                self.sources.append(attributes["href"])


def _same_origin_path(reference: str, page_url: str) -> str | None:
    url = urlsplit(urljoin(page_url, reference))
    if url.netloc != urlsplit(page_url).netloc or url.scheme not in ("http", "https"):
        return None
    return url.path + (f"?{url.query}" if url.query else "")


def html_script_paths(html: str, page_url: str) -> list[str]:
    """The page's own scripts (path and query), in page order; third-party scripts are not ours to judge."""
    finder = _ScriptTags()
    finder.feed(html)
    paths = (_same_origin_path(src, page_url) for src in finder.sources)
    return list(dict.fromkeys(p for p in paths if p))


def next_root(script_paths: Iterable[str]) -> str:
    """Where the Next.js assets live (`/_next/`, or under a basePath): read off the scripts a page loads."""
    for path in script_paths:
        index = path.find("/_next/static/")
        if index >= 0:
            return path[: index + len("/_next/")]
    return NEXT_ROOT


def build_id(html: str) -> str | None:
    """The Next.js build ID a page names: `__NEXT_DATA__` (pages router), the build manifest's
    script tag, or the app router's flight data."""
    data = _NEXT_DATA.search(html)
    if data:
        try:
            value = json.loads(data.group(1)).get("buildId")
        except (ValueError, AttributeError):
            value = None
        if isinstance(value, str) and value:
            return value
    manifest = _MANIFEST_REF.search(html)
    if manifest:
        return manifest.group(1)
    if "__next_f" in html:
        flight = _FLIGHT_BUILD_ID.search(html)
        if flight:
            return flight.group(1)
    return None


def build_manifest_path(root: str, build: str) -> str:
    return f"{root}static/{build}/_buildManifest.js"


def chunk_references(text: str, root: str = NEXT_ROOT) -> list[str]:
    """Every Next.js chunk path a text names, absolute (`/_next/static/…`) or manifest-relative."""
    found = [m.group(0) for m in _ABSOLUTE_CHUNK.finditer(text)]
    found += [root + m.group(0) for m in _RELATIVE_CHUNK.finditer(text)]
    return list(dict.fromkeys(found))


def _object_entries(literal: str) -> dict[str, str]:
    return {key.strip('"'): value for key, value in _OBJECT_ENTRY.findall(literal)}


def webpack_chunk_paths(text: str, root: str = NEXT_ROOT) -> list[str]:
    """Lazy chunks named only inside webpack's runtime (dynamic imports): rebuilt from its
    chunk-file function, an id → hash map and, optionally, an id → name map."""
    paths: list[str] = []
    for start in _WEBPACK_CHUNK_FN.finditer(text):
        end = text.find('".js"', start.end())
        if end < 0 or end - start.end() > 200_000:
            continue
        literals = [_object_entries(m.group(1)) for m in _OBJECT_LITERAL.finditer(text, start.end(), end)]
        literals = [entries for entries in literals if entries]
        if not literals:
            continue
        hashes, names = literals[-1], (literals[0] if len(literals) > 1 else {})
        paths += [f"{root}static/chunks/{names.get(chunk, chunk)}.{digest}.js" for chunk, digest in hashes.items()]
    return list(dict.fromkeys(paths))


@dataclass(frozen=True)
class ShippedScript:
    """One script as the site serves it."""

    path: str
    found_in: str  # where its path came from: a page, the build manifest, another chunk, the profile
    status: int
    headers: httpx.Headers
    body: bytes

    @property
    def served(self) -> bool:
        # A catch-all that answers any path with its HTML shell has not served a script.
        return 200 <= self.status < 300 and "html" not in self.headers.get("content-type", "")

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


@dataclass
class ScriptInventory:
    """Every same-origin script found, fetched once for all bundle checks."""

    scripts: list[ShippedScript] = field(default_factory=list)
    build_id: str | None = None
    truncated: bool = False  # more scripts were named than the profile's max_scripts
    errors: dict[str, str] = field(default_factory=dict)  # path → why it could not be fetched

    def served(self) -> list[ShippedScript]:
        return [s for s in self.scripts if s.served]

    def summary(self) -> dict[str, object]:
        by_source: dict[str, int] = {}
        for script in self.scripts:
            kind = script.found_in.split(" ")[0]
            by_source[kind] = by_source.get(kind, 0) + 1
        return {
            "scripts": len(self.scripts),
            "served": len(self.served()),
            "found in": by_source,
            "build_id": self.build_id,
            "truncated": self.truncated,
            "errors": self.errors,
            "paths": [f"{s.status} {s.path} ({s.found_in})" for s in self.scripts],
        }


def collect_scripts(
    send: Callable[[str], httpx.Response],
    pages: Mapping[str, str],
    base_url: str,
    *,
    extra_paths: Iterable[str] = (),
    max_scripts: int = 400,
    concurrency: int = 8,
) -> ScriptInventory:
    """Fetch every script the pages (path → HTML) load or name, then every chunk those scripts name,
    round after round until nothing new turns up or `max_scripts` is reached."""
    inventory = ScriptInventory()
    seen: dict[str, str] = {}
    pending: list[str] = []

    def add(path: str, found_in: str) -> None:
        if path in seen:
            return
        if len(seen) >= max_scripts:
            inventory.truncated = True
            return
        seen[path] = found_in
        pending.append(path)

    page_scripts = {page: html_script_paths(html, urljoin(base_url, page)) for page, html in pages.items()}
    root = next_root(p for paths in page_scripts.values() for p in paths)
    for page, html in pages.items():
        for path in [*page_scripts[page], *chunk_references(html, root)]:
            add(path, f"page {page}")
        inventory.build_id = inventory.build_id or build_id(html)
    if inventory.build_id:
        add(build_manifest_path(root, inventory.build_id), f"build-manifest of build {inventory.build_id}")
    for path in extra_paths:
        add(path, "profile script_paths")
    while pending:
        batch, pending = pending, []
        for path, outcome in zip(batch, send_all(send, batch, concurrency), strict=True):
            if isinstance(outcome, httpx.TransportError):
                inventory.errors[path] = str(outcome) or type(outcome).__name__
                continue
            script = ShippedScript(path, seen[path], outcome.status_code, outcome.headers, outcome.content)
            inventory.scripts.append(script)
            if script.served:
                text = script.text
                for ref in chunk_references(text, root):
                    add(ref, f"chunk-reference in {path}")
                for ref in webpack_chunk_paths(text, root):
                    add(ref, f"webpack-runtime {path}")
    return inventory
