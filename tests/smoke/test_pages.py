"""Critical pages and APIs: one test per page of the profile, named by its path."""

from __future__ import annotations

import httpx

from postdeploy.checks.smoke.pages import check_page
from postdeploy.plugins.verdict import Verdict
from postdeploy.profile import PageSpec


def test_critical_page(page_spec: PageSpec, smoke_http: httpx.Client, verdict: Verdict) -> None:
    """Critical page answers as expected."""
    response = smoke_http.get(page_spec.path)
    elapsed_ms = response.elapsed.total_seconds() * 1000
    verdict(check_page(page_spec, response, elapsed_ms), response)
