"""The CSP parser: directive case, duplicates, comma-joined and multiple headers, Report-Only, <meta>."""

from __future__ import annotations

from postdeploy.csp import meta_policies, parse_header_values, parse_policy, policies_of


def test_names_and_keywords_are_case_insensitive_hosts_keep_case() -> None:
    policy = parse_policy("Script-SRC 'SELF' 'Unsafe-Inline' HTTPS: https://CDN.example.com/Path")
    assert policy.directives == {"script-src": ["'self'", "'unsafe-inline'", "https:", "https://CDN.example.com/Path"]}


def test_first_occurrence_wins_and_repeats_are_recorded() -> None:
    policy = parse_policy("script-src 'self'; script-src *; object-src 'none';;")
    assert policy.directives["script-src"] == ["'self'"]
    assert policy.duplicates == ["script-src"]


def test_comma_joined_and_repeated_headers_are_separate_policies() -> None:
    policies = parse_header_values(["script-src 'self', object-src 'none'", "default-src 'none'"])
    assert [list(p.directives) for p in policies] == [["script-src"], ["object-src"], ["default-src"]]


def test_report_only_and_meta_are_told_apart() -> None:
    headers = [
        ("Content-Security-Policy-Report-Only", "script-src 'none'"),
        ("content-security-policy", "default-src 'self'"),
    ]
    html = '<html><head><META HTTP-EQUIV="content-security-policy" content="img-src \'self\'"></head></html>'
    policies = policies_of(headers, html)
    assert [(p.delivery, p.enforced) for p in policies] == [("header", True), ("report-only", False), ("meta", True)]


def test_meta_policies_ignore_other_meta_tags() -> None:
    html = (
        '<meta charset="utf-8"><meta http-equiv="refresh" content="5">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'
    )
    assert [p.directives for p in meta_policies(html)] == [{"default-src": ["'none'"]}]


def test_effective_directive_falls_back_like_a_browser() -> None:
    policy = parse_policy("default-src 'self'; script-src 'none'")
    assert policy.effective_directive("script-src-elem") == "script-src"
    assert policy.effective_directive("img-src") == "default-src"
    assert policy.effective_directive("base-uri") == "base-uri"  # not a fetch directive: no fallback
