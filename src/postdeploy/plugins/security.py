"""pytest wiring for the security layer (fixtures and hooks only; logic lives in the core library)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx
import pytest

from postdeploy.csp.parser import Policy, policies_of
from postdeploy.findings import Severity
from postdeploy.plugins.keys import profile_for
from postdeploy.plugins.prefetching import HTTP_PLANNERS_KEY
from postdeploy.plugins.security_prefetch import security_plan
from postdeploy.profile import SecuritySettings, TargetProfile
from postdeploy.redact import Redactor

if TYPE_CHECKING:
    from postdeploy.checks.security.supabase import Discovery

FAIL_AT = Severity.MEDIUM


@dataclass(frozen=True)
class FetchedPage:
    """One page or API route as the security checks see it: headers, HTML, and the policies it delivers."""

    path: str
    response: httpx.Response
    headers: list[tuple[str, str]]
    html: str | None
    policies: list[Policy]


def pytest_configure(config: pytest.Config) -> None:
    # The shared `http` client prefetches the GETs the selected security checks will make on it.
    config.stash.setdefault(HTTP_PLANNERS_KEY, []).append(security_plan)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Tests that lock the client out (login rate limit) go last, so nothing after them is refused.
    last = [i for i in items if getattr(getattr(i, "module", None), "RUN_LAST", False)]
    if last:
        items[:] = [i for i in items if i not in last] + last


@pytest.fixture(scope="session")
def security_settings(target_profile: TargetProfile) -> SecuritySettings:
    return target_profile.security


@pytest.fixture(scope="session")
def target_is_https(base_url: str) -> bool:
    return base_url.startswith("https://")


def fetch_page(http: httpx.Client, path: str) -> FetchedPage:
    response = http.get(path)
    headers = response.headers.multi_items()
    is_html = "html" in response.headers.get("content-type", "")
    html = response.text if is_html else None
    return FetchedPage(path, response, headers, html, policies_of(headers, html))


@pytest.fixture(scope="session")
def security_pages(http: httpx.Client, security_settings: SecuritySettings) -> dict[str, FetchedPage]:
    """Every page and API route the profile names, fetched once for all header and CSP checks."""
    paths = list(dict.fromkeys([*security_settings.pages, *security_settings.api_routes]))
    return {path: fetch_page(http, path) for path in paths}


@pytest.fixture(scope="session")
def supabase_discovery(
    http: httpx.Client,
    security_pages: dict[str, FetchedPage],
    target_profile: TargetProfile,
    target_env: Mapping[str, str],
    base_url: str,
    redactor: Redactor,
) -> Discovery:
    """The Supabase project URL and key the pages and their scripts embed, read once per run (the
    exposure audit and the environment invariants both need it). The key is given to the redactor."""
    from postdeploy.checks.security import supabase

    pages = {path: page.html for path, page in security_pages.items() if page.html}
    settings = target_profile.supabase
    found = supabase.discover(supabase.page_sources(http, pages, base_url, settings.max_scripts))
    redactor.add(*(key for key in (found.key, target_env.get(settings.anon_key_env)) if key))
    return found


def settings_of(metafunc: pytest.Metafunc) -> SecuritySettings:
    """The security section at collection time, for parametrizing tests by the profile's routes."""
    return profile_for(metafunc).security
