"""Profile sections the security layer reads: headers, CSP allowlist, cookies, CORS, exposure, auth, webhooks."""

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
    login_email_field: str = "email"
    login_password_field: str = "password"
    private_routes: list[str] = Field(default_factory=list)
    # Private routes that answer 404 to strangers on purpose (so their existence does not leak);
    # any other private route answering 404 is a finding: a mistyped route must not pass as guarded.
    hidden_routes: list[str] = Field(default_factory=list)
    login_path: str = "/auth/login"
    webhook_path: str | None = None
    # Env var holding the webhook signing secret (never the secret itself).
    webhook_secret_env: str = "STRIPE_WEBHOOK_SECRET"
    rate_limit_path: str | None = None
    # Failed logins allowed before the endpoint must answer 429 (the test sends at most this + 1).
    rate_limit_max_attempts: int = Field(default=10, ge=1, le=50)
    # Folders probed for directory listings.
    directory_paths: list[str] = Field(default_factory=lambda: ["/static/", "/assets/", "/uploads/"])
    # Methods OPTIONS may advertise without a finding (TRACE/TRACK/CONNECT are always findings).
    allowed_methods: list[str] = Field(default_factory=lambda: ["GET", "HEAD", "POST", "OPTIONS"])
