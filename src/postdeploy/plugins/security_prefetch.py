"""The security layer's prefetch plan for the shared `http` client: the GETs its selected checks make
with no header of their own (pages and API routes, the CSP nonce re-fetch, exposed-file paths,
directory listings). Probes with headers of their own, POSTs and fresh clients are not planned."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from postdeploy.prefetch import PlannedFetch
from postdeploy.profile import TargetProfile

__all__ = ["security_plan"]


def _get(path: str) -> PlannedFetch:
    return lambda client: client.get(path)


def _name(item: pytest.Item) -> str:
    return getattr(item, "originalname", "")


def security_plan(items: Sequence[pytest.Item], profile: TargetProfile, base_url: str) -> list[PlannedFetch]:
    """One GET per request the selected security tests will make on `http` (base_url: unused, the
    client resolves paths)."""
    settings = profile.security
    selected = [item for item in items if item.get_closest_marker("security") is not None]
    paths: list[str] = []
    if any("security_pages" in getattr(item, "fixturenames", ()) for item in selected):
        paths += dict.fromkeys([*settings.pages, *settings.api_routes])
    names = {_name(item) for item in selected}
    if "test_csp_nonce_not_static" in names:  # fetches the first two HTML pages again
        paths += settings.pages[:2]
    if "test_no_directory_listing" in names:
        paths += settings.directory_paths
    for item in selected:
        callspec = getattr(item, "callspec", None)
        if _name(item) == "test_sensitive_path_not_exposed" and callspec is not None:
            paths.append(str(callspec.params["path"]))
    return [_get(path) for path in paths]
