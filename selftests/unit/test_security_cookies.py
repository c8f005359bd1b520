"""Cookie parsing and flags: HttpOnly on sessions, Secure on https, SameSite, prefixes, broad Domain."""

from __future__ import annotations

from postdeploy.checks.security.cookies import check_cookies, parse_set_cookie


def ids(headers: list[str], https: bool = True) -> list[tuple[str, str]]:
    _, found = check_cookies(headers, https=https, host="app.example.com", session_names=[])
    return [(f.id, f.subject) for f in found]


def test_parse_keeps_flags_not_values() -> None:
    cookie = parse_set_cookie("sm_session=s3cr3t.sig; Path=/; HttpOnly; SameSite=Lax; Secure")
    assert (cookie.name, cookie.secure, cookie.httponly, cookie.samesite, cookie.path) == (
        "sm_session",
        True,
        True,
        "Lax",
        "/",
    )
    assert "s3cr3t" not in repr(cookie)


def test_a_good_session_cookie_is_clean() -> None:
    assert ids(["sessionid=x; Path=/; HttpOnly; Secure; SameSite=Lax"]) == []


def test_insecure_session_cookie() -> None:
    assert ids(["sessionid=x; Path=/"]) == [
        ("cookies.httponly-missing", "sessionid"),
        ("cookies.secure-missing", "sessionid"),
        ("cookies.samesite-missing", "sessionid"),
    ]


def test_secure_is_not_judged_on_plain_http() -> None:
    assert ids(["sessionid=x; HttpOnly; SameSite=Lax"], https=False) == []


def test_samesite_none_needs_secure_and_prefix_rules() -> None:
    assert ids(["pref=1; SameSite=None"], https=False) == [("cookies.samesite-none-insecure", "pref")]
    assert ("cookies.prefix-invalid", "__Host-id") in ids(
        ["__Host-id=1; Secure; Path=/; Domain=app.example.com; SameSite=Lax"]
    )
    assert ("cookies.prefix-invalid", "__Secure-id") in ids(["__Secure-id=1; SameSite=Lax"], https=False)


def test_broad_domain() -> None:
    assert ids(["theme=dark; Secure; SameSite=Lax; Domain=.example.com"]) == [("cookies.domain-broad", "theme")]
