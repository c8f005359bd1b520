"""Profile sections the security layer reads: headers, CSP allowlist, cookies, CORS, exposure, auth, webhooks,
client bundles, open redirects and the image optimizer."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from postdeploy.profile.smoke import Strict

Grade = Literal["A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-", "F"]


class AcceptedFinding(Strict):
    """A finding the team accepts, by id (glob allowed: `csp.*`) and optionally by subject
    (a directive, a cookie name, a path): `{id = "csp.unsafe-inline", subject = "style-src"}`."""

    id: str
    subject: str | None = None
    reason: str = ""


class SecuritySettings(Strict):
    # Pages and API routes whose headers are checked (not only `/`).
    pages: list[str] = Field(default_factory=lambda: ["/"])
    api_routes: list[str] = Field(default_factory=list)
    hsts_min_age: int = 15552000  # six months, as the Observatory asks
    require_coop: bool = False
    require_coep: bool = False
    require_corp: bool = False
    # The grade is computed on the first page; None reports it without failing.
    min_grade: Grade | None = None
    accepted: list[AcceptedFinding] = Field(default_factory=list)
    # Cookie names that carry a session; empty: guessed from the name (sess, sid, auth, token…).
    session_cookies: list[str] = Field(default_factory=list)
    # Log in with the test account (e2e.username_env/password_env) to inspect the session cookie.
    cookie_login: bool = True
    # The login request of the cookie and rate-limit checks: where it goes (a path on the target, or
    # an absolute URL on an auth origin; None: login_path), as a form post or a JSON body, with
    # these field names.
    login_url: str | None = None
    login_format: Literal["form", "json"] = "form"
    login_email_field: str = "email"
    login_password_field: str = "password"
    # Where a successful login leaves the session: a cookie (named in session_cookies, else guessed
    # from its name), or a token in the JSON answer at session_token_field (a dotted path).
    session_from: Literal["cookie", "json"] = "cookie"
    session_token_field: str = "access_token"
    private_routes: list[str] = Field(default_factory=list)
    # Private routes that answer 404 to strangers on purpose (so their existence does not leak);
    # any other private route answering 404 is a finding: a mistyped route must not pass as guarded.
    hidden_routes: list[str] = Field(default_factory=list)
    login_path: str = "/auth/login"
    webhook_path: str | None = None
    # Env var holding the webhook signing secret (never the secret itself).
    webhook_secret_env: str = "STRIPE_WEBHOOK_SECRET"
    # The login the rate-limit check hammers (a path or an absolute URL), sent as login_format.
    rate_limit_path: str | None = None
    # Failed logins allowed before the endpoint must answer 429 (the test sends at most this + 1).
    rate_limit_max_attempts: int = Field(default=10, ge=1, le=50)
    # Folders probed for directory listings.
    directory_paths: list[str] = Field(default_factory=lambda: ["/static/", "/assets/", "/uploads/"])
    # Methods OPTIONS may advertise without a finding (TRACE/TRACK/CONNECT are always findings).
    allowed_methods: list[str] = Field(default_factory=lambda: ["GET", "HEAD", "POST", "OPTIONS"])
    # Client bundles (secrets, source maps): the pages' scripts, Next.js's build manifest and webpack
    # runtime chunks, plus these paths (a service worker, a widget no page links to).
    script_paths: list[str] = Field(default_factory=list)
    # At most this many scripts per run (a large app has a few hundred chunks), fetched this many at once.
    max_scripts: int = Field(default=400, ge=1, le=5000)
    fetch_concurrency: int = Field(default=8, ge=1, le=32)
    # Open redirects: the login path and these auth callback routes (a 404 skips a route), each sent
    # every redirect parameter below with off-site values.
    auth_callback_paths: list[str] = Field(default_factory=lambda: ["/auth/callback", "/auth/confirm"])
    redirect_params: list[str] = Field(
        default_factory=lambda: ["next", "redirect", "redirect_to", "returnTo", "callbackUrl", "continue"]
    )
    # Hosts a redirect may lead to besides the target's own (its www/apex twin, an auth provider).
    redirect_hosts: list[str] = Field(default_factory=list)
    # Also submit the login form (the e2e test account) with each off-site value, when the login
    # page carries a redirect parameter in a form field: where a login sends the user afterwards.
    redirect_login: bool = True
    # The image optimizer (Next.js's default path); a 404 there means none, and the check skips.
    image_optimizer_path: str = "/_next/image"
    # A remote image the optimizer must refuse: a host outside any sane images.remotePatterns.
    image_probe_url: str = "https://evil.example/postdeploy-probe.png"
