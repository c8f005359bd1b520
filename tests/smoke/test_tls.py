"""TLS of an HTTPS target: certificate valid for the host, chain trusted, expiry far enough; HTTP → HTTPS."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import pytest

from postdeploy.access import TargetAccess
from postdeploy.checks.smoke import tls
from postdeploy.checks.smoke.redirects import check_https_redirect
from postdeploy.plugins.smoke import TlsProbe, is_https
from postdeploy.plugins.verdict import Verdict
from postdeploy.profile import TargetProfile


def test_certificate_hostname(tls_probe: TlsProbe, verdict: Verdict) -> None:
    """Certificate is valid for the host."""
    verdict(tls.check_hostname(tls_probe.facts()))


def test_certificate_chain(tls_probe: TlsProbe, verdict: Verdict) -> None:
    """Certificate chain is trusted."""
    verdict(tls.check_chain(tls_probe.facts()))


def test_certificate_expiry(tls_probe: TlsProbe, target_profile: TargetProfile, verdict: Verdict) -> None:
    """Certificate expires far enough ahead."""
    settings = target_profile.tls
    verdict(tls.check_expiry(tls_probe.facts(), settings.warn_days, settings.fail_days))


def test_http_redirects_to_https(
    base_url: str, target_profile: TargetProfile, target_access: TargetAccess, verdict: Verdict
) -> None:
    """Plain HTTP redirects to HTTPS."""
    if not is_https(base_url):
        pytest.skip(f"HTTP → HTTPS applies to https targets; {base_url} is plain http")
    url = target_profile.tls.http_url
    if url == "":
        pytest.skip("profile tls.http_url is empty: no plain-HTTP listener to check")
    parts = urlsplit(base_url)
    if url is None:
        if parts.port not in (None, 443):
            pytest.skip(f"{base_url} uses port {parts.port}: set tls.http_url to the plain-HTTP URL to check")
        url = urlunsplit(("http", parts.hostname or "", "/", "", ""))
    # The plain-HTTP origin is not the target's origin: no [access] header ever goes over it.
    with target_access.client(base_url=url) as client:
        response = client.get(url)
    verdict(check_https_redirect(response), response)
