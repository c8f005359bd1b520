"""Profile section the e2e layer reads: flow paths, selectors and the names of credential env vars."""

from __future__ import annotations

from pydantic import Field

from postdeploy.profile.smoke import Strict


class E2ESettings(Strict):
    enabled: bool = False
    login_path: str = "/auth/login"
    signup_path: str = "/auth/signup"
    logout_path: str = "/auth/logout"
    dashboard_path: str = "/dashboard"
    browse_path: str = "/browse"
    # Names of env vars with the test account's credentials; the values never live in the profile.
    username_env: str = "POSTDEPLOY_TEST_EMAIL"
    password_env: str = "POSTDEPLOY_TEST_PASSWORD"
    search_term: str = "inspection"
    selectors: dict[str, str] = Field(default_factory=dict)
    checkout: bool = False
    timeout_ms: int = 15000
