"""Preview and production invariants: noindex where it belongs and nowhere else, no protection wall on
production, each environment wired to its own Stripe mode. Only for a profile that declares its
environment (the built-in default, production, is a safety setting, not a statement)."""

from __future__ import annotations

import httpx
import pytest

from postdeploy.access import TargetAccess
from postdeploy.checks.security import environment as checks
from postdeploy.checks.security.exposure import same_origin_scripts
from postdeploy.checks.security.supabase import Discovery
from postdeploy.evidence import Evidence
from postdeploy.plugins.security import FetchedPage
from postdeploy.plugins.verdict import Verdict
from postdeploy.profile import TargetProfile

# Enough of a Next.js app's chunks to find what its build inlined (NEXT_PUBLIC_* keys).
MAX_SCRIPTS = 20


def _environment(profile: TargetProfile, *wanted: str) -> str:
    declared = profile.declared_environment
    if declared is None:
        pytest.skip("the profile does not declare its environment: the preview/production invariants need it")
    if declared not in wanted:
        pytest.skip(f"applies to {' and '.join(wanted)} deployments; this one is {declared}")
    return declared


def _pages(security_pages: dict[str, FetchedPage]) -> checks.Pages:
    return {path: (page.headers, page.html) for path, page in security_pages.items()}


def test_preview_is_noindex(
    target_profile: TargetProfile, security_pages: dict[str, FetchedPage], verdict: Verdict
) -> None:
    """A preview deployment is not indexed."""
    _environment(target_profile, "preview")
    verdict(checks.check_preview_noindex(_pages(security_pages)), what="preview noindex")


def test_production_is_indexable(
    target_profile: TargetProfile, security_pages: dict[str, FetchedPage], verdict: Verdict
) -> None:
    """Production does not tell search engines to go away."""
    _environment(target_profile, "production")
    verdict(checks.check_production_indexable(_pages(security_pages)), what="production noindex")


def test_production_not_protected(
    target_profile: TargetProfile, target_access: TargetAccess, evidence: Evidence, verdict: Verdict
) -> None:
    """Production is open to anonymous visitors (no protection wall)."""
    _environment(target_profile, "production")
    with target_access.client(anonymous=True) as client:  # a visitor: none of the [access] headers
        response = client.get("/")
    findings = checks.check_not_protected(response.status_code, str(response.request.url))
    if findings:
        evidence.response(response)
    verdict(findings, what="production protection")


def test_supabase_project_matches_environment(
    target_profile: TargetProfile, supabase_discovery: Discovery, verdict: Verdict
) -> None:
    """The pages use the Supabase project the profile names for this environment."""
    environment = _environment(target_profile, "production", "preview", "staging")
    named = target_profile.supabase.url
    if not named:
        pytest.skip("the profile names no [supabase] url for this environment")
    if not supabase_discovery.url:
        pytest.skip("the pages embed no Supabase project URL")
    found = checks.check_supabase_project(environment, named, supabase_discovery.url, supabase_discovery.url_source)
    verdict(found, what="Supabase project")


def test_stripe_key_matches_environment(
    target_profile: TargetProfile,
    security_pages: dict[str, FetchedPage],
    http: httpx.Client,
    base_url: str,
    verdict: Verdict,
) -> None:
    """The pages embed the Stripe key mode of their environment (live in production, test elsewhere)."""
    environment = _environment(target_profile, "production", "preview", "staging")
    texts = {path: page.html for path, page in security_pages.items() if page.html}
    scripts: list[str] = []
    for path, html in texts.items():
        scripts += same_origin_scripts(html, base_url.rstrip("/") + path, limit=MAX_SCRIPTS)
    for script in list(dict.fromkeys(scripts))[:MAX_SCRIPTS]:
        response = http.get(script)
        if response.status_code == 200:
            texts[script] = response.text
    verdict(checks.check_stripe_mode(environment, texts), what="Stripe key mode")
