"""The logic that used to live in the check modules of tests/, now pure functions in checks/."""

from __future__ import annotations

import httpx

from postdeploy.checks.security.methods import response_showing
from postdeploy.checks.security.nonces import check_static_nonces, script_nonces
from postdeploy.checks.smoke.health import check_health_latency
from postdeploy.checks.smoke.sitemap import MAX_CHILD_SITEMAPS, walk_index
from postdeploy.csp.parser import policies_of

URLSET = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>/a</loc></url></urlset>'


def test_health_latency_over_the_limit_is_a_high_finding() -> None:
    assert check_health_latency(499.0, 500) == []
    [finding] = check_health_latency(812.4, 500)
    assert finding.id == "health.slow" and finding.severity.label == "high" and "812 ms, over 500 ms" in finding.message


def test_nonces_are_read_from_script_src_and_a_repeated_one_is_static() -> None:
    first = script_nonces(policies_of([("content-security-policy", "script-src 'nonce-abc' 'self'")], ""))
    second = script_nonces(
        policies_of([("content-security-policy", "default-src 'nonce-xyz'; script-src 'nonce-abc'")], "")
    )
    assert first == {"abc"} and second == {"abc"}
    [finding] = check_static_nonces("/", first, second)
    assert finding.id == "csp.static-nonce" and finding.evidence == {"path": "/", "nonce_length": 3}
    assert "abc" not in finding.message
    assert check_static_nonces("/", {"abc"}, {"def"}) == []


def test_the_method_finding_points_at_its_own_response() -> None:
    trace, options = httpx.Response(200), httpx.Response(204)
    assert response_showing("methods.trace-enabled", [trace, options]) is trace
    assert response_showing("methods.options-unexpected", [trace, options]) is options


def test_a_sitemap_index_is_walked_one_level() -> None:
    answers = {"/s1.xml": (200, URLSET), "/gone.xml": (404, b""), "/junk.xml": (200, b"not xml")}
    urls = walk_index(lambda url: answers[url], ["/root"], ["/s1.xml", "/gone.xml", "/junk.xml"])
    assert urls == ["/root", "/a", "/junk.xml"]  # a child that is no sitemap is swept as a URL
    fetched: list[str] = []
    walk_index(lambda url: (fetched.append(url), (404, b""))[1], [], [f"/{i}.xml" for i in range(50)])
    assert len(fetched) == MAX_CHILD_SITEMAPS
