"""Profile sections the security layer reads: headers, CSP allowlist, cookies, CORS, exposure, auth, webhooks."""

from __future__ import annotations

from pydantic import Field

from postdeploy.profile.smoke import Strict


class AcceptedFinding(Strict):
    """A finding the team accepts, by id and optionally by subject (a directive, a cookie name)."""

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
    min_grade: str | None = None
    accepted: list[AcceptedFinding] = Field(default_factory=list)
    session_cookies: list[str] = Field(default_factory=list)
    private_routes: list[str] = Field(default_factory=list)
    login_path: str = "/auth/login"
    webhook_path: str | None = None
    # Env var holding the webhook signing secret (never the secret itself).
    webhook_secret_env: str = "STRIPE_WEBHOOK_SECRET"
    rate_limit_path: str | None = None
    rate_limit_max_attempts: int = 10
