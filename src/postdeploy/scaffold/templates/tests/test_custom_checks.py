"""Your own post-deploy checks, run beside postdeploy's: `pytest -m smoke --base-url=…` runs both.

postdeploy's fixtures are there for you: `http` (an httpx client bound to --base-url, with the
profile's auth header and certificate trust; redirects are not followed unless you ask),
`target_profile` (your profile, loaded), `evidence` (attach redacted evidence to the report) and
`base_url`. Mark a check with the layer it belongs to (smoke, security, e2e, perf).
"""

from __future__ import annotations

import re

import httpx
import pytest

from postdeploy.evidence import Evidence
from postdeploy.profile import TargetProfile


@pytest.mark.smoke
def test_home_page_names_the_site(http: httpx.Client, target_profile: TargetProfile, evidence: Evidence) -> None:
    """The first critical page has a <title>: without one, search results and shared links go blank."""
    path = target_profile.pages[0].path if target_profile.pages else "/"
    response = http.get(path, follow_redirects=True)
    evidence.response(response, name=f"GET {path}")
    assert response.status_code == 200, f"{path} answered HTTP {response.status_code}"
    title = re.search(r"<title[^>]*>([^<]*)</title>", response.text, re.IGNORECASE)
    assert title and title.group(1).strip(), f"{path} has no <title> (or an empty one)"
