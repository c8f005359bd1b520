"""Profile section the e2e layer reads: flow paths, selectors and the names of credential env vars."""

from __future__ import annotations

from pydantic import Field, field_validator

from postdeploy.profile.selectors import DEFAULT_SELECTORS
from postdeploy.profile.smoke import Strict


class E2ESettings(Strict):
    # Off in the generic profile: flows need to know the site's paths and account; a profile opts in.
    enabled: bool = False
    home_path: str = "/"
    login_path: str = "/auth/login"
    signup_path: str = "/auth/signup"
    dashboard_path: str = "/dashboard"
    browse_path: str = "/browse"
    # Names of env vars with the test account's credentials; the values never live in the profile.
    username_env: str = "POSTDEPLOY_TEST_EMAIL"
    password_env: str = "POSTDEPLOY_TEST_PASSWORD"
    # Sign-up uses a fresh unique address from this template; `{token}` is replaced per run.
    signup_email: str = "postdeploy+{token}@example.com"
    # A term that matches some listings but not all (search must narrow), and one that matches none.
    # Servers that keep sessions (the demo) revoke the cookie at logout; stateless JWT cookies may not.
    logout_revokes_session: bool = True
    search_term: str = "inspection"
    no_match_term: str = "zz-no-such-listing-zz"
    # A category value that filters the listings (empty: the first non-empty option of the select).
    category: str = ""
    # Override any default selector by name (see postdeploy.profile.selectors.DEFAULT_SELECTORS).
    selectors: dict[str, str] = Field(default_factory=dict)
    # Payments: the checkout flows run only when the profile says the site has a test-mode checkout.
    checkout: bool = False
    # Where a paid checkout returns to (the success URL the site gives Stripe).
    checkout_success_path: str = "/checkout/success"
    # How long to poll the dashboard for the webhook-confirmed booking before failing.
    webhook_timeout_s: float = Field(default=15.0, gt=0)
    # How long a declined payment is watched for a wrong late confirmation.
    decline_grace_s: float = Field(default=1.0, ge=0)
    # Log in once through the UI per worker and reuse the stored session; False logs in per flow.
    reuse_login: bool = True
    # Console messages matching any of these regular expressions are not page-health problems.
    ignore_console: list[str] = Field(default_factory=list)
    # Trace every flow (kept and attached only when it fails); off saves a little time per flow.
    record_trace: bool = True
    timeout_ms: int = Field(default=15000, gt=0)

    @field_validator("selectors")
    @classmethod
    def _known_selectors(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(DEFAULT_SELECTORS))
        if unknown:
            raise ValueError(f"unknown selector name {unknown[0]!r} (known: {', '.join(sorted(DEFAULT_SELECTORS))})")
        return value

    def selector(self, name: str) -> str:
        return self.selectors.get(name) or DEFAULT_SELECTORS[name]
