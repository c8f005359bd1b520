"""pytest wiring for the smoke layer (fixtures and hooks only; logic lives in `postdeploy.checks.smoke`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

import httpx
import pytest

from postdeploy.access import TargetAccess
from postdeploy.checks.smoke import health as health_checks
from postdeploy.checks.smoke.tls import CertificateFacts, inspect
from postdeploy.findings import Finding
from postdeploy.plugins.keys import profile_for
from postdeploy.plugins.prefetching import prefetching_client
from postdeploy.plugins.smoke_prefetch import HEALTH_HEADERS, smoke_plan
from postdeploy.profile import HealthSettings, TargetProfile

T = TypeVar("T")

__all__ = ["HealthFetch", "HealthProbe", "TlsProbe", "is_https"]


def is_https(base_url: str) -> bool:
    return urlsplit(base_url).scheme == "https"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """One test per page, redirect, rewrite and cached path of the profile, each named by its path."""
    profile = profile_for(metafunc)
    caching = profile.caching
    # Every path a user lands on must end somewhere: pages and redirect sources are walked for loops.
    chain_paths = list(dict.fromkeys([r.source for r in profile.redirects] + [p.path for p in profile.pages]))
    params: dict[str, tuple[list[object], list[str], str]] = {
        "page_spec": (list(profile.pages), [p.path for p in profile.pages], "pages"),
        "redirect_spec": (list(profile.redirects), [r.source for r in profile.redirects], "redirects"),
        "rewrite_spec": (list(profile.rewrites), [r.source for r in profile.rewrites], "rewrites"),
        "chain_path": (list(chain_paths), chain_paths, "pages or redirects"),
        "static_path": (list(caching.static_paths), caching.static_paths, "caching.static_paths"),
        "api_path": (list(caching.api_paths), caching.api_paths, "caching.api_paths"),
        "html_path": (list(caching.html_paths), caching.html_paths, "caching.html_paths"),
    }
    for name, (values, ids, field) in params.items():
        if name not in metafunc.fixturenames:
            continue
        if name == "static_path" and not values and caching.discover_static:
            # "": the test finds fingerprinted assets on html_paths at run time (no network at collection).
            metafunc.parametrize(name, [""], ids=["discovered"])
            continue
        if values:
            metafunc.parametrize(name, values, ids=ids)
        else:  # one skipped test that says why, rather than pytest's "got empty parameter set"
            skip = pytest.mark.skip(reason=f"the target profile lists no {field}")
            metafunc.parametrize(name, [pytest.param(None, id="none", marks=skip)])


@pytest.fixture(scope="session")
def smoke_http(
    target_access: TargetAccess, base_url: str, target_profile: TargetProfile, request: pytest.FixtureRequest
) -> Iterator[httpx.Client]:
    """The smoke layer's client: redirects not followed, so every hop is seen.

    Certificates are not verified for plain smoke requests on purpose: the TLS checks alone judge
    the certificate, so an expired or misnamed certificate fails those checks by name instead of
    every check with a handshake error. A client that carries [access] headers verifies anyway
    (see TargetAccess.client): a secret never goes to an unverified peer.

    Before the first check uses it, the GETs of the selected checks are prefetched concurrently
    ([access] prefetch_concurrency; postdeploy.prefetch) and replayed to the identical requests."""
    verify = not is_https(base_url)
    with prefetching_client(request, target_access, target_profile, "smoke", smoke_plan, verify) as client:
        yield client


@pytest.fixture(scope="session")
def ca_bundle(target_access: TargetAccess) -> str | None:
    """The CA bundle named by the profile's env var (private CA, the demo), else None: system trust."""
    return target_access.ca_bundle


@dataclass(frozen=True)
class HealthFetch:
    response: httpx.Response
    health: health_checks.HealthReport | None
    problems: list[Finding]  # why the body is not a usable health response


class _Once:
    """A session-wide result computed on first use inside a test body, not in fixture set-up, so a
    target that never answers fails each test with one line (FAILED), not a set-up error."""

    def __init__(self) -> None:
        self._value: object = None
        self._error: BaseException | None = None
        self._done = False

    def get(self, compute: Callable[[], T]) -> T:
        if not self._done:
            try:
                self._value = compute()
            except BaseException as exc:  # transport errors, skips and fails are replayed per test
                self._error = exc
            self._done = True
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]


class HealthProbe:
    def __init__(self, client: httpx.Client, settings: HealthSettings) -> None:
        self._client, self._settings, self._once = client, settings, _Once()

    def fetch(self) -> HealthFetch:
        """The health endpoint, fetched once per run; every health check reads this one answer."""
        return self._once.get(self._fetch)

    def _fetch(self) -> HealthFetch:
        settings = self._settings
        response = self._client.get(settings.path, headers=HEALTH_HEADERS)
        content_type = response.headers.get("content-type", "")
        parsed, problems = health_checks.parse_health(response.content, content_type, settings)
        # Optional (the generic profile): a 404, or the HTML page an SPA serves for any path, means "none".
        if not settings.required and (response.status_code == 404 or (parsed is None and response.is_success)):
            pytest.skip(f"no health endpoint at {settings.path} (profile: health.required = false)")
        return HealthFetch(response, parsed, problems)


class TlsProbe:
    def __init__(self, base_url: str, ca_bundle: str | None, timeout: float) -> None:
        self._base_url, self._ca_bundle, self._timeout, self._once = base_url, ca_bundle, timeout, _Once()

    def facts(self) -> CertificateFacts:
        """The target's certificate and the verifier's verdict, read once; plain-HTTP targets skip."""
        return self._once.get(self._inspect)

    def _inspect(self) -> CertificateFacts:
        parts = urlsplit(self._base_url)
        if parts.scheme != "https":
            pytest.skip(f"TLS checks apply to https targets; {self._base_url} is plain http")
        host, port = parts.hostname or "", parts.port or 443
        try:
            return inspect(host, port, self._ca_bundle, timeout=self._timeout)
        except (OSError, ValueError) as exc:
            reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
            pytest.fail(f"TLS error: no TLS handshake with {host}:{port} ({reason})", pytrace=False)


@pytest.fixture(scope="session")
def health_probe(smoke_http: httpx.Client, target_profile: TargetProfile) -> HealthProbe:
    return HealthProbe(smoke_http, target_profile.health)


@pytest.fixture(scope="session")
def tls_probe(base_url: str, ca_bundle: str | None, target_profile: TargetProfile) -> TlsProbe:
    return TlsProbe(base_url, ca_bundle, target_profile.http_timeout_s)
