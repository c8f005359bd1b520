"""The Observatory-style grade: modifiers, bonuses only from 90 up, letters."""

from __future__ import annotations

from postdeploy.checks.security.cookies import parse_set_cookie
from postdeploy.checks.security.grade import TRANSPORT_TESTS, HttpVisit, at_least, grade, letter
from postdeploy.csp import parse_header_values

CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
HEADERS = [
    ("Strict-Transport-Security", "max-age=31536000; includeSubDomains"),
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
]


def score(headers: list[tuple[str, str]], html: str | None = "<p>hi</p>", cookies: list[str] = ()) -> tuple[int, str]:  # type: ignore[assignment]
    csp = [v for k, v in headers if k == "Content-Security-Policy"]
    result = grade(
        headers,
        parse_header_values(csp),
        [parse_set_cookie(c) for c in cookies],
        page_url="https://site.example/",
        html=html,
    )
    return result.score, result.grade


def test_letters() -> None:
    assert [letter(s) for s in (135, 100, 95, 86, 80, 72, 66, 61, 55, 47, 41, 33, 26, 3)] == [
        "A+", "A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-", "F",
    ]  # fmt: skip
    assert at_least("A+", "A") and not at_least("B+", "A")


def test_strong_site_gets_bonuses() -> None:
    # csp no-unsafe +5, referrer private +5, framing via CSP +5
    assert score(HEADERS) == (115, "A+")


def test_missing_hsts_costs_20_and_removes_bonuses() -> None:
    assert score(HEADERS[1:]) == (80, "B+")


def test_unsafe_inline_and_missing_csp() -> None:
    weak = [(k, v.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")) for k, v in HEADERS]
    assert score(weak)[0] == 80
    no_csp = [(k, v) for k, v in HEADERS if k != "Content-Security-Policy"] + [("X-Frame-Options", "DENY")]
    assert score(no_csp) == (75, "B")


def test_session_cookie_without_secure_on_https() -> None:
    assert score(HEADERS, cookies=["session=1; HttpOnly; SameSite=Lax"])[0] == 90 + 15
    no_hsts = HEADERS[1:]
    assert score(no_hsts, cookies=["session=1; HttpOnly; SameSite=Lax"])[0] == 40


def test_external_scripts_without_sri() -> None:
    html = '<script src="https://cdn.example.com/lib.js"></script>'
    assert score(HEADERS, html=html)[0] == 95 + 15
    html_sri = '<script src="https://cdn.example.com/lib.js" integrity="sha384-x"></script>'
    assert score(HEADERS, html=html_sri)[0] == 100 + 20


def _origin_policy(name: str) -> str:
    import json
    from pathlib import Path

    corpus = Path(__file__).resolve().parents[1] / "data" / "csp" / "corpus.jsonl"
    return next(json.loads(line)["policy"] for line in corpus.read_text().splitlines() if name in line)


def test_origin_documents_header_sets() -> None:
    """The origin documents' next.config.js / production headers, graded as the Observatory would."""
    doc000 = [
        ("X-Frame-Options", "DENY"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "origin-when-cross-origin"),
        ("Content-Security-Policy", _origin_policy("origin-000")),
    ]
    doc001 = [*doc000[:2], ("Strict-Transport-Security", "max-age=31536000; includeSubDomains"), doc000[2]]
    doc001 += [("Content-Security-Policy", _origin_policy("origin-001"))]
    doc004 = [
        ("Strict-Transport-Security", "max-age=31536000; includeSubDomains; preload"),
        ("X-Frame-Options", "DENY"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Content-Security-Policy", _origin_policy("origin-004")),
    ]
    assert score(doc000) == (55, "C")  # unsafe-inline -20, no HSTS -20, referrer -5
    assert score(doc001) == (75, "B")  # unsafe-inline -20, referrer -5
    assert score(doc004) == (80, "B+")  # unsafe-inline -20; bonuses need 90 first


def full(headers: list[tuple[str, str]], http_visit: HttpVisit | None = None) -> dict[str, str]:
    csp = [v for k, v in headers if k == "Content-Security-Policy"]
    result = grade(
        headers, parse_header_values(csp), [], page_url="https://site.example/", html="<p>hi</p>", http_visit=http_visit
    )
    return {test: name for test, (name, _) in result.tests.items()}


def test_plain_http_fails_hsts_and_redirection_like_the_scanner() -> None:
    visit = HttpVisit([("http://site.example/", 200)])
    result = grade(
        HEADERS, parse_header_values([CSP]), [], page_url="http://site.example/", html="<p>hi</p>", http_visit=visit
    )
    assert result.tests["strict-transport-security"] == ("hsts-not-implemented-no-https", -20)
    assert result.tests["redirection"] == ("redirection-missing", -20)
    assert (result.score, result.grade) == (60, "C+")  # the bonuses need 90 first
    assert (result.without(*TRANSPORT_TESTS).score, result.without(*TRANSPORT_TESTS).grade) == (115, "A+")


def test_redirection_results() -> None:
    def redirection(*urls: str, cert_error: bool = False) -> str:
        return full(HEADERS, http_visit=HttpVisit([(u, 301) for u in urls], cert_error))["redirection"]

    assert redirection("http://site.example/", "https://site.example/") == "redirection-to-https"
    assert redirection("http://site.example/", "https://www.site.example/") == "redirection-off-host-from-http"
    assert redirection("http://site.example/", "http://www.site.example/", "https://www.site.example/") == (
        "redirection-not-to-https-on-initial-redirection"
    )
    assert redirection("http://site.example/", "http://site.example/home") == "redirection-not-to-https"
    assert redirection("http://site.example/", cert_error=True) == "redirection-invalid-cert"
    assert full(HEADERS)["redirection"] == "redirection-not-needed-no-http"


def test_scanner_specific_results() -> None:
    report_only = [
        (k if k != "Content-Security-Policy" else "Content-Security-Policy-Report-Only", v) for k, v in HEADERS
    ]
    assert full(report_only)["content-security-policy"] == "csp-not-implemented-but-reporting-enabled"
    dynamic = [(k, v.replace("script-src 'self'", "script-src 'strict-dynamic'")) for k, v in HEADERS]
    assert full(dynamic)["content-security-policy"] == "csp-header-invalid"  # strict-dynamic needs a nonce or hash
    assert full([*HEADERS, ("Cross-Origin-Resource-Policy", "same-origin")])["cross-origin-resource-policy"] == (
        "corp-implemented-with-same-origin"
    )
    assert (
        full([*HEADERS, ("Cross-Origin-Resource-Policy", "nope")])["cross-origin-resource-policy"]
        == "corp-header-invalid"
    )
    downgrade = [(k, "no-referrer-when-downgrade" if k == "Referrer-Policy" else v) for k, v in HEADERS]
    assert full(downgrade)["referrer-policy"] == "referrer-policy-unsafe"
    assert (
        full([*HEADERS[1:], ("Strict-Transport-Security", "max-age=1, max-age=2")])["strict-transport-security"]
        == "hsts-header-invalid"
    )


def test_cookie_results_keep_the_worst() -> None:
    def cookies(*values: str, hsts: bool = True) -> str:
        headers = HEADERS if hsts else HEADERS[1:]
        csp = [v for k, v in headers if k == "Content-Security-Policy"]
        result = grade(headers, parse_header_values(csp), [parse_set_cookie(v) for v in values],
                       page_url="https://site.example/", html=None)  # fmt: skip
        return result.tests["cookies"][0]

    assert cookies("a=1; Secure; SameSite=Lax") == "cookies-secure-with-httponly-sessions-and-samesite"
    assert cookies("a=1; Secure") == "cookies-secure-with-httponly-sessions"
    assert cookies("a=1") == "cookies-without-secure-flag-but-protected-by-hsts"
    assert cookies("a=1", hsts=False) == "cookies-without-secure-flag"
    assert cookies("csrftoken=1; Secure") == "cookies-anticsrf-without-samesite-flag"
    assert cookies("a=1; Secure; SameSite=Bogus") == "cookies-samesite-flag-invalid"
    assert cookies("a=1; SameSite=None; Secure", "sessionid=1; Secure") == "cookies-session-without-httponly-flag"
    assert cookies("a=1; Secure", "login=1; HttpOnly", hsts=False) == "cookies-session-without-secure-flag"
