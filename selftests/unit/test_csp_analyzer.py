"""The CSP analyzer: CSP Evaluator's checks, nonce/strict-dynamic neutralisation, delivery findings."""

from __future__ import annotations

import pytest

from postdeploy.csp import analyze, parse_header_values, parse_policy
from postdeploy.csp.bypasses import match_bypass, user_content_host
from postdeploy.findings import Finding, Severity


def findings(policy: str, delivery: str = "header", https: bool = True) -> list[Finding]:
    return analyze(parse_header_values([policy], delivery), https=https)  # type: ignore[arg-type]


def ids(policy: str, minimum: Severity = Severity.LOW, **kwargs: object) -> set[tuple[str, str]]:
    return {(f.id, f.subject) for f in findings(policy, **kwargs) if f.severity >= minimum}  # type: ignore[arg-type]


STRONG = "default-src 'none'; script-src 'nonce-rAnd0m123' 'strict-dynamic'; object-src 'none'; base-uri 'none'"


def test_a_strict_nonce_policy_has_nothing_at_or_above_low() -> None:
    assert ids(STRONG) == set()


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ("script-src 'self' 'unsafe-inline'; object-src 'none'", ("csp.unsafe-inline", "script-src")),
        ("default-src 'unsafe-inline'", ("csp.unsafe-inline", "default-src")),
        ("script-src 'self' 'unsafe-eval'; object-src 'none'", ("csp.unsafe-eval", "script-src")),
        ("script-src 'self' *; object-src 'none'", ("csp.wildcard", "script-src")),
        ("script-src https:; object-src 'none'", ("csp.plain-scheme", "script-src")),
        ("script-src 'self'; object-src data:", ("csp.plain-scheme", "object-src")),
        ("script-src 'self'", ("csp.object-src-missing", "object-src")),
        ("object-src 'none'", ("csp.script-src-missing", "script-src")),
        ("script-src 'nonce-abcdefgh1234'; object-src 'none'", ("csp.base-uri-missing", "base-uri")),
        ("script-src https://ajax.googleapis.com; object-src 'none'", ("csp.allowlist-bypass", "script-src")),
        ("script-src *.vercel.app; object-src 'none'", ("csp.user-content-host", "script-src")),
        ("script-src 'nonce-abc'; object-src 'none'; base-uri 'none'", ("csp.nonce-short", "script-src")),
        ("script-src 'self' http://cdn.example.com; object-src 'none'", ("csp.http-source", "script-src")),
        ("script-src self; object-src 'none'", ("csp.invalid-keyword", "script-src")),
        ("script-src 'self' object-src 'none'", ("csp.missing-semicolon", "script-src")),
        ("scirpt-src 'self'; default-src 'self'", ("csp.unknown-directive", "scirpt-src")),
    ],
)
def test_each_weakness_is_reported_by_id_and_directive(policy: str, expected: tuple[str, str]) -> None:
    assert expected in ids(policy, Severity.MEDIUM)


def test_nonce_neutralises_unsafe_inline_and_strict_dynamic_drops_the_allowlist() -> None:
    found = findings(
        "script-src 'nonce-rAnd0m123' 'unsafe-inline' 'strict-dynamic' https: *.vercel.app; "
        "object-src 'none'; base-uri 'none'"
    )
    by_id = {f.id for f in found if f.severity >= Severity.LOW}
    assert by_id == set()
    ignored = {
        (f.id, f.evidence["value"])
        for f in found
        if f.id in ("csp.unsafe-inline-ignored", "csp.ignored-by-strict-dynamic")
    }
    assert ("csp.unsafe-inline-ignored", "'unsafe-inline'") in ignored
    assert ("csp.ignored-by-strict-dynamic", "*.vercel.app") in ignored


def test_jsonp_endpoints_needing_eval_only_count_with_unsafe_eval() -> None:
    without = ids("script-src https://www.google-analytics.com; object-src 'none'", Severity.HIGH)
    with_eval = ids("script-src https://www.google-analytics.com 'unsafe-eval'; object-src 'none'", Severity.HIGH)
    assert ("csp.allowlist-bypass", "script-src") not in without
    assert ("csp.allowlist-bypass", "script-src") in with_eval


def test_style_unsafe_inline_is_low_and_separate_from_scripts() -> None:
    found = [f for f in findings("default-src 'self'; style-src 'self' 'unsafe-inline'") if f.id == "csp.unsafe-inline"]
    assert [(f.subject, f.severity) for f in found] == [("style-src", Severity.LOW)]


def test_report_only_is_not_enforcing_and_its_findings_are_info() -> None:
    found = findings("script-src *", delivery="report-only")
    assert [f.id for f in found if f.severity >= Severity.MEDIUM] == ["csp.report-only"]
    assert any(f.id == "csp.wildcard" and f.severity == Severity.INFO for f in found)


def test_no_policy_at_all_is_high() -> None:
    assert [(f.id, f.severity) for f in analyze([])] == [("csp.missing", Severity.HIGH)]


def test_meta_policy_flags_header_only_directives() -> None:
    found = ids("default-src 'self'; frame-ancestors 'none'; sandbox", delivery="meta")
    assert {("csp.meta-ignored-directive", "frame-ancestors"), ("csp.meta-ignored-directive", "sandbox")} <= found


def test_a_second_enforced_policy_closes_a_weakness() -> None:
    found = ids("script-src 'unsafe-inline' 'self', script-src 'self'; object-src 'none'", Severity.MEDIUM)
    assert ("csp.unsafe-inline", "script-src") not in found


def test_http_sources_are_no_finding_on_a_plain_http_page() -> None:
    policy = "default-src 'self'; form-action 'self' http://127.0.0.1:8001"
    assert ("csp.http-source", "form-action") in ids(policy, Severity.MEDIUM)
    assert ("csp.http-source", "form-action") not in ids(policy, Severity.MEDIUM, https=False)


def test_ip_sources_are_informational() -> None:
    found = [f for f in findings("default-src 'self'; img-src 10.0.0.1 https://[::1]") if f.id == "csp.ip-source"]
    assert [f.severity for f in found] == [Severity.INFO, Severity.INFO]


def test_duplicates_are_reported() -> None:
    assert ("csp.duplicate-directive", "script-src") in ids("script-src 'self'; script-src *; object-src 'none'")


def test_bypass_matching_follows_csp_evaluator() -> None:
    assert match_bypass("*.googleapis.com", "angular") == "ajax.googleapis.com"
    assert match_bypass("https://ajax.googleapis.com/ajax/libs/", "angular") == "ajax.googleapis.com"
    assert match_bypass("https://ajax.googleapis.com/other/", "angular") is None
    assert match_bypass("example.com", "jsonp") is None
    assert user_content_host("https://*.vercel.app") == "vercel.app"
    assert user_content_host("my-app.vercel.app") is None  # one named deployment is the team's own


def test_policy_serializes_back() -> None:
    assert parse_policy("default-src 'self';  object-src 'none'").serialize() == "default-src 'self'; object-src 'none'"
