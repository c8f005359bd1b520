"""Profile section the e2e layer reads: flow paths, selectors and the names of credential env vars."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator

from postdeploy.profile.selectors import DEFAULT_SELECTORS
from postdeploy.profile.smoke import Strict, a_regex

_ATTRIBUTE = re.compile(r"[A-Za-z_][-A-Za-z0-9_.:]*")


class E2ESettings(Strict):
    # Off in the generic profile: flows need to know the site's paths and account; a profile opts in.
    enabled: bool = False
    home_path: str = "/"
    login_path: str = "/login"
    signup_path: str = "/signup"
    dashboard_path: str = "/dashboard"
    browse_path: str = "/search"
    # Names of env vars with the test account's credentials; the values never live in the profile.
    username_env: str = "POSTDEPLOY_TEST_EMAIL"
    password_env: str = "POSTDEPLOY_TEST_PASSWORD"
    # Sign-up uses a fresh unique address from this template; `{token}` is replaced per run.
    signup_email: str = "postdeploy+{token}@example.com"
    # Sign-up that ends at a "check your email" page instead of a signed-in page (Supabase Auth's
    # default): the flow checks that page (signup_confirmation selector) and says it cannot open the
    # emailed link (no inbox of a real site is readable from here).
    signup_confirmation: bool = False
    # Where that page is (empty: wherever the form leads; only the text is checked).
    signup_confirmation_path: str = ""
    # HTTP statuses a refused login may answer with (a JSON sign-in API's 401): not page-health problems.
    login_refused_status: list[int] = Field(default_factory=lambda: [400, 401, 403, 422])
    # Servers that keep sessions revoke the cookie at logout; stateless JWT cookies may not.
    logout_revokes_session: bool = True
    # A term that matches some listings but not all (search must narrow; empty: the search check is
    # skipped, there is no term that narrows every site's listings), and one that matches none.
    search_term: str = ""
    no_match_term: str = "zz-no-such-listing-zz"
    # "url": the search form is submitted (search_submit) and the URL changes; "in_place": typing
    # updates the results where they are (client-side search), with no navigation.
    search_mode: Literal["url", "in_place"] = "url"
    # A category that filters the listings (empty: the first choice offered). The filter
    # (category_select) is detected: a <select> gets the option; otherwise it is a group of buttons
    # or links, and the one whose text is the category is pressed. It applies like the search.
    category: str = ""
    # Bookings: the booking page's URL, a regular expression whose first group (or group `id`) is the id.
    booking_url_pattern: str = r"/(?:bookings?|reservations?|orders?)/([^/?#]+)"
    # The page that lists the account's bookings (empty: dashboard_path).
    bookings_path: str = ""
    # The row attribute that carries the booking's id (empty: the row whose text shows the id).
    booking_id_attribute: str = ""
    # Status words as the site shows them (compared lower-case, whitespace collapsed).
    status_pending: list[str] = Field(default_factory=lambda: ["pending"])
    status_confirmed: list[str] = Field(default_factory=lambda: ["confirmed", "paid"])
    status_cancelled: list[str] = Field(default_factory=lambda: ["cancelled", "canceled"])
    # Override any default selector by name (see postdeploy.profile.selectors.DEFAULT_SELECTORS).
    selectors: dict[str, str] = Field(default_factory=dict)
    # Payments: the checkout flows run only when the profile says the site has a test-mode checkout.
    checkout: bool = False
    # Where a paid checkout returns to (the success URL the site gives Stripe).
    checkout_success_path: str = "/checkout/success"
    # How long to poll the dashboard for the webhook-confirmed booking before failing.
    webhook_timeout_s: float = Field(default=15.0, gt=0)
    # What the hosted page says about a declined card and a failed 3-D Secure challenge (regular
    # expressions, case-insensitive; Stripe's wording by default).
    decline_text: str = "declin"
    three_ds_failed_text: str = "authenticat|declin"
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

    @field_validator("booking_url_pattern", "decline_text", "three_ds_failed_text")
    @classmethod
    def _regex(cls, value: str) -> str:
        return a_regex(value)

    @field_validator("booking_url_pattern")
    @classmethod
    def _has_group(cls, value: str) -> str:
        if re.compile(value).groups < 1:
            raise ValueError("needs a group that captures the booking id, e.g. /reservations/([^/?#]+)")
        return value

    @field_validator("booking_id_attribute")
    @classmethod
    def _attribute_name(cls, value: str) -> str:
        if value and not _ATTRIBUTE.fullmatch(value):
            raise ValueError(f"not an HTML attribute name: {value!r} (e.g. data-order-id)")
        return value

    @property
    def bookings_page(self) -> str:
        return self.bookings_path or self.dashboard_path

    def selector(self, name: str) -> str:
        return self.selectors.get(name) or DEFAULT_SELECTORS[name]
