"""The security headers the demo sends on every response (like the origin documents' next.config.js),
and how each header fault weakens them."""

from __future__ import annotations

from postdeploy.demo.switches import ActiveFaults

REPORT_PATH = "/api/csp-report"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
STRONG_HSTS = "max-age=31536000; includeSubDomains; preload"


def content_security_policy(faults: ActiveFaults, form_targets: str, https: bool) -> str:
    """A strict policy: external scripts only, no plugins, no framing, reports on."""
    script_src = "'self'"
    if faults.on("csp-unsafe-eval"):
        script_src += " 'unsafe-eval'"
    if faults.on("csp-wildcard-script"):
        script_src += " *"
    if faults.on("csp-static-nonce"):  # the same nonce on every response: no protection at all
        script_src += " 'nonce-ZGVtby1zdGF0aWMtbm9uY2U'"
    directives = [
        "default-src 'self'",
        f"script-src {script_src}",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "frame-src 'none'",
        "object-src 'none'",
        "base-uri 'self'",
        f"form-action 'self' {form_targets}".strip(),
    ]
    if not faults.on("xfo-missing"):
        directives.append("frame-ancestors 'none'")
    if https:  # on plain http it would upgrade the checkout redirect to an https port that is not there
        directives.append("upgrade-insecure-requests")
    directives += [f"report-uri {REPORT_PATH}", "report-to csp-endpoint"]
    return "; ".join(directives)


def security_headers(
    faults: ActiveFaults, form_targets: str, https: bool, noindex: bool = False
) -> list[tuple[bytes, bytes]]:
    """The headers added to every response of one origin, computed once at start."""
    headers: dict[str, str] = {}
    if noindex:  # what Vercel adds to every preview deployment
        headers["X-Robots-Tag"] = "noindex"
    if not faults.on("no-hsts"):
        headers["Strict-Transport-Security"] = "max-age=300" if faults.on("weak-hsts") else STRONG_HSTS
    if not faults.on("csp-missing"):
        name = "Content-Security-Policy-Report-Only" if faults.on("csp-report-only") else "Content-Security-Policy"
        headers[name] = content_security_policy(faults, form_targets, https)
        headers["Reporting-Endpoints"] = f'csp-endpoint="{REPORT_PATH}"'
    if not faults.on("xfo-missing"):
        headers["X-Frame-Options"] = "DENY"
    if not faults.on("nosniff-missing"):
        headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "unsafe-url" if faults.on("referrer-unsafe") else "strict-origin-when-cross-origin"
    if not faults.on("permissions-policy-missing"):
        headers["Permissions-Policy"] = PERMISSIONS_POLICY
    if not faults.on("coop-missing"):
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if faults.on("powered-by-leak"):
        headers["X-Powered-By"] = "Next.js 14.1.0"
    return [(name.lower().encode(), value.encode()) for name, value in headers.items()]
