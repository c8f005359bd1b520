"""Exposed files: .env, .git, backups, editor files, source maps, directory listings — real exposure,
recognised by content, never by a 200 alone (soft-404 pages answer 200 to everything)."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import httpx

from postdeploy.findings import Finding, Severity


@dataclass(frozen=True)
class Sensitive:
    path: str
    what: str
    signature: re.Pattern[bytes]
    severity: Severity = Severity.HIGH


_ENV = re.compile(rb"(?m)^\s*(export\s+)?[A-Z][A-Z0-9_]{1,}\s*=")
_GIT_CONFIG = re.compile(rb"(?m)^\s*\[(core|remote|branch)")
_GIT_HEAD = re.compile(rb"^(ref: refs/|[0-9a-f]{40}\s*$)")
SENSITIVE_PATHS: tuple[Sensitive, ...] = (
    Sensitive("/.env", "environment file (secrets)", _ENV, Severity.CRITICAL),
    Sensitive("/.env.production", "production environment file (secrets)", _ENV, Severity.CRITICAL),
    Sensitive("/.env.local", "local environment file (secrets)", _ENV, Severity.CRITICAL),
    Sensitive("/.git/config", "git repository config", _GIT_CONFIG),
    Sensitive("/.git/HEAD", "git repository (source history downloadable)", _GIT_HEAD),
    Sensitive("/.DS_Store", "macOS folder index (lists files)", re.compile(rb"^\x00\x00\x00\x01Bud1")),
    Sensitive("/backup.zip", "backup archive", re.compile(rb"^PK\x03\x04")),
    Sensitive(
        "/backup.sql",
        "database dump",
        re.compile(rb"(?i)(CREATE TABLE|INSERT INTO|-- MySQL dump|PostgreSQL database dump)"),
    ),
    Sensitive(
        "/next.config.js.bak", "editor backup of the Next.js config", re.compile(rb"module\.exports|export default")
    ),
)
DIRECTORY_LISTING = re.compile(rb"(?i)<title>\s*(index of|directory listing)|<h1>\s*index of\s")
SOURCE_MAP = re.compile(rb'^\s*\{.*"(mappings|sources)"\s*:', re.DOTALL)
# A map that embeds the source: `"sourcesContent": ["…` (a list of nulls embeds nothing).
SOURCES_CONTENT = re.compile(rb'"sourcesContent"\s*:\s*\[\s*(?:null\s*,\s*)*"')
SOURCE_MAP_COMMENT = re.compile(rb"//[#@]\s*sourceMappingURL=([^\s'\"]+)\s*$", re.MULTILINE)


def soft_404_path() -> str:
    return f"/postdeploy-missing-{secrets.token_hex(6)}"


def check_sensitive(item: Sensitive, response: httpx.Response, baseline: httpx.Response) -> list[Finding]:
    """Exposed when it answers 2xx with content that looks like the file and unlike a random path's answer."""
    body = response.content[:4096]
    if not 200 <= response.status_code < 300 or not item.signature.search(body):
        return []
    if baseline.status_code == response.status_code and baseline.content[:4096] == body:
        return []  # the server answers this to anything: not the file
    message = f"{item.path} is publicly readable ({item.what})"
    evidence = {"path": item.path, "status": response.status_code, "bytes": len(response.content)}
    return [Finding("exposure.sensitive-file", item.severity, message, evidence, subject=item.path)]


def check_directory_listing(response: httpx.Response, path: str) -> list[Finding]:
    if 200 <= response.status_code < 300 and DIRECTORY_LISTING.search(response.content[:4096]):
        return [
            Finding(
                "exposure.directory-listing",
                Severity.MEDIUM,
                f"{path} serves a directory listing",
                {"path": path, "status": response.status_code},
                subject=path,
            )
        ]
    return []


class _ScriptSources(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        src = dict(attrs).get("src")
        if tag == "script" and src:
            self.sources.append(src)


def same_origin_scripts(html: str, page_url: str, limit: int = 5) -> list[str]:
    """Paths of the page's own script bundles (third-party scripts are not ours to judge)."""
    finder = _ScriptSources()
    finder.feed(html)
    origin = urlsplit(page_url).netloc
    paths: list[str] = []
    for src in finder.sources:
        url = urlsplit(urljoin(page_url, src))
        if url.netloc == origin and url.path not in paths:
            paths.append(url.path)
    return paths[:limit]


def source_map_candidates(script_path: str, script_body: bytes, headers: httpx.Headers) -> list[str]:
    """Where a bundle's map would be: its SourceMap header, its sourceMappingURL comment, or `<bundle>.map`."""
    named = headers.get("sourcemap") or headers.get("x-sourcemap")
    match = SOURCE_MAP_COMMENT.search(script_body[-2048:])
    candidates = [script_path.split("?")[0] + ".map"]
    for ref in (named, match.group(1).decode("ascii", "replace") if match else None):
        if ref and not ref.startswith("data:"):
            candidates.insert(0, urlsplit(urljoin(script_path, ref)).path)
    return list(dict.fromkeys(candidates))


def check_source_map(response: httpx.Response, path: str, script: str, found_in: str = "") -> list[Finding]:
    """A served map is a finding; a high one when it carries the original source (`sourcesContent`)."""
    if not 200 <= response.status_code < 300 or not SOURCE_MAP.search(response.content[:65536]):
        return []
    with_source = bool(SOURCES_CONTENT.search(response.content))
    what = "the original source is readable" if with_source else "the original file names and mappings are readable"
    evidence: dict[str, object] = {
        "path": path,
        "script": script,
        "status": response.status_code,
        "bytes": len(response.content),
        "sourcesContent": with_source,
    }
    if found_in:
        evidence["script found in"] = found_in
    return [
        Finding(
            "exposure.source-map",
            Severity.HIGH if with_source else Severity.MEDIUM,
            f"{path} serves the source map of {script}: {what}",
            evidence,
            subject=path,
        )
    ]


def map_candidates(scripts: list[tuple[str, bytes, httpx.Headers]]) -> dict[str, list[str]]:
    """Script path → where its map would be, for every script; each map path listed once overall."""
    claimed: set[str] = set()
    candidates: dict[str, list[str]] = {}
    for path, body, headers in scripts:
        mine = [c for c in source_map_candidates(path, body, headers) if c not in claimed]
        claimed.update(mine)
        candidates[path] = mine
    return candidates
