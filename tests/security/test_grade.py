"""An Observatory-style grade for the first page, in the report and held to the profile's minimum."""

from __future__ import annotations

import httpx
import pytest

from postdeploy.checks.security.cookies import parse_set_cookie
from postdeploy.checks.security.cors import PROBE_ORIGIN
from postdeploy.checks.security.grade import at_least, grade
from postdeploy.evidence import Evidence
from postdeploy.plugins.security import FetchedPage
from postdeploy.profile import SecuritySettings


def test_observatory_grade(
    security_pages: dict[str, FetchedPage],
    security_settings: SecuritySettings,
    http: httpx.Client,
    base_url: str,
    evidence: Evidence,
) -> None:
    page = security_pages[security_settings.pages[0]]
    probe = http.get(page.path, headers={"Origin": PROBE_ORIGIN})
    result = grade(
        page.headers,
        page.policies,
        [parse_set_cookie(v) for v in page.response.headers.get_list("set-cookie")],
        page_url=base_url.rstrip("/") + page.path,
        html=page.html,
        cors_headers=probe.headers.multi_items(),
        probe_origin=PROBE_ORIGIN,
        session_cookie_names=security_settings.session_cookies,
    )
    evidence.json(f"grade {result.grade} ({result.score})", result.as_dict())
    minimum = security_settings.min_grade
    if minimum and not at_least(result.grade, minimum):
        penalties = ", ".join(f"{name} {points}" for name, points in result.modifiers.items() if points < 0)
        pytest.fail(
            f"grade {result.grade} (score {result.score}) is below the profile's minimum {minimum}: {penalties}",
            pytrace=False,
        )
