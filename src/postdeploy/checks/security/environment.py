"""Preview and production invariants: what each kind of deployment must (and must not) show the world.

A preview that search engines index leaks unreleased work; a production site that says noindex is
the classic launch-day outage; a production URL behind a protection wall is down for everyone; and
each environment must be wired to its own services (a test-mode Stripe key in production, a live
one in a preview, another environment's Supabase project). These apply only when the profile declares its environment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from html.parser import HTMLParser

from postdeploy.findings import Finding, Severity

_STRIPE_KEY = re.compile(r"\bpk_(test|live)_\w{6,}")
_NOINDEX = re.compile(r"\b(noindex|none)\b")
Pages = Mapping[str, tuple[list[tuple[str, str]], str | None]]  # path → (headers, HTML or None)


class _RobotsMeta(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.directives: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key.lower(): value or "" for key, value in attrs}
        if tag == "meta" and values.get("name", "").lower() in ("robots", "googlebot"):
            self.directives.append(values.get("content", "").lower())


def noindex_sources(headers: Iterable[tuple[str, str]], html: str | None) -> list[str]:
    """Where a response tells search engines not to index it: the X-Robots-Tag header (possibly
    per crawler, `googlebot: noindex`) or a robots meta tag."""
    found = [
        f"X-Robots-Tag: {value}"
        for name, value in headers
        if name.lower() == "x-robots-tag" and _NOINDEX.search(value.lower())
    ]
    if html:
        parser = _RobotsMeta()
        parser.feed(html)
        found += [f'<meta name="robots" content="{d}">' for d in parser.directives if _NOINDEX.search(d)]
    return found


def check_preview_noindex(pages: Pages) -> list[Finding]:
    """Every HTML page of a preview must carry noindex (header or meta)."""
    open_pages = [path for path, (headers, html) in pages.items() if html is not None]
    open_pages = [path for path in open_pages if not noindex_sources(*pages[path])]
    if not open_pages:
        return []
    message = (
        f"preview deployment is indexable: {', '.join(open_pages)} send no X-Robots-Tag: noindex "
        "and no robots meta noindex"
    )
    return [Finding("environment.preview-indexable", Severity.HIGH, message, {"pages": open_pages})]


def check_production_indexable(pages: Pages) -> list[Finding]:
    """No page of production may tell search engines to go away."""
    findings = []
    for path, (headers, html) in pages.items():
        sources = noindex_sources(headers, html)
        if sources:
            message = f"production page {path} tells search engines not to index it ({'; '.join(sources)})"
            evidence = {"path": path, "sources": sources}
            finding = Finding("environment.production-noindex", Severity.CRITICAL, message, evidence, subject=path)
            findings.append(finding)
    return findings


def check_not_protected(status: int, url: str) -> list[Finding]:
    """An anonymous visitor of production must not meet a protection wall."""
    if status != 401:
        return []
    message = f"production answers 401 to an anonymous visitor at {url}: deployment protection is still on"
    return [Finding("environment.production-protected", Severity.CRITICAL, message, {"url": url, "status": status})]


def check_supabase_project(environment: str, named: str, embedded: str, where: str) -> list[Finding]:
    """The pages use the Supabase project the profile names for this environment (a preview wired
    to production's database writes test data into production)."""
    if embedded.rstrip("/") == named.rstrip("/"):
        return []
    message = f"{environment} pages use Supabase project {embedded} ({where}), not {named} as the profile says"
    evidence = {"embedded": embedded, "named": named, "where": where}
    return [Finding("environment.supabase-project", Severity.HIGH, message, evidence)]


def stripe_key_modes(texts: Mapping[str, str]) -> dict[str, set[str]]:
    """`{"test": {where…}, "live": {where…}}`: which Stripe publishable key modes each text embeds."""
    modes: dict[str, set[str]] = {}
    for where, text in texts.items():
        for match in _STRIPE_KEY.finditer(text):
            modes.setdefault(match.group(1), set()).add(where)
    return modes


def check_stripe_mode(environment: str, texts: Mapping[str, str]) -> list[Finding]:
    """Production embeds live keys only; previews and staging embed test keys only. The key itself is
    never shown: only its mode and where it was found."""
    modes = stripe_key_modes(texts)
    wrong = "test" if environment == "production" else "live"
    if wrong not in modes:
        return []
    where = sorted(modes[wrong])
    message = f"{environment} embeds a {wrong}-mode Stripe key (pk_{wrong}_…) in {', '.join(where[:5])}"
    return [Finding(f"environment.stripe-{wrong}-key", Severity.HIGH, message, {"mode": wrong, "where": where})]
