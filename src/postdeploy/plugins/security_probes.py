"""pytest wiring for the security probes that send many requests: the scripts the site ships
(fetched once per run) and a client with its own cookie jar for probes that log in."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from postdeploy.access import TargetAccess
from postdeploy.checks.security.scripts import ScriptInventory, collect_scripts
from postdeploy.plugins.security import FetchedPage
from postdeploy.profile import SecuritySettings


@pytest.fixture(scope="session")
def client_scripts(
    http: httpx.Client, security_pages: dict[str, FetchedPage], security_settings: SecuritySettings, base_url: str
) -> ScriptInventory:
    """The pages' scripts, the build manifest's and webpack runtime's chunks, and the profile's
    script_paths: fetched concurrently through the run's client (thread-safe), a bounded number at once."""
    pages = {path: page.html for path, page in security_pages.items() if page.html}
    return collect_scripts(
        http.get,
        pages,
        base_url,
        extra_paths=security_settings.script_paths,
        max_scripts=security_settings.max_scripts,
        concurrency=security_settings.fetch_concurrency,
    )


@pytest.fixture
def own_jar_client(target_access: TargetAccess) -> Iterator[httpx.Client]:
    """A client like the run's (postdeploy.access) with a cookie jar of its own: a probe that logs
    in leaves no session behind for the checks after it."""
    with target_access.client() as client:
        yield client
