"""TLS checks on generated certificates: hostname, chain verdict, expiry thresholds."""

from __future__ import annotations

import datetime as dt

import pytest

from postdeploy.checks.smoke.tls import check_chain, check_expiry, check_hostname, facts_from_der, hostname_matches
from selftests.smoke.certs import issue, make_ca


@pytest.fixture(scope="module")
def ca():  # type: ignore[no-untyped-def]
    return make_ca()


def test_hostname_matching_rules() -> None:
    assert hostname_matches("shop.example.com", ["shop.example.com"], [])
    assert hostname_matches("shop.example.com", ["*.example.com"], [])
    assert not hostname_matches("a.shop.example.com", ["*.example.com"], [])
    assert not hostname_matches("example.com", ["*.example.com"], [])
    assert hostname_matches("127.0.0.1", [], ["127.0.0.1"])
    assert not hostname_matches("127.0.0.1", ["127.0.0.1"], [])  # an IP must be an IP SAN


def test_valid_certificate_passes(ca) -> None:  # type: ignore[no-untyped-def]
    facts = facts_from_der("127.0.0.1", issue(ca, ["localhost", "127.0.0.1"]).der, None, "ca.pem")
    assert check_hostname(facts) == [] and check_chain(facts) == []
    assert check_expiry(facts, warn_days=30, fail_days=7) == []


def test_wrong_host_names_what_it_covers(ca) -> None:  # type: ignore[no-untyped-def]
    facts = facts_from_der("127.0.0.1", issue(ca, ["wrong.example"]).der, None, "system")
    (finding,) = check_hostname(facts)
    assert finding.id == "tls.hostname-mismatch" and "wrong.example" in finding.message


def test_expiry_thresholds(ca) -> None:  # type: ignore[no-untyped-def]
    expired = facts_from_der("h", issue(ca, ["h"], -60, -2).der, "certificate has expired", "system")
    (finding,) = check_expiry(expired, 30, 7)
    assert finding.id == "tls.expired" and "expired 2 day(s) ago" in finding.message
    assert check_chain(expired) == []  # the verifier's "expired" is the expiry check's to report
    soon = facts_from_der("h", issue(ca, ["h"], -60, 3).der, None, "system")
    assert [f.id for f in check_expiry(soon, 30, 7)] == ["tls.expiring"]
    warn = facts_from_der("h", issue(ca, ["h"], -60, 20).der, None, "system")
    (warning,) = check_expiry(warn, 30, 7)
    assert warning.id == "tls.expiring-soon" and warning.severity.label == "low"
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=100)
    assert [f.id for f in check_expiry(warn, 30, 7, now=later)] == ["tls.expired"]


def test_untrusted_chain(ca) -> None:  # type: ignore[no-untyped-def]
    facts = facts_from_der("h", issue(ca, ["h"]).der, "unable to get local issuer certificate", "system")
    (finding,) = check_chain(facts)
    assert finding.id == "tls.untrusted-chain" and "local issuer" in finding.message
