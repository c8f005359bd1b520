"""Named selectors for the flows, with role/label/test-id defaults a profile can override by name.

A selector is a Playwright selector, plus three short forms: `label=Email` (get_by_label, exact),
`testid=price` (get_by_test_id) and `placeholder=Search` (get_by_placeholder, exact).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Frame as PwFrame
    from playwright.sync_api import FrameLocator, Locator, Page

DEFAULT_SELECTORS: dict[str, str] = {
    # auth
    "login_email": "label=Email",
    "login_password": "label=Password",
    "login_submit": 'role=button[name="Log in"s]',
    "login_error": "[role=alert]",
    "signup_name": "label=Name",
    "signup_email": "label=Email",
    "signup_password": "label=Password",
    "signup_submit": 'role=button[name="Sign up"s]',
    "logout": 'role=button[name="Log out"s]',
    "dashboard_heading": 'role=heading[name="Dashboard"s]',
    # browse
    "home_heading": "h1",
    "browse_link": 'role=link[name="Browse services"s]',
    "search_input": "label=Search",
    "search_submit": 'role=button[name="Search"s]',
    "category_select": "label=Category",
    "listing_card": "testid=listing-card",
    "empty_state": "testid=empty-state",
    "listing_title": "h1",
    "listing_price": "testid=price",
    "listing_provider": "testid=provider",
    # booking
    "booking_date": "label=Date",
    "booking_time": "label=Time",
    "book_submit": 'role=button[name="Book now"s]',
    "booking_status": "testid=booking-status",
    "pay_now": 'role=button[name="Pay now"s]',
    "booking_row": "testid=booking-row",
    "cancel_booking": 'role=button[name="Cancel"s]',
    # hosted checkout: Stripe's own element ids, so the same flow drives Stripe in test mode
    "checkout_email": "#email",
    "checkout_card_number": "#cardNumber",
    "checkout_card_expiry": "#cardExpiry",
    "checkout_card_cvc": "#cardCvc",
    "checkout_billing_name": "#billingName",
    "checkout_submit": "[data-testid=hosted-payment-submit-button]",
    "checkout_error": "[role=alert]",
    "three_ds_complete": "#test-source-authorize-3ds",
    "three_ds_fail": "#test-source-fail-3ds",
}

_SHORT_FORMS = ("label=", "testid=", "placeholder=")


def split_short_form(selector: str) -> tuple[str, str]:
    """`label=Email` → ("label", "Email"); anything else → ("", selector) for page.locator()."""
    for prefix in _SHORT_FORMS:
        if selector.startswith(prefix):
            value = selector[len(prefix) :].strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            return prefix[:-1], value
    return "", selector


def locate(scope: Page | PwFrame | FrameLocator | Locator, selector: str) -> Locator:
    """The locator for a selector in the given page, frame or element."""
    kind, value = split_short_form(selector)
    if kind == "label":
        return scope.get_by_label(value, exact=True)
    if kind == "testid":
        return scope.get_by_test_id(value)
    if kind == "placeholder":
        return scope.get_by_placeholder(value, exact=True)
    return scope.locator(value)
