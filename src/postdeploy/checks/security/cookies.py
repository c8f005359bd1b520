"""Cookie flags: Secure, HttpOnly on session cookies, SameSite, __Host-/__Secure- prefixes, broad Domain."""

from __future__ import annotations

from dataclasses import dataclass

from postdeploy.findings import Finding, Severity

SESSION_HINTS = ("sess", "sid", "auth", "token", "login", "jwt")


@dataclass(frozen=True)
class SetCookie:
    name: str
    secure: bool = False
    httponly: bool = False
    samesite: str | None = None
    domain: str | None = None
    path: str | None = None
    raw_attributes: tuple[str, ...] = ()


def parse_set_cookie(header: str) -> SetCookie:
    """One Set-Cookie header value (RFC 6265 §5.2); the cookie value itself is never kept."""
    first, *attributes = header.split(";")
    name = first.split("=", 1)[0].strip()
    flags: dict[str, str | None] = {}
    for attribute in attributes:
        key, sep, value = attribute.strip().partition("=")
        flags[key.strip().lower()] = value.strip() if sep else None
    return SetCookie(
        name=name,
        secure="secure" in flags,
        httponly="httponly" in flags,
        samesite=flags.get("samesite") if "samesite" in flags else None,
        domain=flags.get("domain"),
        path=flags.get("path"),
        raw_attributes=tuple(sorted(k for k in flags)),
    )


def is_session_cookie(name: str, configured: list[str]) -> bool:
    if configured:
        return name in configured
    return any(hint in name.lower() for hint in SESSION_HINTS)


def _finding(id: str, severity: Severity, message: str, cookie: SetCookie) -> Finding:
    evidence = {"cookie": cookie.name, "attributes": list(cookie.raw_attributes)}
    return Finding(id, severity, f"cookie {cookie.name}: {message}", evidence, subject=cookie.name)


def check_cookie(cookie: SetCookie, *, session: bool, https: bool, host: str) -> list[Finding]:
    findings: list[Finding] = []
    if session and not cookie.httponly:
        findings.append(
            _finding(
                "cookies.httponly-missing",
                Severity.HIGH,
                "session cookie without HttpOnly: scripts can steal it",
                cookie,
            )
        )
    # Over plain http a Secure cookie is not stored at all, so Secure is only judged on https targets.
    if https and not cookie.secure:
        severity = Severity.HIGH if session else Severity.MEDIUM
        findings.append(
            _finding("cookies.secure-missing", severity, "without Secure: sent over plain http too", cookie)
        )
    samesite = (cookie.samesite or "").lower()
    if cookie.samesite is None:
        findings.append(
            _finding(
                "cookies.samesite-missing",
                Severity.MEDIUM if session else Severity.LOW,
                "no SameSite attribute (cross-site requests carry it where Lax is not the default)",
                cookie,
            )
        )
    elif samesite not in ("strict", "lax", "none"):
        findings.append(
            _finding("cookies.samesite-invalid", Severity.MEDIUM, f"SameSite={cookie.samesite} is not valid", cookie)
        )
    elif samesite == "none" and not cookie.secure:
        findings.append(
            _finding(
                "cookies.samesite-none-insecure", Severity.HIGH, "SameSite=None without Secure is rejected", cookie
            )
        )
    if cookie.name.startswith("__Host-") and (not cookie.secure or cookie.domain or cookie.path != "/"):
        findings.append(
            _finding("cookies.prefix-invalid", Severity.HIGH, "__Host- needs Secure, Path=/ and no Domain", cookie)
        )
    if cookie.name.startswith("__Secure-") and not cookie.secure:
        findings.append(_finding("cookies.prefix-invalid", Severity.HIGH, "__Secure- needs Secure", cookie))
    if cookie.domain:
        domain = cookie.domain.lstrip(".").lower()
        if domain != host.lower():
            findings.append(
                _finding(
                    "cookies.domain-broad",
                    Severity.MEDIUM if session else Severity.LOW,
                    f"Domain={cookie.domain} shares it with every subdomain of {domain}",
                    cookie,
                )
            )
    return findings


def check_cookies(
    headers: list[str], *, https: bool, host: str, session_names: list[str]
) -> tuple[list[SetCookie], list[Finding]]:
    """Parse every Set-Cookie value and check each; returns the cookies (no values) and the findings."""
    cookies = [parse_set_cookie(h) for h in headers]
    findings: list[Finding] = []
    for cookie in cookies:
        session = is_session_cookie(cookie.name, session_names)
        findings += check_cookie(cookie, session=session, https=https, host=host)
    return cookies, findings
