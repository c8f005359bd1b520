"""Redirects (kind and exact location), rewrites (same content, no redirect), no redirect loops."""

from __future__ import annotations

import httpx

from postdeploy.checks.smoke.redirects import MAX_HOPS, check_chain, check_redirect, check_rewrite, follow_chain
from postdeploy.evidence import Evidence
from postdeploy.plugins.verdict import Verdict
from postdeploy.profile import RedirectSpec, RewriteSpec


def test_redirect(redirect_spec: RedirectSpec, smoke_http: httpx.Client, verdict: Verdict) -> None:
    """Redirect has the declared kind and location."""
    response = smoke_http.get(redirect_spec.source)
    verdict(check_redirect(redirect_spec, response), response)


def test_rewrite(rewrite_spec: RewriteSpec, smoke_http: httpx.Client, verdict: Verdict) -> None:
    """Rewrite serves the destination without redirecting."""
    source = smoke_http.get(rewrite_spec.source)
    destination = smoke_http.get(rewrite_spec.destination)
    findings = check_rewrite(rewrite_spec.source, rewrite_spec.destination, source, destination)
    verdict(findings, source, destination)


def test_no_redirect_loop(chain_path: str, smoke_http: httpx.Client, evidence: Evidence, verdict: Verdict) -> None:
    """No redirect loop."""
    hops = follow_chain(smoke_http, chain_path, MAX_HOPS)
    if len(hops) > 1:
        evidence.json("redirect chain", [{"url": h.url, "status": h.status, "location": h.location} for h in hops])
    verdict(check_chain(chain_path, hops, MAX_HOPS))
