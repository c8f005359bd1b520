"""Which Supabase project to audit, with which key, and which tables: the profile first, then what
the site's pages and scripts give away, then the project's own OpenAPI document."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import httpx

from postdeploy.checks.security.exposure import same_origin_scripts
from postdeploy.checks.security.supabase.discover import Discovery, key_kind
from postdeploy.checks.security.supabase.tables import Table, merge_tables, tables_from_openapi
from postdeploy.findings import Finding, Severity
from postdeploy.profile.supabase import SupabaseSettings


class TargetError(Exception):
    """A project that must not or cannot be audited; the message is one line."""


@dataclass(frozen=True)
class Project:
    url: str
    key: str
    kind: str  # anon | publishable
    url_source: str
    key_source: str
    code_tables: tuple[str, ...] = ()


def page_sources(
    http: httpx.Client, pages: Mapping[str, str], base_url: str, max_scripts: int
) -> Iterator[tuple[str, str]]:
    """(where, text) for each page's HTML, then its same-origin scripts, fetched once each."""
    yield from pages.items()
    scripts: list[str] = []
    for path, html in pages.items():
        scripts += same_origin_scripts(html, base_url.rstrip("/") + path, limit=max_scripts)
    for script in list(dict.fromkeys(scripts))[:max_scripts]:
        response = http.get(script)
        if response.status_code == 200:
            yield script, response.text


def locate(settings: SupabaseSettings, env: Mapping[str, str], found: Discovery) -> Project | None:
    """The project to audit: the profile's URL and key env var win over what the pages embed.
    None when there is none; TargetError for a key the audit must never use."""
    url = settings.url or found.url
    key = env.get(settings.anon_key_env) or found.key
    if not url or not key:
        return None
    key_source = f"${settings.anon_key_env}" if env.get(settings.anon_key_env) else found.key_source
    kind = key_kind(key)
    if kind == "secret":
        raise TargetError(
            f"{key_source} holds a service-role or secret key: the audit must see what anyone sees, "
            "so give it the anon or publishable key"
        )
    if kind == "unknown":
        raise TargetError(f"{key_source} holds neither an anon JWT nor an sb_publishable_ key")
    url_source = "the profile" if settings.url else found.url_source
    return Project(url, key, kind, url_source, key_source, found.tables)


def audit_tables(
    openapi: httpx.Response, settings: SupabaseSettings, code_tables: tuple[str, ...]
) -> tuple[dict[str, Table], list[Finding]]:
    """The tables to audit, and a note when the OpenAPI document was refused.

    TargetError for a web page there (a 2xx, 3xx or 404 answer that is not JSON): Supabase serves the
    document there or refuses it (401/403), so the URL is not the project's.
    """
    not_api = openapi.status_code < 400 or openapi.status_code == 404
    if not_api and "json" not in openapi.headers.get("content-type", ""):
        kind = openapi.headers.get("content-type", "no content type").split(";")[0]
        raise TargetError(
            f"{openapi.request.url.copy_with(query=None)} answered HTTP {openapi.status_code} ({kind}), not a "
            "Supabase API: set the project URL in the profile ([supabase] url)"
        )
    documented: dict[str, Table] = {}
    if openapi.status_code == 200:
        try:
            documented = tables_from_openapi(openapi.json())
        except ValueError:
            documented = {}
    listed = list(dict.fromkeys([*settings.tables, *settings.public_tables]))
    tables = merge_tables(merge_tables(documented, listed, "profile"), code_tables, "code")
    notes: list[Finding] = []
    if not documented:
        notes.append(Finding(
            "supabase.no-openapi", Severity.INFO,
            f"the project gave no OpenAPI document to the public key (HTTP {openapi.status_code}): auditing the "
            f"{len(listed)} table(s) the profile lists and the {len(code_tables)} the site's code names",
            {"status": openapi.status_code, "profile_tables": listed, "code_tables": list(code_tables)},
        ))  # fmt: skip
    return tables, notes
