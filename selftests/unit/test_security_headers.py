"""Header checks on saved header lists: HSTS parsing, framing, nosniff, referrer, leaks, COOP/COEP/CORP."""

from __future__ import annotations

import pytest

from postdeploy.checks.security import headers as h
from postdeploy.checks.security.accept import split_accepted
from postdeploy.csp import parse_header_values
from postdeploy.findings import Finding, Severity
from postdeploy.profile import AcceptedFinding

GOOD = [
    ("Strict-Transport-Security", "max-age=31536000; includeSubDomains; preload"),
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Permissions-Policy", "camera=()"),
]


def ids(found: list[Finding]) -> list[str]:
    return [f.id for f in found]


def test_good_headers_have_no_findings() -> None:
    assert h.check_hsts(GOOD, "/") == []
    assert h.check_framing(GOOD, [], "/") == []
    assert h.check_nosniff(GOOD, "/") == []
    assert h.check_referrer_policy(GOOD, "/") == []
    assert h.check_permissions_policy(GOOD, "/") == []
    assert h.check_information_leaks([*GOOD, ("Server", "uvicorn")], "/") == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("max-age=300", ["headers.hsts-short", "headers.hsts-no-subdomains"]),
        ("max-age=31536000", ["headers.hsts-no-subdomains"]),
        ("includeSubDomains", ["headers.hsts-invalid"]),
        ("max-age=abc; includeSubDomains", ["headers.hsts-invalid"]),
        ("max-age=1; max-age=31536000; includeSubDomains", ["headers.hsts-invalid"]),
        ('max-age="31536000"; includeSubDomains; preload', []),
        ("max-age=15552000; includeSubDomains; preload", ["headers.hsts-preload-ineligible"]),
    ],
)
def test_hsts_values(value: str, expected: list[str]) -> None:
    assert ids(h.check_hsts([("strict-transport-security", value)], "/")) == expected


def test_hsts_missing_and_duplicated() -> None:
    assert ids(h.check_hsts([], "/")) == ["headers.hsts-missing"]
    twice = [("strict-transport-security", "max-age=31536000; includeSubDomains")] * 2
    assert ids(h.check_hsts(twice, "/")) == ["headers.hsts-duplicate"]


def test_frame_ancestors_replaces_x_frame_options() -> None:
    policies = parse_header_values(["default-src 'self'; frame-ancestors 'none'"])
    assert h.check_framing([], policies, "/") == []
    assert ids(h.check_framing([], [], "/")) == ["headers.frame-options-missing"]
    meta = parse_header_values(["frame-ancestors 'none'"], "meta")
    assert ids(h.check_framing([], meta, "/")) == ["headers.frame-options-missing"]  # ignored in <meta>
    assert ids(h.check_framing([("X-Frame-Options", "ALLOWALL")], [], "/")) == ["headers.frame-options-invalid"]
    open_policy = parse_header_values(["frame-ancestors *"])
    assert ids(h.check_framing([("X-Frame-Options", "DENY")], open_policy, "/")) == ["headers.frame-ancestors-open"]


def test_referrer_policy_last_valid_token_wins() -> None:
    assert h.referrer_policy([("Referrer-Policy", "no-referrer, unsafe-url")])[0] == "unsafe-url"
    assert h.referrer_policy([("Referrer-Policy", "unsafe-url, bogus")])[0] == "unsafe-url"
    unsafe = h.check_referrer_policy([("Referrer-Policy", "unsafe-url")], "/")
    assert [(f.id, f.severity) for f in unsafe] == [("headers.referrer-unsafe", Severity.MEDIUM)]
    origin = h.check_referrer_policy([("Referrer-Policy", "origin-when-cross-origin")], "/")
    assert [(f.id, f.severity) for f in origin] == [("headers.referrer-unsafe", Severity.LOW)]
    assert ids(h.check_referrer_policy([("Referrer-Policy", "nonsense")], "/")) == ["headers.referrer-invalid"]


def test_leaks() -> None:
    leaky = [("X-Powered-By", "Next.js"), ("Server", "nginx/1.25.3"), ("X-AspNet-Version", "4.0.30319")]
    assert ids(h.check_information_leaks(leaky, "/")) == [
        "headers.powered-by",
        "headers.server-version",
        "headers.debug-header",
    ]


def test_nosniff_invalid() -> None:
    assert ids(h.check_nosniff([("X-Content-Type-Options", "sniff")], "/")) == ["headers.nosniff-invalid"]


def test_cross_origin_headers_only_when_asked() -> None:
    assert h.check_cross_origin_isolation([], "/", coop=False, coep=False, corp=False) == []
    found = h.check_cross_origin_isolation([], "/", coop=True, coep=True, corp=False)
    assert ids(found) == ["headers.coop-missing", "headers.coep-missing"]
    bad = h.check_cross_origin_isolation(
        [("Cross-Origin-Opener-Policy", "yes")], "/", coop=True, coep=False, corp=False
    )
    assert ids(bad) == ["headers.coop-invalid"]


def test_accepting_by_id_and_subject() -> None:
    style = Finding("csp.unsafe-inline", Severity.LOW, "", subject="style-src")
    script = Finding("csp.unsafe-inline", Severity.HIGH, "", subject="script-src")
    kept, waived = split_accepted([style, script], [AcceptedFinding(id="csp.unsafe-inline", subject="style-src")])
    assert (kept, waived) == ([script], [style])
    kept, waived = split_accepted([style, script], [AcceptedFinding(id="csp.*")])
    assert kept == [] and len(waived) == 2
